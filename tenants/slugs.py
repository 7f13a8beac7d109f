"""What a brand's slug may be: it becomes `<slug>.<BASE_DOMAIN>`, so it must be a safe DNS label."""

import re

from .errors import InvalidSlug

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$")

RESERVED_SLUGS = frozenset(
    {
        "admin", "api", "app", "assets", "auth", "billing", "blog", "cdn", "dashboard", "dev",
        "docs", "help", "mail", "media", "metrics", "platform", "public", "root", "smtp", "staging",
        "static", "status", "support", "template", "test", "www", "ws",
    }
)


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot name a brand, or None when it can."""
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
        return "Use 3 to 40 lower-case letters, digits or hyphens, starting and ending with a letter or digit."
    if "--" in slug:
        return "Use single hyphens only."
    if slug in RESERVED_SLUGS:
        return "This address is reserved."
    return None


def validate_slug(slug: str) -> None:
    problem = slug_problem(slug)
    if problem:
        raise InvalidSlug(problem, fields={"slug": [problem]})
