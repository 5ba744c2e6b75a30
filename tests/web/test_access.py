"""Who may use the served aid: the access token, loopback host names and websocket origins,
checked on the real server (textual-serve's routes behind our guard), without a browser."""

from __future__ import annotations

import pytest

# aiohttp and the server are imported by the tests that use them, and these tests go whole to
# one worker (`--dist loadgroup`): imported here they were a sixth of a second of every
# worker's collection, in workers that never serve.
pytestmark = pytest.mark.xdist_group("web-server")

TOKEN = "s3cret-token"
ROUTES = ("/", "/static/js/textual.js", "/download/anything")


def test_loopback_addresses_and_names():
    from decisionaid.web.access import is_loopback

    for host in ("127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "aid.localhost"):
        assert is_loopback(host), host
    for host in ("0.0.0.0", "::", "192.0.2.7", "clinic-pc", "localhost.example.com", ""):
        assert not is_loopback(host), host


@pytest.fixture
async def client(request):
    """A test client for a server with the access rule in `request.param` (a token or None)."""
    from aiohttp.test_utils import TestClient, TestServer

    from decisionaid.web.access import Access
    from decisionaid.web.server import AidServer

    server = AidServer(
        "true", host="127.0.0.1", port=0, access=Access(request.param), title="Aid", where="Here"
    )
    async with TestClient(TestServer(await server._make_app())) as test_client:
        yield test_client


@pytest.mark.parametrize("client", [TOKEN], indirect=True)
async def test_without_the_token_every_route_is_refused(client):
    from aiohttp import WSServerHandshakeError

    for path in ROUTES:
        response = await client.get(path)
        assert response.status == 403, path
        assert "access link" in await response.text()
    wrong = await client.get("/", params={"token": "guess"}, allow_redirects=False)
    assert wrong.status == 403
    with pytest.raises(WSServerHandshakeError) as refused:
        await client.ws_connect("/ws")
    assert refused.value.status == 403


@pytest.mark.parametrize("client", [TOKEN], indirect=True)
async def test_the_token_link_becomes_a_cookie_and_leaves_the_address(client):
    from decisionaid.web.access import COOKIE

    response = await client.get("/", params={"token": TOKEN}, allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/"
    cookie = response.cookies[COOKIE]
    assert cookie.value == TOKEN
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    page = await client.get("/")  # the client now sends the cookie, as a browser does
    assert page.status == 200
    html = await page.text()
    assert "<title>Aid</title>" in html and "Here" in html
    assert TOKEN not in html
    assert "googleapis" not in html  # nothing is fetched from anywhere else
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert (await client.get("/static/js/textual.js")).status == 200
    socket = await client.ws_connect("/ws")
    await socket.close()


@pytest.mark.parametrize("client", [None], indirect=True)
async def test_loopback_without_a_token_answers_only_loopback_names(client):
    assert (await client.get("/")).status == 200
    assert (await client.get("/", headers={"Host": "localhost:8000"})).status == 200
    rebound = await client.get("/", headers={"Host": "attacker.example:8000"})
    assert rebound.status == 403
    assert "own address" in await rebound.text()


@pytest.mark.parametrize("client", [None], indirect=True)
async def test_a_page_from_another_origin_cannot_open_a_walk(client):
    from aiohttp import WSServerHandshakeError

    with pytest.raises(WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", origin="http://attacker.example")
    assert refused.value.status == 403
    host = f"{client.host}:{client.port}"
    socket = await client.ws_connect("/ws", origin=f"http://{host}")
    await socket.close()
