"""gunicorn's answer to a request it cannot parse (400, 414, 431, ...) in the API's JSON error
format instead of its HTML page. Installed by config/wsgi.py in every gunicorn worker.

gunicorn writes those answers itself, before Django sees the request, through one function,
`gunicorn.util.write_error`; it has no setting for the body, so that function is replaced.
"""

import json

from gunicorn import util

CODES = {400: "bad_request", 403: "forbidden", 414: "uri_too_long", 431: "headers_too_large"}


def write_json_error(sock, status_int, reason, mesg):
    body = json.dumps({"type": "client_error" if status_int < 500 else "server_error",
                       "code": CODES.get(status_int, "bad_request" if status_int < 500 else "server_error"),
                       "detail": reason, "fields": {}}).encode()
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode("latin-1")
    util.write_nonblock(sock, head + body)


def install() -> None:
    util.write_error = write_json_error
