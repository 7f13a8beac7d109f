"""What a brand's theme means to a browser: the CSS family of each font choice, and readable text
on a brand colour. The front end computes the same (frontend/src, tested by Vitest); the server
writes them into index.html so the first paint is already right (shared_apps/spa)."""

# Theme.Font value → CSS font-family. Each named family is shipped by the front end from its
# @fontsource package (@fontsource/<value>); "system" ships none.
FONT_FAMILIES = {
    "system": 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    "inter": '"Inter", system-ui, sans-serif',
    "roboto": '"Roboto", system-ui, sans-serif',
    "lato": '"Lato", system-ui, sans-serif',
    "montserrat": '"Montserrat", system-ui, sans-serif',
    "poppins": '"Poppins", system-ui, sans-serif',
    "merriweather": '"Merriweather", Georgia, serif',
    "playfair-display": '"Playfair Display", Georgia, serif',
}


def _luminance(hex_color: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""
    channels = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_text_on(background: str) -> str:
    """#000000 or #ffffff, whichever contrasts more with `background` (one of them always reaches
    4.5:1, WCAG AA for body text)."""
    return "#000000" if contrast_ratio(background, "#000000") >= contrast_ratio(background, "#ffffff") else "#ffffff"
