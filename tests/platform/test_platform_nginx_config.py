"""`nginx -t` (Debian's Nginx) on the rendered configuration, in both modes."""

import nginx_render  # scripts/platform, put on sys.path by conftest.py
import pytest
from brigade_platform import ROOT, run


@pytest.mark.parametrize("mode", ["tls", "plain"])
def test_rendered_nginx_config_passes_nginx_t(tool, tmp_path, self_signed_cert, mode):
    conf = nginx_render.render(tmp_path, {"NGINX_MODE": mode})
    cert, key = self_signed_cert
    (tmp_path / "tls.crt").write_bytes(cert.read_bytes())
    (tmp_path / "tls.key").write_bytes(key.read_bytes())
    proc = run([tool("nginx"), "-t", "-p", str(tmp_path), "-c", str(conf)])
    assert "test is successful" in proc.stderr


def test_every_template_variable_has_a_default_in_the_nginx_image():
    import re

    used = set()
    for template in (ROOT / "platform" / "nginx" / "templates").glob("*.template"):
        used |= set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)\}", template.read_text()))
    nginx_stage = (ROOT / "platform" / "docker" / "Dockerfile").read_text().split("AS nginx", 1)[1]
    missing = {name for name in used if f"{name}=" not in nginx_stage}
    assert missing == set()


def test_nginx_sends_djangos_csp_on_every_location_the_api_included():
    import re

    from config.settings import base

    templates = ROOT / "platform" / "nginx" / "templates"
    conf = (templates / "brigade.conf.template").read_text()
    policies = dict(re.findall(r'^\s+(default|~\^/api/\(docs\|redoc\)/)\s+"([^"]+)";', conf, re.M))
    assert policies == {"default": base.CONTENT_SECURITY_POLICY, "~^/api/(docs|redoc)/": base.CONTENT_SECURITY_POLICY_DOCS}
    assert "add_header Content-Security-Policy $brigade_csp always;" in (templates / "brigade-headers.inc.template").read_text()
    # Every location that answers (proxied or not) includes the headers; Django's copy is hidden behind Nginx.
    locations = (templates / "brigade-locations.inc.template").read_text().split("\nlocation ")[1:]
    without = [block.split("{", 1)[0].strip() for block in locations
               if "brigade-headers.inc" not in block and block.split("{", 1)[0].strip() not in ("= /healthz", "= /readyz", "/ws/")]
    assert without == []
    assert "proxy_hide_header Content-Security-Policy;" in (templates / "brigade-proxy.inc.template").read_text()
