"""Atomic file writes: a failed or interrupted run never damages existing exports.

Content goes to a temporary file in the target's directory, is flushed and fsynced, then renamed
over the target (``os.replace`` is atomic on POSIX within one filesystem).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

STAGING_PREFIX = ".paperkg-export-"
"""The prefix of the folders a build stages its files in, inside the export folder: ``<prefix><pid>-...``.
A later build removes those whose process is gone (``kg.export.rdf.sweep_stale_staging``)."""


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary sibling of ``path`` for writing; rename it over ``path`` on success only."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    binary = "b" in mode
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else "") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def write_text(path: str | Path, text: str) -> Path:
    """Atomically replace ``path`` with ``text`` (UTF-8)."""
    with atomic_open(path, "w") as handle:
        handle.write(text)
    return Path(path)


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Atomically replace ``path`` with ``data``."""
    with atomic_open(path, "wb", encoding=None) as handle:
        handle.write(data)
    return Path(path)


def publish(staged: str | Path, target: str | Path) -> Path:
    """Move a complete file written elsewhere in the same folder tree over ``target``: flushed to disk
    first, then renamed, so readers see the old file or the new one, never a part."""
    staged, target = Path(staged), Path(target)
    with staged.open("rb") as handle:
        os.fsync(handle.fileno())
    os.chmod(staged, 0o644)
    os.replace(staged, target)
    return target
