"""The app's `index.html`, read from the build, and the brand's theme written into its head.

A brand host's first paint is already branded: the brand endpoint's body as JSON in
`<script id="brand" type="application/json">`, its colours and font as CSS custom properties
(`--brand-primary` …) in `<style id="brand-theme">`, and its name, icon and language in
`<title>`, `<link rel="icon">` and `<html lang>`. The contract is docs/frontend-contract.md.
"""

import hashlib
import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from tenants.theme import FONT_FAMILIES, readable_text_on

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_TITLE = re.compile(r"<title>.*?</title>", re.S | re.I)
_ICON = re.compile(r"""<link\b[^>]*\brel=["']?(?:shortcut )?icon["']?[^>]*>\s*""", re.I)
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.I)
_LANG = re.compile(r"""\slang=(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)


@dataclass(frozen=True)
class Page:
    body: bytes
    etag: str


def _page(body: bytes) -> Page:
    return Page(body, '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"')


def index_path() -> Path:
    return Path(settings.FRONTEND_DIST) / "index.html"


@lru_cache(maxsize=4)
def _read(path: Path, mtime_ns: int) -> str:
    return path.read_text(encoding="utf-8")


def built_index() -> str | None:
    """The build's index.html (re-read when a new build replaces it), or None before any build."""
    path = index_path()
    try:
        return _read(path, path.stat().st_mtime_ns)
    except FileNotFoundError:
        return None


@lru_cache(maxsize=1)
def plain_page(index: str) -> Page:
    return _page(index.encode())


def _css(colors: dict, font: str) -> str:
    """The theme as custom properties. Colours are checked again here (they go into a style
    element); `--brand-on-*` is black or white, whichever is more readable on that colour."""
    values = {}
    for name in ("primary", "accent", "background", "text"):
        color = colors.get(name, "")
        if _HEX.match(color):
            values[f"--brand-{name}"] = color
            if name in ("primary", "accent"):
                values[f"--brand-on-{name}"] = readable_text_on(color)
    values["--brand-font"] = FONT_FAMILIES.get(font, FONT_FAMILIES["system"])
    return ":root{" + ";".join(f"{key}:{value}" for key, value in values.items()) + "}"


def _json_for_script(data: dict) -> str:
    # Inside <script>, "</script>" or "<!--" in an owner's text would end the element early.
    return json.dumps(data, separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _with_lang(tag: str, locale: str) -> str:
    lang = f' lang="{html.escape(locale)}"'
    return _LANG.sub(lambda _: lang, tag, count=1) if _LANG.search(tag) else tag[:5] + lang + tag[5:]


@lru_cache(maxsize=512)
def _branded(index: str, brand_json: str) -> Page:
    brand = json.loads(brand_json)
    head = (f'<script id="brand" type="application/json">{_json_for_script(brand)}</script>'
            f'<style id="brand-theme">{_css(brand["colors"], brand["font"])}</style>'
            f'<meta name="theme-color" content="{html.escape(brand["colors"].get("primary", ""))}">')
    if brand.get("logo_url"):
        head += f'<link rel="icon" href="{html.escape(brand["logo_url"])}">'
        index = _ICON.sub("", index)
    title = f"<title>{html.escape(brand['name'])}</title>"
    index = _TITLE.sub(lambda _: title, index, count=1) if _TITLE.search(index) else index.replace("</head>", title + "</head>", 1)
    if brand.get("locale"):
        index = _HTML_TAG.sub(lambda tag: _with_lang(tag.group(0), brand["locale"]), index, count=1)
    return _page(index.replace("</head>", head + "</head>", 1).encode())


def branded_page(index: str, brand: dict) -> Page:
    """index.html with `brand` (the brand endpoint's body) in its head. Kept per distinct body:
    a theme change, a status change or another host makes a new one; the same brand is
    rendered once."""
    return _branded(index, json.dumps(brand, sort_keys=True))
