"""The portal over plain HTTP, as a browser without JavaScript sees it: forms, CSRF tokens, cookies, redirects."""

from __future__ import annotations

import functools
import re
import ssl
from http.cookies import SimpleCookie

import httpx

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@functools.cache
def _tls() -> ssl.SSLContext:
    """One context for every client: loading the CA bundle costs ~70 ms a client, and the portal speaks plain HTTP."""
    return ssl.create_default_context()


def client(base_url: str, **options) -> httpx.Client:
    return httpx.Client(base_url=base_url, verify=_tls(), **options)


def browser(base_url: str, **options) -> httpx.Client:
    """Keeps cookies and does not follow redirects, so every Location and Set-Cookie can be read."""
    return client(base_url, follow_redirects=False, **options)


def csrf_token(http: httpx.Client, path: str = "/sso/Login") -> str:
    page = http.get(path)
    assert page.status_code == 200, page.text
    return CSRF_FIELD.search(page.text)[1]


def sign_in(http: httpx.Client, username: str, password: str) -> httpx.Response:
    return http.post("/sso/Login", data={"username": username, "password": password, "csrf_token": csrf_token(http)})


def set_cookies(response: httpx.Response) -> SimpleCookie:
    """The cookies this one response sets, with their attributes."""
    cookie = SimpleCookie()
    for header in response.headers.get_list("set-cookie"):
        cookie.load(header)
    return cookie


def is_logged_in(http: httpx.Client) -> bool:
    return http.get("/portal/home").status_code == 200
