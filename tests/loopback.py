"""A real HTTP server on 127.0.0.1 for tests: static routes, conditional GET, gzip, delays, handlers.

    with LoopbackServer() as server:
        server.route("/feed.xml", "<rss/>", etag='"v1"')
        ...fetch f"{server.url}/feed.xml"...
        assert server.requests_to("/feed.xml")[0].headers["user-agent"]

Register the `loopback` fixture with `pytest_plugins = ["tests.loopback"]` in tests/conftest.py.
"""

from __future__ import annotations

import gzip as gzip_module
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

import pytest

Handler = Callable[["RecordedRequest"], tuple[int, dict[str, str], bytes]]


class Headers(dict[str, str]):
    """Request headers under their original names, looked up case-insensitively."""

    def _key(self, name: object) -> object:
        if isinstance(name, str):
            for key in self.keys():
                if key.lower() == name.lower():
                    return key
        return name

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(self._key(name))  # type: ignore[arg-type]

    def __contains__(self, name: object) -> bool:
        return super().__contains__(self._key(name))

    def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
        return super().get(self._key(name), default)  # type: ignore[arg-type]


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # as sent, query string included
    headers: Headers
    time: float  # time.monotonic() when the request arrived


@dataclass(frozen=True)
class Route:
    body: bytes
    status: int
    headers: dict[str, str]
    etag: str | None
    last_modified: str | None
    delay: float
    handler: Handler | None
    gzip: bool


@dataclass
class _State:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    closing: threading.Event = field(default_factory=threading.Event)


class LoopbackServer:
    """A ThreadingHTTPServer on a random port, serving the routes you add."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._state = _State()
        self._server = _Server((host, port), _RequestHandler)
        self._server.state = self._state
        self.url = f"http://{host}:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    def route(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        content_type: str = "application/rss+xml",
        etag: str | None = None,
        last_modified: str | None = None,
        delay: float = 0.0,
        handler: Handler | None = None,
        gzip: bool = False,
    ) -> None:
        """Answer GET `path` (query ignored) with this body, or with what `handler` returns."""
        all_headers = {"Content-Type": content_type, **(headers or {})}
        raw = body.encode() if isinstance(body, str) else body
        route = Route(raw, status, all_headers, etag, last_modified, delay, handler, gzip)
        with self._state.lock:
            self._state.routes[path] = route

    def requests_to(self, path: str) -> list[RecordedRequest]:
        """Requests whose path, with or without the query string, is `path`."""
        return [r for r in self.requests if path in (r.path, r.path.split("?", 1)[0])]

    def close(self) -> None:
        self._state.closing.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    """A fresh LoopbackServer, closed after the test."""
    with LoopbackServer() as server:
        yield server


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: _State

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients that time out hang up mid-answer; that is what the tests want, not an error.
        pass


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, *, send_body: bool) -> None:
        state = self.server.state
        recorded = RecordedRequest(self.command, self.path, Headers(self.headers.items()), time.monotonic())
        with state.lock:
            state.requests.append(recorded)
            route = state.routes.get(self.path.split("?", 1)[0])
        if route is None:
            self._send(404, {"Content-Type": "text/plain"}, b"not found", send_body)
            return
        if route.delay and state.closing.wait(route.delay):
            return
        status, headers, body = _respond(route, recorded)
        if route.gzip and status != 304 and _accepts_gzip(recorded.headers):
            body = gzip_module.compress(body)
            headers = {**headers, "Content-Encoding": "gzip"}
        self._send(status, headers, body, send_body)

    def _send(self, status: int, headers: dict[str, str], body: bytes, send_body: bool) -> None:
        self.send_response(status, _reason(status))
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and status != 304:
            self.wfile.write(body)


def _respond(route: Route, request: RecordedRequest) -> tuple[int, dict[str, str], bytes]:
    if route.handler is not None:
        return route.handler(request)
    headers = dict(route.headers)
    if route.etag:
        headers["ETag"] = route.etag
    if route.last_modified:
        headers["Last-Modified"] = route.last_modified
    if route.status == 200 and _not_modified(route, request.headers):
        return 304, {k: v for k, v in headers.items() if k in ("ETag", "Last-Modified")}, b""
    return route.status, headers, route.body


def _not_modified(route: Route, headers: Headers) -> bool:
    """RFC 9110 section 13.2.2: If-None-Match wins; If-Modified-Since only counts without it."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        return route.etag is not None and _etag_matches(if_none_match, route.etag)
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since is None or route.last_modified is None:
        return False
    try:
        return parsedate_to_datetime(route.last_modified) <= parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False


def _etag_matches(if_none_match: str, etag: str) -> bool:
    def opaque(tag: str) -> str:
        return tag.strip().removeprefix("W/")

    candidates = [opaque(tag) for tag in if_none_match.split(",")]
    return "*" in candidates or opaque(etag) in candidates


def _accepts_gzip(headers: Headers) -> bool:
    codings = (headers.get("Accept-Encoding") or "").lower().split(",")
    return any(coding.split(";")[0].strip() == "gzip" for coding in codings)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
