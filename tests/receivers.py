"""Real receivers on loopback for the notification tests: an SMTP server and an HTTP endpoint.

    with SmtpSink() as smtp:            # aiosmtpd on a free port of 127.0.0.1
        ...send to smtp.port...
        smtp.messages[0]["Subject"]     # parsed email.message.EmailMessage objects

    with HttpSink() as hook:            # POST endpoint, answers 200 "ok" unless told otherwise
        hook.answer(500)                # the next request gets a 500, later ones 200
        hook.answer(429, headers={"Retry-After": "120"})
        hook.requests[0].json
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A port nothing listens on right now (aiosmtpd's Controller cannot take port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, sink: "SmtpSink"):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        with self.sink.lock:
            if self.sink.refusals:
                return self.sink.refusals.pop(0)
            self.sink.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.sink.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted for delivery"


class SmtpSink:
    """An SMTP server that keeps what it receives; `refuse("451 ...")` answers the next DATA with that."""

    def __init__(self, port: int | None = None, **options):
        """`options` go to aiosmtpd's Controller: tls_context, require_starttls, authenticator ..."""
        self.port = port or free_port()
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refusals: list[str] = []
        self.lock = threading.Lock()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port, **options)

    def refuse(self, reply: str) -> None:
        with self.lock:
            self.refusals.append(reply)

    def start(self) -> "SmtpSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> "SmtpSink":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass(frozen=True)
class Posted:
    path: str
    headers: dict[str, str]  # lower-cased names
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)


Answer = tuple[int, dict, bytes]  # status, headers, body


class HttpSink:
    """A POST endpoint on 127.0.0.1: records each request, answers from a script, then with
    `otherwise(path, host)` (200 "ok" by default)."""

    def __init__(self, otherwise: Callable[[str, str], Answer] = lambda path, host: (200, {}, b"ok")):
        self.requests: list[Posted] = []
        self.script: list[Answer] = []
        self.lock = threading.Lock()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with sink.lock:
                    sink.requests.append(Posted(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                    status, headers, answer = (sink.script.pop(0) if sink.script
                                               else otherwise(self.path, self.headers["Host"]))
                self.send_response(status)
                for name, value in {"Content-Type": "text/plain", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def answer(self, status: int, body: str = "", headers: dict | None = None) -> None:
        """Answer the next unscripted request with this status."""
        with self.lock:
            self.script.append((status, headers or {}, body.encode()))

    def posted_to(self, path: str) -> list[Posted]:
        return [r for r in self.requests if r.path == path]

    def __enter__(self) -> "HttpSink":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
