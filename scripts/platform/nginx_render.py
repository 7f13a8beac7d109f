#!/usr/bin/env python3
"""Render platform/nginx/templates the way the nginx image does, for Debian's nginx.

The nginx image runs envsubst on /etc/nginx/templates/*.template at start, replacing only the
variables that are defined in the environment (so Nginx's own $host etc. survive). This does
the same, writes the files to OUT/conf.d, and adds OUT/nginx.conf: a top-level file with a pid,
temp paths and logs inside OUT, so an unprivileged Nginx can run from there:

    nginx_render.py OUT --mode tls NAME=VALUE ...      then   nginx -t -p OUT -c OUT/nginx.conf
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "platform" / "nginx" / "templates"

DEFAULTS = {
    "NGINX_MODE": "tls",
    "NGINX_HTTP_PORT": "127.0.0.1:18080",
    "NGINX_HTTPS_PORT": "127.0.0.1:18443",
    "NGINX_STATUS_PORT": "127.0.0.1:18081",
    "WEB_UPSTREAM": "127.0.0.1:8000",
    "WS_UPSTREAM": "127.0.0.1:8001",
    "BASE_DOMAIN": "brigade.example",
    "NGINX_TRUSTED_PROXIES": "127.0.0.1",
}

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def envsubst(text: str, env: dict[str, str]) -> str:
    """Replace $NAME / ${NAME} for the names in env only, like `envsubst "$defined_envs"`."""

    def repl(m: re.Match) -> str:
        name = m.group(1) or m.group(2)
        return env[name] if name in env else m.group(0)

    return _VAR.sub(repl, text)


def render(out: Path, variables: dict[str, str]) -> Path:
    """Render every template into out/conf.d and write out/nginx.conf; return its path."""
    out = out.resolve()
    conf_d = out / "conf.d"
    for sub in ("conf.d", "logs", "tmp", "html", "static"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    env = {
        **DEFAULTS,
        "NGINX_CONF_DIR": str(conf_d),
        "NGINX_ROOT": str(out / "html"),
        "NGINX_STATIC_ROOT": str(out / "static"),
        "TLS_CERTIFICATE": str(out / "tls.crt"),
        "TLS_CERTIFICATE_KEY": str(out / "tls.key"),
        **variables,
    }
    for template in sorted(TEMPLATES.glob("*.template")):
        (conf_d / template.name.removesuffix(".template")).write_text(envsubst(template.read_text(), env))
    tmp = out / "tmp"
    main = out / "nginx.conf"
    # Started as root (CI), Nginx would drop its workers to `nobody`, who cannot read a private
    # temporary directory; keep them as the invoking user, as an unprivileged start does anyway.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main.write_text(
        f"""# Written by scripts/platform/nginx_render.py: the image's /etc/nginx/nginx.conf, unprivileged.
{user}worker_processes 1;
pid {out}/nginx.pid;
error_log {out}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {tmp}/client;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {conf_d}/*.conf;
}}
"""
    )
    return main


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--mode", choices=["tls", "plain"], default="tls")
    parser.add_argument("vars", nargs="*", metavar="NAME=VALUE")
    args = parser.parse_args()
    variables = dict(v.split("=", 1) for v in args.vars)
    variables["NGINX_MODE"] = args.mode
    print(render(args.out, variables))


if __name__ == "__main__":
    main()
