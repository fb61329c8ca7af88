"""Hostile bodies: decompression bombs of every encoding we accept, huge, endless and slow bodies.

The decoders are checked directly (round trips, bounded pieces, garbage), the Fetcher against
a real hostile server on loopback (tests/hostile.py), and a real `monitor crawl` subprocess of
the whole hostile set plus one good feed, whose peak memory is read from the kernel's
accounting of the child (ru_maxrss from wait4, taken by a small launcher process).
"""

from __future__ import annotations

import asyncio
import gzip
import json
import sqlite3
import sys
import zlib
from pathlib import Path

import brotli
import pytest

from monitor.crawl.decompress import ACCEPT_ENCODING, STEP, BodyDecoder, DecodeError
from monitor.crawl.fetch import FetchError, Fetcher
from monitor.sources import FetchPolicy
from tests.feeds import ALERTING_DEFAULTS
from tests.hostile import BOMBS, GOOD, HostileServer, bomb, run_with_peak_memory

zstandard = pytest.importorskip("zstandard")

REPO = Path(__file__).resolve().parents[2]
FAST = FetchPolicy(connect_timeout=2.0, read_timeout=1.0, total_timeout=3.0, host_delay=0.0, retries=0)
TEXT = b"<rss><channel><title>AI rules</title></channel></rss>" * 2000
ENCODE = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "zstd": lambda data: zstandard.ZstdCompressor().compress(data),
}


def decode(encoding: str, raw: bytes, slice_size: int = 7) -> tuple[bytes, int]:
    """The decoded body, fed in small slices, and the biggest piece the sink was handed."""
    pieces: list[bytes] = []
    decoder = BodyDecoder(encoding, pieces.append)
    for start in range(0, len(raw), slice_size):
        decoder.write(raw[start:start + slice_size])
    decoder.close()
    return b"".join(pieces), max(map(len, pieces), default=0)


@pytest.mark.parametrize("encoding", sorted(ENCODE))
def test_each_encoding_decodes_fed_a_few_bytes_at_a_time(encoding: str) -> None:
    assert decode(encoding, ENCODE[encoding](TEXT))[0] == TEXT
    assert encoding in ACCEPT_ENCODING


def test_stacked_encodings_are_undone_last_first_and_unknown_ones_pass_through() -> None:
    raw = brotli.compress(gzip.compress(TEXT))
    assert decode("gzip, br", raw)[0] == TEXT
    assert decode("identity", TEXT)[0] == TEXT
    assert decode("x-unknown", TEXT)[0] == TEXT
    with pytest.raises(DecodeError, match="at most 3"):
        BodyDecoder(", ".join(["gzip"] * 4), lambda piece: None)


def test_raw_deflate_without_zlib_header_is_read_too() -> None:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert decode("deflate", compressor.compress(TEXT) + compressor.flush())[0] == TEXT


@pytest.mark.parametrize("encoding", sorted(ENCODE))
def test_garbage_is_a_decode_error(encoding: str) -> None:
    with pytest.raises(DecodeError):
        decode(encoding, b"\xff" * 64 + b"this is not compressed at all" * 10, slice_size=4096)


@pytest.mark.parametrize("encoding", sorted(ENCODE))
def test_a_bomb_comes_out_in_bounded_pieces_and_stops_when_the_sink_refuses(encoding: str) -> None:
    kept = bytearray()
    biggest = 0

    class Enough(Exception):
        pass

    def sink(piece: bytes) -> None:
        nonlocal biggest
        biggest = max(biggest, len(piece))
        kept.extend(piece)
        if len(kept) > 1_000_000:
            raise Enough()

    decoder = BodyDecoder(encoding, sink)
    with pytest.raises(Enough):
        decoder.write(bomb(encoding, 64 << 20))  # the whole bomb in one network read
    assert biggest <= 2 * STEP
    assert len(kept) < 1_000_000 + 2 * STEP


def fetch(url: str, policy: FetchPolicy = FAST, **options):
    async def main():
        async with Fetcher(policy) as fetcher:
            return await fetcher.get(url, **options)

    return asyncio.run(main())


@pytest.fixture(scope="module")
def hostile():
    with HostileServer(bomb_bytes=256 << 20) as server:
        yield server


@pytest.mark.parametrize("path", sorted(BOMBS))
def test_bombs_are_refused_at_the_size_cap(hostile: HostileServer, path: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(hostile.url + path, max_bytes=1_000_000)
    assert caught.value.cause == "too_large"
    assert "over the 1,000,000-byte limit (decoded)" in caught.value.message


def test_huge_endless_and_slow_bodies_are_refused(hostile: HostileServer) -> None:
    causes = {}
    for path in ("/huge.xml", "/endless.xml", "/slow.xml"):
        with pytest.raises(FetchError) as caught:
            fetch(hostile.url + path, max_bytes=1_000_000)
        causes[path] = caught.value.cause
    assert causes == {"/huge.xml": "too_large", "/endless.xml": "too_large", "/slow.xml": "timeout"}


def test_the_good_feed_among_them_is_fetched(hostile: HostileServer) -> None:
    response = fetch(hostile.url + GOOD)
    assert b"Regulator publishes AI guidance part 3" in response.content


def run_measured(args: list[str], cwd: Path) -> tuple[int, str, str, float]:
    """Run a command; its exit code, stdout, stderr and peak resident memory in MB."""
    out, err = cwd / "stdout.txt", cwd / "stderr.txt"
    code, peak_mb = run_with_peak_memory(args, REPO, out, err)
    return code, out.read_text(), err.read_text(), peak_mb


def hostile_sources(server: HostileServer) -> str:
    entries = "".join(
        f"  - id: {path.strip('/').replace('.', '-')}\n    url: {server.url}{path}\n    interval: 1h\n"
        f"    full_text: never\n"
        for path in server.paths
    )
    return ("fetch:\n  host_delay: 0s\n  read_timeout: 2s\n  total_timeout: 4s\n  retries: 0\n"
            f"sources:\n{entries}")


def test_a_crawl_of_the_hostile_set_stays_small_and_stores_the_good_feed(tmp_path: Path) -> None:
    with HostileServer(bomb_bytes=1 << 30) as server:
        (tmp_path / "sources.yaml").write_text(hostile_sources(server))
        code, stdout, stderr, peak_mb = run_measured(
            [sys.executable, "-m", "monitor", "crawl", "--db", str(tmp_path / "monitor.db"),
             "--sources", str(tmp_path / "sources.yaml"), "--config", str(ALERTING_DEFAULTS), "--json"],
            tmp_path)
    assert code == 0, stderr
    assert peak_mb < 400, f"peak memory {peak_mb:.0f} MB"
    outcomes = {s["source_id"]: (s["outcome"], s["cause"]) for s in json.loads(stdout)["sources"]}
    assert outcomes.pop("good-xml") == ("ok", None)
    assert outcomes == {"bomb-gz": ("error", "too_large"), "bomb-deflate": ("error", "too_large"),
                        "bomb-br": ("error", "too_large"), "bomb-zst": ("error", "too_large"),
                        "huge-xml": ("error", "too_large"), "endless-xml": ("error", "too_large"),
                        "slow-xml": ("error", "timeout")}
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        assert conn.execute("SELECT count(*) FROM articles WHERE source_id = 'good-xml'").fetchone()[0] == 4
