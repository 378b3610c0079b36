"""kg.memory.release: freed heap goes back to the operating system before the export phase."""

from __future__ import annotations

import ctypes.util
import gc
import sys
from pathlib import Path

import pytest

from kg.memory import release


def _rss_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmRSS line")


@pytest.mark.skipif(not sys.platform.startswith("linux") or not ctypes.util.find_library("c"),
                    reason="measures RSS through /proc and glibc's malloc_trim")
def test_fragmented_free_heap_is_returned() -> None:
    blocks = [bytes(2048) + bytes([i % 256]) for i in range(100_000)]  # ~200 MB of malloc'd blocks
    kept = blocks[::50]  # every 50th block stays: the freed heap is fragmented, glibc keeps it
    del blocks
    gc.collect()
    before = _rss_mb()
    release()
    assert _rss_mb() < before - 100, "release() should return most of the ~200 MB freed"
    assert len(kept) == 2000
