"""Content-Encoding decoders that hand on their output in small pieces, as it is produced.

httpx decodes a whole network read at once: 3 KB of brotli on the wire can become gigabytes in
memory before anyone gets to count them. These decoders produce at most about STEP bytes per
step and pass each piece to a sink at once, so a sink that refuses to keep more than N bytes
bounds memory to about N + STEP, whatever the compression ratio.

    decoder = BodyDecoder(response.headers.get("content-encoding", ""), sink=keep)
    for raw in network_chunks:
        decoder.write(raw)        # raises DecodeError for a body that is not what it claims
    decoder.close()

ACCEPT_ENCODING lists what can be decoded this way (zstd only when the `zstandard` package is
installed); send it, so no server picks an encoding we would have to pass on undecoded.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import brotli

try:
    import zstandard
except ImportError:  # optional: without it, zstd is not offered
    zstandard = None

STEP = 64 * 1024
MAX_ENCODINGS = 3  # "gzip, gzip, gzip, ..." a thousand times would be a thousand decoders

Sink = Callable[[bytes], None]


class DecodeError(Exception):
    """The body cannot be decoded with the encodings it declares."""


class _Zlib:
    """gzip, or deflate with or without the zlib header (servers send both as "deflate")."""

    def __init__(self, out: Sink, wbits: int, *, raw_fallback: bool = False):
        self._out = out
        self._state = zlib.decompressobj(wbits)
        self._raw_fallback = raw_fallback  # deflate: retry as raw deflate if the header is wrong
        self._started = False

    def write(self, data: bytes) -> None:
        try:
            self._drain(data)
        except zlib.error as error:
            if not (self._raw_fallback and not self._started):
                raise DecodeError(str(error)) from None
            self._raw_fallback = False
            self._state = zlib.decompressobj(-zlib.MAX_WBITS)
            self.write(data)

    def _drain(self, data: bytes) -> None:
        while True:
            piece = self._state.decompress(data, STEP)
            self._started = True
            data = self._state.unconsumed_tail
            if piece:
                self._out(piece)
            if not data and len(piece) < STEP:  # all input read and all output given
                return

    def close(self) -> None:
        try:
            rest = self._state.flush()
        except zlib.error as error:
            raise DecodeError(str(error)) from None
        if rest:
            self._out(rest)


class _Brotli:
    def __init__(self, out: Sink):
        self._out = out
        self._state = brotli.Decompressor()

    def write(self, data: bytes) -> None:
        try:
            piece = self._state.process(data, output_buffer_limit=STEP)
            while True:
                if piece:
                    self._out(piece)
                # A full piece may leave more output behind even when all input was taken.
                if len(piece) < STEP and self._state.can_accept_more_data():
                    return
                piece = self._state.process(b"", output_buffer_limit=STEP)
        except brotli.error as error:
            raise DecodeError(f"brotli: {error}") from None

    def close(self) -> None:
        pass


class _Zstd:
    def __init__(self, out: Sink):
        self._stream = zstandard.ZstdDecompressor().stream_writer(_Forward(out), write_size=STEP)

    def write(self, data: bytes) -> None:
        try:
            self._stream.write(data)
        except zstandard.ZstdError as error:
            raise DecodeError(f"zstd: {error}") from None

    def close(self) -> None:
        pass


class _Forward:
    """The file zstandard writes its output to: each piece goes straight to the sink."""

    def __init__(self, out: Sink):
        self._out = out

    def write(self, data: bytes) -> int:
        self._out(bytes(data))
        return len(data)


class _Identity:
    def __init__(self, out: Sink):
        self.write = out

    def close(self) -> None:
        pass


_DECODERS: dict[str, Callable[[Sink], object]] = {
    "gzip": lambda out: _Zlib(out, zlib.MAX_WBITS | 16),
    "x-gzip": lambda out: _Zlib(out, zlib.MAX_WBITS | 16),
    "deflate": lambda out: _Zlib(out, zlib.MAX_WBITS, raw_fallback=True),
    "br": _Brotli,
}
if zstandard is not None:
    _DECODERS["zstd"] = _Zstd

ACCEPT_ENCODING = ", ".join(name for name in _DECODERS if name != "x-gzip")


class BodyDecoder:
    """Decodes a body sent with `content_encoding` (a Content-Encoding header value) into `sink`.

    Encodings are undone last first; unknown ones (and "identity") are passed through, as
    httpx does.
    """

    def __init__(self, content_encoding: str, sink: Sink):
        names = [name.strip().lower() for name in content_encoding.split(",") if name.strip()]
        known = [name for name in names if name in _DECODERS]
        if len(known) > MAX_ENCODINGS:
            raise DecodeError(f"{len(known)} content encodings stacked; at most {MAX_ENCODINGS} are accepted")
        self._stages: list = []
        out = sink
        for name in known:  # the first applied is undone last, so it writes to the sink
            stage = _DECODERS[name](out)
            self._stages.append(stage)
            out = stage.write
        self._stages.reverse()  # the last applied comes first
        self._first = self._stages[0] if self._stages else _Identity(sink)

    def write(self, raw: bytes) -> None:
        self._first.write(raw)

    def close(self) -> None:
        for stage in self._stages:
            stage.close()
