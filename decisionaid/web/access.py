"""Who may use the served aid: every request (the page, its static files, the websocket that
drives a walk, downloads) passes here first.

- A server bound to another address than loopback asks for an access token. The browser shows
  it once, in the link printed at start (`?token=…`); the server answers that first request
  by setting the token as a cookie and sending the browser to the same address without it.
  The token thus leaves the address bar, the browser history and anything read over a
  shoulder at once, and the cookie goes with every later request, the websocket included,
  without the page having to carry it. It is HttpOnly (no script reads it) and SameSite=Strict
  (no other site's page can make the browser send it).
- A server on loopback without a token answers only to a loopback host name, so a web page
  elsewhere cannot reach it through a name that resolves to 127.0.0.1 (DNS rebinding).
- A websocket opened from a page of another origin is refused: browsers let any page open a
  websocket anywhere, and this one carries a patient's answers.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from aiohttp import hdrs, web
from multidict import MultiDict

COOKIE = "decisionaid_access"
COOKIE_DAYS = 30  # a kiosk tablet keeps working across a browser restart

REFUSED = (
    "403 Forbidden: this decision aid needs its access link.\n"
    "Ask the person who started it for the address with ?token=… in it.\n"
)
WRONG_HOST = (
    "403 Forbidden: this decision aid answers only on this computer's own address "
    "(http://127.0.0.1:PORT or http://localhost:PORT).\n"
)
OTHER_ORIGIN = "403 Forbidden: a page from another address may not open this aid.\n"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_loopback(host: str) -> bool:
    """True for addresses and names that only ever reach this computer."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(24)


# What a cookie value may hold (RFC 6265): visible ASCII but for these four.
_NOT_IN_A_COOKIE = '",;\\'


def token_problem(token: str) -> str | None:
    """Why a chosen token cannot be used, or None. It travels in the link and then as a
    cookie, so it must be visible ASCII a cookie can hold (a space or a letter outside ASCII
    would be changed or lost on the way, and the browser refused)."""
    if not token.strip():
        return "is empty: give a token, or leave the option out"
    odd = [c for c in token if not "!" <= c <= "~" or c in _NOT_IN_A_COOKIE]
    if odd:
        return (
            f"cannot hold {'a space' if odd[0].isspace() else repr(odd[0])}: use ASCII "
            f"letters, digits and punctuation other than {' '.join(_NOT_IN_A_COOKIE)}"
        )
    return None


def link(address: str, token: str) -> str:
    """The address to open with the token in it, encoded so that `&`, `#` or `%` in a
    token reach the server as typed."""
    return f"{address}?token={quote(token, safe='')}"


@dataclass(frozen=True)
class Access:
    """The rule for one server: a token to ask for, or loopback only."""

    token: str | None

    def matches(self, given: str | None) -> bool:
        if self.token is None or given is None:
            return False
        return hmac.compare_digest(given.encode(), self.token.encode())

    def refusal(self, request: web.Request) -> str | None:
        """Why the request is refused, or None to let it through."""
        if self.token is None and not is_loopback(request.url.host or ""):
            return WRONG_HOST
        if request.headers.get(hdrs.UPGRADE, "").lower() == "websocket":
            origin = request.headers.get(hdrs.ORIGIN)
            if origin is not None and urlsplit(origin).netloc != request.host:
                return OTHER_ORIGIN
        if self.token is None:
            return None
        if "token" in request.query:
            return None if self.matches(request.query["token"]) else REFUSED
        return None if self.matches(request.cookies.get(COOKIE)) else REFUSED

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        refusal = self.refusal(request)
        if refusal is not None:
            raise web.HTTPForbidden(text=refusal)
        if self.token is not None and "token" in request.query:
            query = MultiDict(request.query)
            query.popall("token")
            address = str(request.rel_url.with_query(query))
            response: web.StreamResponse = web.Response(
                status=303, headers={hdrs.LOCATION: address}
            )
            response.set_cookie(
                COOKIE,
                self.token,
                max_age=COOKIE_DAYS * 24 * 3600,
                path="/",
                httponly=True,
                samesite="Strict",
                secure=request.secure,
            )
        else:
            response = await handler(request)
        if not response.prepared:
            response.headers[hdrs.CACHE_CONTROL] = "no-store"
            response.headers["Referrer-Policy"] = "no-referrer"
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["X-Content-Type-Options"] = "nosniff"
        return response
