"""Behind the reverse proxy: the client's address from X-Forwarded-For
(core.http.client_ip), and deploy/Caddyfile run by a real Caddy (Debian's
package) in front of the live test server, on loopback ports: TLS from its internal CA,
the redirect to HTTPS, HSTS, the body limit, compression and the forwarded headers."""

import gzip
import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import request_started
from django.test import RequestFactory

from core.http import client_ip

ROOT = Path(__file__).resolve().parents[2]
CADDY = shutil.which("caddy")


# ------------------------------------------------------------------------------
# X-Forwarded-For
# ------------------------------------------------------------------------------
def remote_addr(settings, count, forwarded=None):
    settings.TRUSTED_PROXY_COUNT = count
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR="172.18.0.5", **headers)
    return client_ip(request)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        # No proxy trusted (development, tests): the header is ignored.
        (0, "203.0.113.7", "172.18.0.5"),
        # One proxy (Caddy): the address it saw, not what the client wrote before it.
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.1, 203.0.113.7", "203.0.113.7"),
        (1, "2001:db8::1", "2001:db8::1"),
        # Two proxies: the address the outer one saw.
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        # A header shorter than the chain: the leftmost entry, written by a proxy of ours.
        (2, "203.0.113.7", "203.0.113.7"),
        # Missing or not an address: the connection's.
        (1, None, "172.18.0.5"),
        (1, "not-an-address", "172.18.0.5"),
    ],
)
def test_client_address_comes_from_the_trusted_end_of_x_forwarded_for(
    settings, count, forwarded, expected
):
    assert remote_addr(settings, count, forwarded) == expected


# ------------------------------------------------------------------------------
# Caddy in front of the live server
# ------------------------------------------------------------------------------
def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Proxy:
    def __init__(self, http_port, https_port, ca_file):
        self.http_port, self.https_port = http_port, https_port
        self.tls = ssl.create_default_context(cafile=str(ca_file))

    def https(self, method, path, body=None, headers=None):
        """A request over verified TLS (SNI localhost); the response, its body read."""
        conn = http.client.HTTPSConnection(
            "localhost", self.https_port, context=self.tls, timeout=30
        )
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        response.body = response.read()
        conn.close()
        return response


@pytest.fixture(scope="module")
def proxy(live_server, tmp_path_factory):
    """deploy/Caddyfile as it is, bound to loopback (the one line added here) and
    pointed at the live server through its environment variables."""
    if not CADDY:
        pytest.fail("Caddy is not installed: apt-get install caddy (`make test` and .ci/run do).")
    home = tmp_path_factory.mktemp("caddy")
    caddyfile = home / "Caddyfile"
    source = (ROOT / "deploy" / "Caddyfile").read_text()
    caddyfile.write_text(source.replace("\n{\n", "\n{\n\tdefault_bind 127.0.0.1\n", 1))
    http_port, https_port = free_port(), free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "SITE_ADDRESS": "localhost",
        "UPSTREAM": live_server.url.removeprefix("http://"),
        "HTTP_PORT": str(http_port),
        "HTTPS_PORT": str(https_port),
        "CADDY_ADMIN": "off",
    }
    log = (home / "caddy.log").open("w")
    process = subprocess.Popen(
        [CADDY, "run", "--config", str(caddyfile), "--adapter", "caddyfile"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    ca_file = home / "data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                if ca_file.exists():
                    Proxy(http_port, https_port, ca_file).https("GET", "/healthz/")
                    break
            except (OSError, ssl.SSLError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("Caddy did not start:\n" + (home / "caddy.log").read_text())
            time.sleep(0.2)
        yield Proxy(http_port, https_port, ca_file)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


live = pytest.mark.django_db(transaction=True)


@live
def test_plain_http_is_redirected_to_https(proxy):
    conn = http.client.HTTPConnection("127.0.0.1", proxy.http_port, timeout=10)
    conn.request("GET", "/cities/", headers={"Host": "localhost"})
    response = conn.getresponse()
    assert response.status == 308
    assert response.getheader("Location") == "https://localhost/cities/"


@live
def test_https_answers_with_one_hsts_header_and_no_server_banner(proxy):
    response = proxy.https("GET", "/about/")
    assert response.status == 200
    assert response.headers.get_all("Strict-Transport-Security") == [
        "max-age=31536000; includeSubDomains; preload"
    ]
    assert response.getheader("Server") is None
    assert response.getheader("Content-Security-Policy")


@live
def test_app_trusts_the_forwarded_proto_and_not_the_clients_own_headers(proxy):
    """The app sees the request as secure from the X-Forwarded-Proto that Caddy sets
    (SECURE_PROXY_SSL_HEADER), and the client's address from its X-Forwarded-For. What
    the client wrote in its own X-Forwarded-* headers is replaced, not passed on."""
    seen = {}

    def on_start(sender, environ, **kwargs):
        seen.update(environ)

    request_started.connect(on_start)
    try:
        response = proxy.https(
            "GET",
            "/about/",
            headers={"X-Forwarded-For": "198.51.100.66", "X-Forwarded-Proto": "http"},
        )
    finally:
        request_started.disconnect(on_start)
    assert response.status == 200
    assert seen["HTTP_X_FORWARDED_PROTO"] == "https"
    assert seen["HTTP_X_FORWARDED_FOR"] == "127.0.0.1"
    assert seen["HTTP_HOST"] == f"localhost:{proxy.https_port}"
    assert WSGIRequest(seen).is_secure()


@live
def test_a_300_mb_post_is_refused_at_the_proxy(proxy):
    """The request announces 300 MB; Caddy answers 413 before reading the body, so
    only a few megabytes leave the client and nothing reaches the app."""
    conn = http.client.HTTPSConnection("localhost", proxy.https_port, context=proxy.tls, timeout=30)
    size = 300 * 1024 * 1024
    conn.putrequest("POST", "/accounts/login/")
    conn.putheader("Content-Length", str(size))
    conn.putheader("Content-Type", "application/octet-stream")
    conn.endheaders()
    sent, chunk = 0, b"\0" * (1 << 20)
    try:
        while sent < size:
            conn.send(chunk)
            sent += len(chunk)
    except OSError:
        pass  # the proxy closed the connection: the point
    response = conn.getresponse()
    assert response.status == 413
    assert sent < 50 * 1024 * 1024


@live
def test_a_body_under_the_limit_reaches_the_app(proxy):
    # 5 MB: under the proxy's 20 MiB, over the portal's own cap for a request without a
    # session or token (core.guards), so the answer is the portal's 413, not Caddy's.
    body = b"username=x&password=" + b"y" * (5 * 1024 * 1024)
    response = proxy.https(
        "POST",
        "/accounts/login/",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 413
    assert b"The request body is too large." in response.body


@live
@pytest.mark.parametrize("encoding", ["gzip", "zstd"])
def test_geojson_and_api_answers_are_compressed(proxy, encoding):
    from tests.factories import CityFactory

    CityFactory.create_batch(20)
    for path in ("/api/v1/cities/geojson/", "/api/v1/cities/"):
        plain = proxy.https("GET", path)
        packed = proxy.https("GET", path, headers={"Accept-Encoding": encoding})
        assert packed.getheader("Content-Encoding") == encoding, path
        assert len(packed.body) < len(plain.body) / 2, path
        if encoding == "gzip":
            assert json.loads(gzip.decompress(packed.body)) == json.loads(plain.body)
