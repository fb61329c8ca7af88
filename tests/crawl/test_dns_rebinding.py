"""DNS rebinding: a host whose DNS answer changes between the private-address check and the
connection must never reach the private address.

The resolver is one we control: `socket.getaddrinfo` is replaced for the name `rebind.test`
(asyncio's and anyio's resolvers both call it), so its answers can change from one call to the
next as a hostile DNS server's would. A DNS server of our own on loopback would be the closer
peer, but the code asks the system resolver, which cannot be pointed at one without editing
this machine's resolv.conf for every process on it. Everything stays on loopback: 127.0.0.2
plays the public address (the address check is told so, and only about that one address) and
127.0.0.1 the private one; both serve on the same port.
"""

from __future__ import annotations

import asyncio
import socket

import pytest

from monitor.crawl import fetch as fetch_module
from monitor.crawl.fetch import FetchError, Fetcher
from monitor.sources import FetchPolicy
from tests.loopback import LoopbackServer

HOST = "rebind.test"
PUBLIC, PRIVATE = "127.0.0.2", "127.0.0.1"
FAST = FetchPolicy(connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0, host_delay=0.0, retries=0)
FEED = "<rss version='2.0'><channel><title>t</title></channel></rss>"


@pytest.fixture
def servers():
    with LoopbackServer(PRIVATE) as private:
        port = int(private.url.rsplit(":", 1)[1])
        with LoopbackServer(PUBLIC, port) as public:
            for server in (private, public):
                server.route("/feed.xml", FEED)
            yield public, private, port


@pytest.fixture
def resolver(monkeypatch):
    """Answers for HOST: PUBLIC for the first `honest` lookups, PRIVATE from then on."""
    real_getaddrinfo, real_is_private = socket.getaddrinfo, fetch_module._is_private
    calls: list[str] = []
    plan = {"honest": 1}

    def getaddrinfo(host, port, *args, **kwargs):
        if (host.decode() if isinstance(host, bytes) else host) != HOST:
            return real_getaddrinfo(host, port, *args, **kwargs)
        address = PUBLIC if len(calls) < plan["honest"] else PRIVATE
        calls.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, int(port or 80)))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(fetch_module, "_is_private",
                        lambda address: str(address) != PUBLIC and real_is_private(address))
    return plan, calls


def fetch(url: str):
    async def main():
        async with Fetcher(FAST) as fetcher:
            return await fetcher.get(url, allow_private=False)

    return asyncio.run(main())


@pytest.mark.parametrize("honest", [1, 2, 3])
def test_an_answer_that_turns_private_after_the_check_never_reaches_the_private_address(servers, resolver, honest):
    public, private, port = servers
    plan, calls = resolver
    plan["honest"] = honest

    try:
        fetch(f"http://{HOST}:{port}/feed.xml")
    except FetchError as error:
        assert error.cause == "private_address" and f"resolves to a private address ({PRIVATE})" in error.message

    assert private.requests == []
    assert PRIVATE in calls or len(calls) <= honest  # the rebinding answer was given, or never asked for


def test_an_honest_public_answer_is_connected_to_by_address_and_asked_for_by_name(servers, resolver):
    public, private, port = servers
    plan, _ = resolver
    plan["honest"] = 1000

    response = fetch(f"http://{HOST}:{port}/feed.xml")

    assert response.content == FEED.encode()
    assert [r.path for r in public.requests] == ["/robots.txt", "/feed.xml"]
    assert {r.headers["Host"] for r in public.requests} == {f"{HOST}:{port}"}
    assert private.requests == []
