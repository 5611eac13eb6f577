"""`cadec serve`: the production server, started as a deployment starts it, on loopback."""

import gzip
import http.client
import os
import re
import secrets
import subprocess
import time

import brotli
import pytest

from cadec.core.tests.servers import cadec, cadec_env, free_port, stop

ONE_YEAR = 365 * 24 * 60 * 60


def _get(port: int, path: str, **headers: str) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _wait_until_serving(process: subprocess.Popen[str], port: int, *, within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"cadec serve exited with {process.returncode}")
        try:
            _get(port, "/account/login/")
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"cadec serve did not answer within {within:.0f} s")


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):  # type: ignore[no-untyped-def]
    """`cadec serve` with production settings on a migrated, empty database."""
    data_dir = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = cadec_env(
        data_dir,
        CADEC_HTTPS="1",
        CADEC_BEHIND_PROXY="1",
        CADEC_SECRET_KEY=secrets.token_urlsafe(50),
        CADEC_ALLOWED_HOSTS="127.0.0.1",
    )
    migrate = cadec("manage", "migrate", "--verbosity", "0", env=env)
    try:
        assert migrate.wait(timeout=180) == 0
    finally:
        stop(migrate)
    log = (data_dir / "serve.log").open("w")
    server = cadec(
        "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2",
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        # The first start collects and compresses the static files (tens of seconds on 2 cores).
        _wait_until_serving(server, port, within=240)
        yield port
    finally:
        stop(server)
        log.close()


def test_the_workers_are_forked_with_no_database_connection_left_open(monkeypatch):
    # Connections are kept between requests: one opened by the master (the migration check)
    # and inherited by every worker would be shared by all of them.
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from cadec import cli

    steps: list[str] = []
    monkeypatch.setenv("OMP_NUM_THREADS", os.environ.get("OMP_NUM_THREADS", "1"))
    monkeypatch.setattr(connections, "close_all", lambda: steps.append("connections closed"))
    monkeypatch.setattr(BaseApplication, "run", lambda self: steps.append("workers forked"))

    cli._serve(host="127.0.0.1", port=free_port(), workers=2)

    assert steps == ["connections closed", "workers forked"]


def test_serve_refuses_a_database_that_is_not_migrated(tmp_path):
    server = cadec(
        "serve", "--port", str(free_port()), env=cadec_env(tmp_path),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _out, err = server.communicate(timeout=120)
    finally:
        stop(server)
    assert server.returncode == 1
    assert "run `cadec setup` first" in err


def test_plain_http_is_redirected_to_https(production_server):
    status, headers, _body = _get(production_server, "/account/login/")

    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{production_server}/account/login/"


def test_a_page_carries_the_production_security_headers(production_server):
    status, headers, body = _get(
        production_server, "/account/login/", **{"X-Forwarded-Proto": "https"}
    )

    assert status == 200
    assert headers["Strict-Transport-Security"] == (
        f"max-age={ONE_YEAR}; includeSubDomains; preload"
    )
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert "Secure" in headers["Set-Cookie"]
    assert re.search(rb"/static/cadec/cadec\.[0-9a-f]{12}\.css", body)


@pytest.mark.parametrize(
    ("encoding", "decompress"), [("br", brotli.decompress), ("gzip", gzip.decompress)]
)
def test_static_files_are_served_compressed_and_cached_for_good(
    production_server, encoding, decompress
):
    https = {"X-Forwarded-Proto": "https"}
    _status, _headers, page = _get(production_server, "/account/login/", **https)
    stylesheet = re.search(rb"/static/cadec/cadec\.[0-9a-f]{12}\.css", page)
    assert stylesheet is not None
    url = stylesheet.group().decode()
    _status, _headers, plain = _get(production_server, url, **https)

    status, headers, body = _get(production_server, url, **https, **{"Accept-Encoding": encoding})

    assert status == 200
    assert headers["Content-Encoding"] == encoding
    assert headers["Vary"] == "Accept-Encoding"
    assert len(body) < len(plain) / 2
    assert decompress(body) == plain
    cache_control = headers["Cache-Control"]
    assert "immutable" in cache_control
    max_age = re.search(r"max-age=(\d+)", cache_control)
    assert max_age is not None
    assert int(max_age.group(1)) >= ONE_YEAR
