"""Bodies and URLs the API refuses cleanly, whichever endpoint they are sent to (shared_apps/core/parsers.py,
middleware.py): a 4xx in the one error format, never a 500."""


import pytest

QUOTE = "/api/v1/orders/quote/"


def post_raw(client, path: str, body: bytes | str):
    return client.generic("POST", path, body, content_type="application/json")


def assert_refused(response, status=400, code="parse_error"):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == code


def test_json_nested_10000_deep_is_400(client_a):
    assert_refused(post_raw(client_a, QUOTE, "[" * 10_000 + "]" * 10_000))
    assert_refused(post_raw(client_a, QUOTE, '{"a":' * 10_000 + "1" + "}" * 10_000))


def nested_lists(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_json_nested_deeper_than_32_is_400_but_32_is_parsed(client_a):
    assert_refused(post_raw(client_a, QUOTE, f'{{"deep": {nested_lists(32)}}}'))
    response = post_raw(client_a, QUOTE, f'{{"deep": {nested_lists(31)}}}')
    assert response.status_code == 400 and response.json()["code"] == "invalid_input"  # parsed, then validated


def test_a_10_mb_body_is_413_before_it_is_read(client_a):
    assert_refused(post_raw(client_a, QUOTE, b" " * (10 * 1024 * 1024)), status=413, code="request_too_large")


@pytest.mark.parametrize("text", ['"\\u0000"', '"a\\u0000b"', '"\\ud800"', '"\\udfff x"'])
def test_nul_characters_and_lone_surrogates_in_any_json_string_are_400(client_a, text):
    assert_refused(post_raw(client_a, QUOTE, f'{{"location": {text}}}'))
    assert_refused(post_raw(client_a, QUOTE, f'{{"deep": [{{"note": {text}}}]}}'))
    assert_refused(post_raw(client_a, QUOTE, f'{{{text}: 1}}'))


@pytest.mark.parametrize("number", ["9223372036854775808", "-9223372036854775809", "1" + "0" * 5000])
def test_integers_past_64_bits_are_400(client_a, number):
    assert_refused(post_raw(client_a, QUOTE, f'{{"tip": {{"cents": {number}}}}}'))


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(client_a, constant):
    assert_refused(post_raw(client_a, QUOTE, f'{{"tip": {{"cents": {constant}}}}}'))


def test_invalid_utf8_is_400(client_a):
    assert_refused(post_raw(client_a, QUOTE, b'{"location": "\xff\xfe"}'))


@pytest.mark.parametrize("query", ["?date=%00", "?status=placed%00", "?x=%00"])
def test_a_nul_in_the_query_string_is_400(client_a, query):
    assert_refused(client_a.get(f"/api/v1/locations/{'0' * 8}-0000-0000-0000-{'0' * 12}/slots/{query}"),
                   code="invalid_characters")
