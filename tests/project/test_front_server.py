"""Debian's nginx with deploy/nginx/geoconsult.conf in front of the app (a live server)."""

import json
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.support import factories

pytestmark = pytest.mark.django_db(transaction=True)

SITE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "geoconsult.conf"
NGINX_PORT = int(os.environ.get("TEST_NGINX_PORT", "8145"))
FRONT = f"http://127.0.0.1:{NGINX_PORT}"


@pytest.fixture(scope="module")
def static_root():
    """STATIC_ROOT as `make test`'s bootstrap collects it: hashed names, precompressed copies."""
    root = Path(settings.STATIC_ROOT)
    assert (root / "staticfiles.json").exists(), "run `manage.py collectstatic` first"
    return root


@pytest.fixture
def nginx(live_server, static_root, tmp_path):
    """nginx serving the deploy/ site, its upstream the live server, its static files ours."""
    upstream = live_server.url.removeprefix("http://")
    site = SITE.read_text()
    for deployed, here in [
        ("server 127.0.0.1:8000;", f"server {upstream};"),
        ("listen 80;", f"listen 127.0.0.1:{NGINX_PORT};"),
        ("alias /srv/geoconsult/staticfiles/;", f"alias {static_root}/;"),
    ]:
        assert deployed in site, f"deploy/nginx/geoconsult.conf no longer has {deployed!r}"
        site = site.replace(deployed, here)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"""
        {"user root;" if os.geteuid() == 0 else ""}
        worker_processes 1;
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/error.log;
        events {{ worker_connections 64; }}
        http {{
            include /etc/nginx/mime.types;
            access_log {tmp_path}/access.log;
            client_body_temp_path {tmp_path}/body;
            proxy_temp_path {tmp_path}/proxy;
            fastcgi_temp_path {tmp_path}/fastcgi;
            uwsgi_temp_path {tmp_path}/uwsgi;
            scgi_temp_path {tmp_path}/scgi;
            include {tmp_path}/site.conf;
        }}
        """
    )
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    process = subprocess.Popen(
        [binary, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"]
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{FRONT}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    yield FRONT
    process.terminate()
    process.wait(timeout=10)


def fetch(url, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_static_files_are_served_by_nginx_hashed_compressed_and_cached(nginx, static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert re.search(r"\.[0-9a-f]{12}\.css$", hashed)

    status, headers, body = fetch(f"{nginx}/static/{hashed}", headers={"Accept-Encoding": "gzip"})

    assert status == 200
    assert headers["Server"].startswith("nginx")
    assert headers["Content-Type"] == "text/css"
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert body == (static_root / f"{hashed}.gz").read_bytes()


def test_pages_come_from_the_app_with_nginxs_request_id_and_the_apps_headers(nginx):
    factories.CampaignFactory(title="Berges de Seine")

    status, headers, body = fetch(f"{nginx}/", headers={"Accept-Language": "en"})

    assert status == 200
    assert "Berges de Seine" in body.decode()
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_bodies_above_the_limit_are_refused_by_nginx_except_imports(nginx):
    three_megabytes = b"x" * (3 * 2**20)

    status, _, body = fetch(
        f"{nginx}/api/annotations/",
        data=three_megabytes,
        headers={"Content-Type": "application/json"},
    )
    assert status == 413
    assert b"nginx" in body

    # Under /admin/ (GIS imports) the same body reaches the app, which answers itself.
    status, headers, _ = fetch(f"{nginx}/admin/login/", data=three_megabytes, method="POST")
    assert status == 403  # Django's CSRF check, not nginx
    assert "X-Request-ID" in headers


def test_a_streamed_export_arrives_whole_through_nginx(nginx):
    layer = factories.ContributionLayerFactory(campaign__slug="riverside")
    for i in range(300):
        factories.AnnotationFactory(layer=layer, title=f"Idea {i}")

    status, headers, body = fetch(f"{nginx}/exports/contributions?campaign=riverside")

    assert status == 200
    assert headers["Transfer-Encoding"] == "chunked"
    assert "Content-Length" not in headers
    titles = [f["properties"]["title"] for f in json.loads(body)["features"]]
    assert titles == [f"Idea {i}" for i in range(300)]
