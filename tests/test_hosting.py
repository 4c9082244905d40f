"""The loopback server answers as the host would: files, `_redirects` rules, the 404 page."""

from __future__ import annotations

import http.client
import socket
import struct
import time

import pytest

from coprod_site.hosting import Rule, read_redirects, serving


@pytest.fixture
def site(tmp_path):
    files = {
        "index.html": "<!doctype html><title>Home</title>",
        "guides/paying/index.html": "<!doctype html><title>Paying</title>",
        "404.html": "<!doctype html><title>Page not found</title>",
        "_redirects": "# moved and withdrawn pages\n/old/ /guides/paying/ 301\n"
                      "/case-studies/sam/ /404.html 410\n/case-studies/sam/* /404.html 410\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    with serving(tmp_path, headers={"X-Test": "yes"}) as server:
        yield server


def get(server, path: str) -> tuple[int, str | None, str]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    result = response.status, response.getheader("Location"), response.read().decode()
    connection.close()
    return result


def test_files_redirects_and_gone_pages(site):
    assert get(site, "/guides/paying/") == (200, None, "<!doctype html><title>Paying</title>")
    assert get(site, "/guides/paying") == (301, "/guides/paying/", "")
    assert get(site, "/old/") == (301, "/guides/paying/", "")
    assert get(site, "/case-studies/sam/") == (410, None, "<!doctype html><title>Page not found</title>")
    assert get(site, "/case-studies/sam/photo.jpg")[0] == 410
    assert get(site, "/nothing/") == (404, None, "<!doctype html><title>Page not found</title>")
    assert get(site, "/../../../etc/passwd")[0] == 404


def test_extra_headers_are_sent(site):
    connection = http.client.HTTPConnection("127.0.0.1", site.server_address[1], timeout=10)
    connection.request("GET", "/")
    response = connection.getresponse()
    assert response.getheader("X-Test") == "yes"
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    connection.close()


def test_redirect_rules_are_read_from_the_built_file(site):
    assert read_redirects(site.site_dir) == [
        Rule("/old/", "/guides/paying/", 301), Rule("/case-studies/sam/", "/404.html", 410),
        Rule("/case-studies/sam/*", "/404.html", 410)]


def test_a_browser_that_leaves_mid_page_gets_no_traceback_printed(tmp_path, capfd):
    """Closing a tab while a page loads is normal: the terminal of `coprod serve` stays
    quiet (it used to print a BrokenPipeError traceback)."""
    (tmp_path / "big.html").write_bytes(b"<!doctype html>" + b"x" * 20_000_000)
    with serving(tmp_path) as server:
        for _ in range(3):
            connection = socket.create_connection(("127.0.0.1", server.server_address[1]))
            connection.sendall(b"GET /big.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            connection.recv(1000)
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            connection.close()                          # reset, as a closed tab's may be
        time.sleep(1)
        assert get(server, "/big.html")[0] == 200      # and it goes on serving
    assert capfd.readouterr().err == ""
