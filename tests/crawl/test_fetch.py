"""monitor.crawl.fetch against real HTTP servers on 127.0.0.1 (tests/loopback.py): no mocks."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import TypeVar

import pytest

from monitor.crawl.fetch import (
    DEFAULT_ACCEPT,
    Fetcher,
    FetchError,
    Response,
    Validators,
    _is_private,
)
from monitor.sources import DEFAULT_USER_AGENT, FetchPolicy
from tests.loopback import LoopbackServer, RecordedRequest, loopback  # noqa: F401  (fixture)

FAST = FetchPolicy(
    connect_timeout=2.0,
    read_timeout=2.0,
    total_timeout=5.0,
    host_delay=0.0,
    backoff_base=0.01,
    max_retry_wait=5.0,
)
FEED = "<rss version='2.0'><channel><title>t</title></channel></rss>"
T = TypeVar("T")


def with_fetcher(policy: FetchPolicy, work: Callable[[Fetcher], Awaitable[T]]) -> T:
    async def main() -> T:
        async with Fetcher(policy) as fetcher:
            return await work(fetcher)

    return asyncio.run(main())


def fetch(url: str, policy: FetchPolicy = FAST, **options: object) -> Response:
    return with_fetcher(policy, lambda fetcher: fetcher.get(url, **options))  # type: ignore[arg-type]


def fetch_error(url: str, policy: FetchPolicy = FAST, **options: object) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, policy, **options)
    return caught.value


def answers(*replies: tuple[int, dict[str, str], bytes]) -> Callable[[RecordedRequest], tuple[int, dict[str, str], bytes]]:
    """A route handler giving these replies in turn, then the last one forever."""
    queue = list(replies)

    def handler(request: RecordedRequest) -> tuple[int, dict[str, str], bytes]:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handler


def gaps(requests: list[RecordedRequest]) -> list[float]:
    return [later.time - earlier.time for earlier, later in zip(requests, requests[1:])]


def test_200_returns_body_and_stores_etag(loopback: LoopbackServer) -> None:
    loopback.route("/feed.xml", FEED, etag='"v1"', headers={"Cache-Control": "public, max-age=300"})

    response = fetch(f"{loopback.url}/feed.xml")

    assert response.status == 200 and not response.not_modified
    assert response.content == FEED.encode()
    assert response.validators == Validators(etag='"v1"')
    assert response.max_age == 300.0
    assert response.headers["content-type"] == "application/rss+xml"
    sent = loopback.requests_to("/feed.xml")[0].headers
    assert sent["User-Agent"] == DEFAULT_USER_AGENT
    assert sent["Accept"] == DEFAULT_ACCEPT


def test_stored_etag_is_sent_back_and_304_means_not_modified(loopback: LoopbackServer) -> None:
    loopback.route("/feed.xml", FEED, etag='"v1"')

    first = fetch(f"{loopback.url}/feed.xml")
    second = fetch(f"{loopback.url}/feed.xml", validators=first.validators)

    assert second.not_modified and second.status == 304
    assert second.content == b""
    assert second.validators == Validators(etag='"v1"')
    assert loopback.requests_to("/feed.xml")[1].headers["If-None-Match"] == '"v1"'


def test_last_modified_is_sent_back_as_if_modified_since(loopback: LoopbackServer) -> None:
    stamp = "Wed, 25 Nov 2026 10:00:00 GMT"
    loopback.route("/feed.xml", FEED, last_modified=stamp)

    first = fetch(f"{loopback.url}/feed.xml")
    second = fetch(f"{loopback.url}/feed.xml", validators=first.validators)

    assert first.validators == Validators(last_modified=stamp)
    assert second.not_modified
    assert second.validators == Validators(last_modified=stamp)
    assert loopback.requests_to("/feed.xml")[1].headers["If-Modified-Since"] == stamp


def test_429_with_short_retry_after_is_waited_for_then_retried(loopback: LoopbackServer) -> None:
    loopback.route("/feed.xml", handler=answers((429, {"Retry-After": "1"}, b""), (200, {}, FEED.encode())))

    response = fetch(f"{loopback.url}/feed.xml")

    assert response.content == FEED.encode()
    attempts = loopback.requests_to("/feed.xml")
    assert len(attempts) == 2
    assert gaps(attempts)[0] >= 1.0


def test_429_with_long_retry_after_fails_at_once_with_retry_at(loopback: LoopbackServer) -> None:
    loopback.route("/feed.xml", status=429, headers={"Retry-After": "3600"})

    error = fetch_error(f"{loopback.url}/feed.xml")

    assert error.cause == "rate_limited" and error.status == 429 and error.transient
    assert error.retry_at is not None
    assert abs(error.retry_at - (datetime.now(UTC) + timedelta(hours=1))) < timedelta(seconds=30)
    assert "429 Too Many Requests; it asks us to wait until" in error.message
    assert len(loopback.requests_to("/feed.xml")) == 1


def test_retry_after_as_an_http_date_sets_retry_at(loopback: LoopbackServer) -> None:
    later = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)
    loopback.route("/feed.xml", status=503, headers={"Retry-After": format_datetime(later, usegmt=True)})

    error = fetch_error(f"{loopback.url}/feed.xml")

    assert error.cause == "server_error" and error.retry_at == later
    assert len(loopback.requests_to("/feed.xml")) == 1


def test_host_that_asked_for_a_long_wait_is_not_asked_again(loopback: LoopbackServer) -> None:
    loopback.route("/a", status=503, headers={"Retry-After": "3600"}, content_type="text/plain")
    loopback.route("/b", FEED)

    async def both(fetcher: Fetcher) -> tuple[FetchError, FetchError]:
        errors = []
        for path in ("/a", "/b"):
            with pytest.raises(FetchError) as caught:
                await fetcher.get(loopback.url + path)
            errors.append(caught.value)
        return errors[0], errors[1]

    first, second = with_fetcher(FAST, both)

    assert first.cause == "server_error" and first.retry_at is not None
    assert second.cause == "rate_limited" and second.retry_at is not None
    assert loopback.requests_to("/b") == []


def test_500_is_retried_then_reported_as_server_error(loopback: LoopbackServer) -> None:
    loopback.route("/feed.xml", "oops", status=500, content_type="text/plain")

    error = fetch_error(f"{loopback.url}/feed.xml")

    assert error.cause == "server_error" and error.status == 500 and error.transient
    assert error.message == f"{loopback.url}/feed.xml: server answered 500 Internal Server Error"
    assert len(loopback.requests_to("/feed.xml")) == FAST.retries + 1


@pytest.mark.parametrize(("status", "words"), [(404, "404 Not Found"), (410, "gone")])
def test_404_and_410_are_not_found_and_not_retried(loopback: LoopbackServer, status: int, words: str) -> None:
    loopback.route("/feed.xml", status=status)

    error = fetch_error(f"{loopback.url}/feed.xml")

    assert error.cause == "not_found" and error.status == status and not error.transient
    assert words in error.message
    assert len(loopback.requests_to("/feed.xml")) == 1


def test_slow_answer_times_out(loopback: LoopbackServer) -> None:
    loopback.route("/feed.xml", FEED, delay=2.0)
    policy = FetchPolicy(read_timeout=0.5, retries=0, host_delay=0.0)

    error = fetch_error(f"{loopback.url}/feed.xml", policy)

    assert error.cause == "timeout" and error.transient
    assert error.message == f"{loopback.url}/feed.xml: timed out after 0.5 s reading the response"


def test_body_over_the_cap_is_refused_from_content_length(loopback: LoopbackServer) -> None:
    loopback.route("/feed.xml", b"x" * 50_000)

    error = fetch_error(f"{loopback.url}/feed.xml", max_bytes=10_000)

    assert error.cause == "too_large"
    assert "10,000-byte limit" in error.message


def test_decoded_body_over_the_cap_is_cut_off_while_streaming(loopback: LoopbackServer) -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)  # a few KB on the wire, 5 MB decoded
    loopback.route("/feed.xml", bomb, headers={"Content-Encoding": "gzip"})
    assert len(bomb) < 100_000

    error = fetch_error(f"{loopback.url}/feed.xml", FetchPolicy(max_bytes=100_000, host_delay=0.0))

    assert error.cause == "too_large"
    assert "(decoded)" in error.message


def test_redirect_loop_ends_as_too_many_redirects(loopback: LoopbackServer) -> None:
    loopback.route("/a", status=302, headers={"Location": "/b"})
    loopback.route("/b", status=302, headers={"Location": "/a"})

    error = fetch_error(f"{loopback.url}/a")

    assert error.cause == "too_many_redirects"
    assert error.message == f"{loopback.url}/a: redirected more than 5 times (loop?)"
    assert len(loopback.requests_to("/a")) + len(loopback.requests_to("/b")) == FAST.max_redirects + 1


def test_redirect_chain_is_followed_to_the_final_url(loopback: LoopbackServer) -> None:
    loopback.route("/old", status=301, headers={"Location": f"{loopback.url}/moved/one"})
    loopback.route("/moved/one", status=302, headers={"Location": "two"})  # relative to /moved/
    loopback.route("/moved/two", status=308, headers={"Location": "/final.xml?x=1"})
    loopback.route("/final.xml", FEED)

    response = fetch(f"{loopback.url}/old")

    assert response.url == f"{loopback.url}/final.xml?x=1"
    assert response.content == FEED.encode()


def test_path_disallowed_by_robots_txt_is_never_requested(loopback: LoopbackServer) -> None:
    loopback.route("/robots.txt", "User-agent: ai-risk-monitor\nDisallow: /private/\n", content_type="text/plain")
    loopback.route("/private/feed.xml", FEED)
    loopback.route("/public/feed.xml", FEED)

    error = fetch_error(f"{loopback.url}/private/feed.xml")
    allowed = fetch(f"{loopback.url}/public/feed.xml")

    assert error.cause == "robots" and not error.transient
    assert error.message == f"{loopback.url}/private/feed.xml: is disallowed by robots.txt for ai-risk-monitor"
    assert loopback.requests_to("/private/feed.xml") == []
    assert allowed.status == 200
    assert loopback.requests_to("/robots.txt")[0].headers["User-Agent"] == DEFAULT_USER_AGENT


def test_robots_txt_rules_follow_the_user_agent_actually_sent(loopback: LoopbackServer) -> None:
    loopback.route("/robots.txt", "User-agent: otherbot\nDisallow: /\n", content_type="text/plain")
    loopback.route("/feed.xml", FEED)

    assert fetch(f"{loopback.url}/feed.xml").status == 200
    error = fetch_error(f"{loopback.url}/feed.xml", user_agent="OtherBot/2.0")

    assert error.cause == "robots" and "for OtherBot" in error.message


def test_robots_txt_server_error_means_disallowed(loopback: LoopbackServer) -> None:
    loopback.route("/robots.txt", status=500, content_type="text/plain")
    loopback.route("/feed.xml", FEED)

    error = fetch_error(f"{loopback.url}/feed.xml")

    assert error.cause == "robots" and error.transient
    assert "robots.txt is unreachable" in error.message
    assert loopback.requests_to("/feed.xml") == []


def test_private_address_is_refused_without_a_request(loopback: LoopbackServer) -> None:
    loopback.route("/feed.xml", FEED)

    error = fetch_error(f"{loopback.url}/feed.xml", allow_private=False)

    assert error.cause == "private_address"
    assert "private address (127.0.0.1); set allow_private: true on the source" in error.message
    assert loopback.requests == []


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("10.0.0.5", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("224.0.0.1", True),
        ("::1", True),
        ("fe80::1", True),
        ("fd00::1", True),
        ("::ffff:192.168.1.1", True),
        ("93.184.215.14", False),
        ("2606:4700::1111", False),
        ("::ffff:93.184.215.14", False),
    ],
)
def test_private_address_ranges(address: str, private: bool) -> None:
    assert _is_private(ipaddress.ip_address(address)) is private


def test_gzip_body_is_decoded(loopback: LoopbackServer) -> None:
    loopback.route("/feed.xml", FEED * 50, gzip=True)

    response = fetch(f"{loopback.url}/feed.xml")

    assert response.content == (FEED * 50).encode()
    assert response.headers["content-encoding"] == "gzip"
    assert "gzip" in loopback.requests_to("/feed.xml")[0].headers["Accept-Encoding"]


def test_requests_to_one_host_are_spaced_by_host_delay(loopback: LoopbackServer) -> None:
    loopback.route("/a", FEED)
    loopback.route("/b", FEED)
    policy = FetchPolicy(host_delay=0.3)

    async def both(fetcher: Fetcher) -> list[Response]:
        return list(await asyncio.gather(fetcher.get(f"{loopback.url}/a"), fetcher.get(f"{loopback.url}/b")))

    with_fetcher(policy, both)

    assert [r.path for r in loopback.requests] == ["/robots.txt", "/a", "/b"]
    assert all(gap >= 0.3 for gap in gaps(loopback.requests))


def test_host_waiting_out_its_delay_leaves_the_global_slot_to_others(loopback: LoopbackServer) -> None:
    loopback.route("/a", FEED)
    loopback.route("/b", FEED)
    policy = FetchPolicy(host_delay=0.5, concurrency=1)

    with LoopbackServer(host="127.0.0.2") as other:
        other.route("/c", FEED)

        async def three(fetcher: Fetcher) -> None:
            urls = (f"{loopback.url}/a", f"{loopback.url}/b", f"{other.url}/c")
            await asyncio.gather(*(fetcher.get(url) for url in urls))

        with_fetcher(policy, three)

        assert other.requests_to("/c")[0].time < loopback.requests_to("/b")[0].time
        assert gaps(loopback.requests_to("/a") + loopback.requests_to("/b"))[0] >= 0.5


def test_unknown_host_name_is_a_dns_error() -> None:
    # .invalid never resolves (RFC 6761), so this needs no network; but a sandbox resolver may hang or lie.
    probe = ThreadPoolExecutor(max_workers=1)
    try:
        probe.submit(socket.getaddrinfo, "nonexistent.invalid", 80).result(timeout=3)
    except socket.gaierror:
        pass
    except FutureTimeout:
        pytest.skip("the system resolver did not answer within 3 s, so a DNS failure cannot be tested here")
    else:
        pytest.skip("the system resolver answers for .invalid names, so a DNS failure cannot be provoked")
    finally:
        probe.shutdown(wait=False)

    error = fetch_error("http://nonexistent.invalid/feed.xml")

    assert error.cause == "dns"
    assert "host name nonexistent.invalid could not be resolved" in error.message


@pytest.mark.parametrize("url", ["ftp://example.org/feed.xml", "http:///feed.xml", "feed.xml", "http://exa mple.org/"])
def test_invalid_url_is_refused(url: str) -> None:
    error = fetch_error(url)

    assert error.cause == "invalid_url" and not error.transient
    assert error.message.startswith(f"{url}: ")
