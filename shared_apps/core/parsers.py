"""The one JSON parser of the API: it refuses, as a 400, what no field of ours can hold.

Python's `json` accepts what PostgreSQL and our arithmetic cannot: NUL characters (PostgreSQL
text refuses them), lone surrogates (not encodable as UTF-8), integers of any size (a bigint
holds 64 bits), and nesting so deep that the decoder's recursion overflows. Each would otherwise
surface as a 500 from whichever field met it first; refusing it here covers every field, the
JSON columns' insides included. Body size is capped before parsing (core.middleware).
"""

import codecs
import json

from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils.json import strict_constant

MAX_DEPTH = 32
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _parse_int(text: str) -> int:
    if len(text) > 20:  # int() of a huge numeral is itself slow (CPython caps it at 4,300 digits)
        raise ValueError("integer out of range")
    value = int(text)
    if not INT64_MIN <= value <= INT64_MAX:
        raise ValueError("integer out of range (64 bits)")
    return value


def _bad_text(text: str) -> str | None:
    if "\x00" in text:
        return "a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "a lone surrogate"
    return None


def check_json_value(data) -> None:
    """Raise ParseError for nesting deeper than MAX_DEPTH or a string no text column can hold."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list) and depth > MAX_DEPTH:
            raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels.")
        if isinstance(value, dict):
            for key, inner in value.items():
                stack.append((key, depth))
                stack.append((inner, depth + 1))
        elif isinstance(value, list):
            stack.extend((inner, depth + 1) for inner in value)
        elif isinstance(value, str) and (problem := _bad_text(value)):
            raise ParseError(f"JSON strings may not contain {problem}.")


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:  # NaN and Infinity are refused (DRF's strict_constant), as STRICT_JSON does
            data = json.load(codecs.getreader(encoding)(stream), parse_int=_parse_int, parse_constant=strict_constant)
        except RecursionError:
            raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels.") from None
        except ValueError as exc:  # UnicodeDecodeError included
            raise ParseError(f"JSON parse error - {exc}") from None
        check_json_value(data)
        return data
