"""A hostile HTTP server on 127.0.0.1: decompression bombs, huge and endless bodies, a slow-loris,
and one good feed beside them. Used by tests/test_hostile_bodies.py and benchmarks/hostile.py.

    with HostileServer(bomb_bytes=1 << 30) as server:
        server.url + "/bomb.br"        # a few hundred bytes on the wire, 1 GiB decoded
        server.paths                   # every hostile path, and GOOD for the good feed
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli

from tests.feeds import paragraph, rss

GOOD = "/good.xml"
BOMBS = {"/bomb.gz": "gzip", "/bomb.deflate": "deflate", "/bomb.br": "br", "/bomb.zst": "zstd"}
STREAMS = ("/huge.xml", "/endless.xml", "/slow.xml")
_ZEROS = bytes(16 * 1024 * 1024)


@functools.cache
def bomb(encoding: str, size: int) -> bytes:
    """`size` zero bytes (a multiple of 16 MiB), compressed with `encoding`."""
    if encoding == "zstd":
        import zstandard

        compressor = zstandard.ZstdCompressor(level=3).compressobj()
        return b"".join(compressor.compress(_ZEROS) for _ in range(size // len(_ZEROS))) + compressor.flush()
    if encoding == "br":
        compressor = brotli.Compressor(quality=5, lgwin=24)
        return b"".join(compressor.process(_ZEROS) for _ in range(size // len(_ZEROS))) + compressor.finish()
    wbits = zlib.MAX_WBITS | 16 if encoding == "gzip" else zlib.MAX_WBITS
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return b"".join(compressor.compress(_ZEROS) for _ in range(size // len(_ZEROS))) + compressor.flush()


def good_feed(base: str, items: int = 4) -> str:
    return rss([{"title": f"Regulator publishes AI guidance part {n}", "link": f"{base}/guidance/{n}",
                 "guid": f"guidance-{n}", "content": paragraph(f"guidance {n}")} for n in range(items)])


class HostileServer:
    def __init__(self, bomb_bytes: int = 1 << 30, encodings: tuple[str, ...] = ("gzip", "deflate", "br", "zstd")):
        self.bombs = {path: (encoding, bomb(encoding, bomb_bytes)) for path, encoding in BOMBS.items()
                      if encoding in encodings}
        self.closing = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                path = self.path.split("?", 1)[0]
                if path == GOOD:
                    self._send(200, good_feed(server.url).encode(), {"Content-Type": "application/rss+xml"})
                elif path in server.bombs:
                    encoding, body = server.bombs[path]
                    self._send(200, body, {"Content-Type": "application/rss+xml", "Content-Encoding": encoding})
                elif path == "/huge.xml":  # says what it is, then sends it anyway
                    self._stream({"Content-Length": str(5 << 30)}, b"<rss>" + b"x" * 65536, pause=0)
                elif path == "/endless.xml":
                    self._stream({"Transfer-Encoding": "chunked"}, b"<item>more</item>" * 4096, pause=0, chunked=True)
                elif path == "/slow.xml":
                    self._stream({"Content-Length": "100000"}, b"<", pause=0.5)
                else:
                    self._send(404, b"not found", {"Content-Type": "text/plain"})

            def _send(self, status, body, headers):
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def _stream(self, headers, piece, *, pause, chunked=False):
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                frame = b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece
                try:
                    while not server.closing.is_set():
                        self.wfile.write(frame)
                        self.wfile.flush()
                        if pause:
                            time.sleep(pause)
                except OSError:  # the client gave up: that is the point
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda *args: None
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def paths(self) -> list[str]:
        return [*self.bombs, *STREAMS, GOOD]

    def __enter__(self) -> HostileServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


# Runs argv[2:] and writes the child's exit code and peak RSS (KB) as JSON to the file argv[1].
# The launcher must be a fresh, small process: a child started straight from a large one (pytest
# late in the suite) inherits its parent's high-water mark into ru_maxrss when it execs.
_LAUNCHER = (
    "import json, os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "with open(sys.argv[1], 'w') as report:\n"
    "    json.dump([os.waitstatus_to_exitcode(status), usage.ru_maxrss], report)\n"
)


def run_with_peak_memory(args: list[str], cwd: Path, out: Path, err: Path) -> tuple[int, float]:
    """Run a command with stdout and stderr to files; its exit code and peak resident memory in MB."""
    report = out.with_name(out.name + ".peak.json")
    with out.open("wb") as stdout, err.open("wb") as stderr:
        subprocess.run([sys.executable, "-c", _LAUNCHER, str(report), *args], cwd=cwd, stdout=stdout,
                       stderr=stderr, check=True)
    code, peak_kb = json.loads(report.read_text())
    return code, peak_kb / 1024
