"""Uploaded images, re-encoded: what is stored is pixels Pillow drew, never the client's bytes.

A file that is a valid PNG and also valid HTML (a polyglot), or that carries script or a
location in its metadata, loses all of that: only the decoded pixels are written back, in the
format the content (not the name or Content-Type) says it is.
"""

import io

from django.core.files.base import ContentFile
from PIL import Image

MAX_SIDE = 4096


class NotAnImage(ValueError):
    """The upload is refused; the message says why, for the person who uploaded it."""


def reencoded(upload, *, formats: dict[str, str], max_bytes: int, name: str, max_side: int = MAX_SIDE) -> ContentFile:
    """A new file `name`.<ext> holding `upload`'s pixels, or NotAnImage.

    `formats` maps the Pillow formats accepted to their file extensions.
    """
    if upload.size > max_bytes:
        raise NotAnImage(f"At most {max_bytes // 1024} KB.")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            if image_format not in formats:
                raise NotAnImage(f"Only {', '.join(sorted(formats))} images.")
            if max(image.size) > max_side:  # checked before decoding: a small file can hold a huge canvas
                raise NotAnImage(f"At most {max_side} pixels on a side.")
            image.load()
            pixels = image.copy()  # first frame only, without metadata (EXIF, text chunks)
    except NotAnImage:
        raise
    except Exception:  # Pillow raises many types for hostile or broken files; all mean "not an image"
        raise NotAnImage("This file is not a readable image.") from None
    if image_format == "JPEG" and pixels.mode not in ("RGB", "L"):
        pixels = pixels.convert("RGB")
    out = io.BytesIO()
    pixels.save(out, format=image_format)
    return ContentFile(out.getvalue(), name=f"{name}.{formats[image_format]}")
