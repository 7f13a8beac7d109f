"""Draw the demo brands' logos (shared_apps/demo/logos/*.png) with Pillow.

Run once when a drawing changes: `.venv/bin/python scripts/make_demo_logos.py`. The PNGs are
committed; seed_demo uploads them through the branding service like an owner would.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "shared_apps" / "demo" / "logos"
SIZE, SCALE = 256, 4  # drawn 4x larger, then downsampled: smooth edges without an anti-aliasing API


def canvas(background: str):
    image = Image.new("RGBA", (SIZE * SCALE, SIZE * SCALE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, SIZE * SCALE - 1, SIZE * SCALE - 1), radius=56 * SCALE, fill=background)
    return image, draw


def box(*xy):
    return tuple(v * SCALE for v in xy)


def burger():
    image, draw = canvas("#c92a2a")
    draw.chord(box(48, 52, 208, 172), 180, 360, fill="#f59f00")  # top bun
    for x, y in ((96, 84), (128, 74), (160, 86), (112, 100), (146, 102)):
        draw.ellipse(box(x - 5, y - 3, x + 5, y + 3), fill="#fff8e7")  # sesame
    draw.rounded_rectangle(box(52, 120, 204, 134), radius=6 * SCALE, fill="#69db7c")  # lettuce
    draw.rounded_rectangle(box(48, 136, 208, 162), radius=12 * SCALE, fill="#5c3317")  # patty
    draw.rounded_rectangle(box(52, 166, 204, 196), radius=14 * SCALE, fill="#f59f00")  # bottom bun
    return image


def sushi():
    image, draw = canvas("#1b3a4b")
    draw.ellipse(box(48, 48, 208, 208), fill="#212529")  # nori
    draw.ellipse(box(60, 60, 196, 196), fill="#f8f9fa")  # rice
    draw.ellipse(box(98, 98, 158, 158), fill="#e03131")  # tuna
    draw.ellipse(box(114, 112, 132, 130), fill="#ff8787")
    return image


def pizza():
    image, draw = canvas("#2b8a3e")
    draw.polygon([box(128, 212)[:2], box(52, 64)[:2], box(204, 64)[:2]], fill="#ffd43b")  # cheese
    draw.rounded_rectangle(box(46, 48, 210, 72), radius=12 * SCALE, fill="#e8590c")  # crust
    for x, y in ((104, 100), (150, 96), (128, 142), (118, 178)):
        draw.ellipse(box(x - 12, y - 12, x + 12, y + 12), fill="#c92a2a")  # pepperoni
    return image


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in {"burger": burger, "sushi": sushi, "pizza": pizza}.items():
        draw().resize((SIZE, SIZE), Image.LANCZOS).save(OUT / f"{name}.png", optimize=True)
        print(OUT / f"{name}.png", (OUT / f"{name}.png").stat().st_size, "bytes")
