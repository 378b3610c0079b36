"""Hand memory the build no longer needs back to the operating system.

Extraction leaves a lot of freed heap behind (spaCy docs, the extractor itself once the build has
returned). CPython keeps freed blocks for reuse, and glibc keeps freed pages inside the process, so
without this the export phase (SHACL validation of a sample, the N-Triples writer) starts from the
high-water mark of extraction and the build's peak RSS is the sum of both. Measured on 4,000
abstracts: 313 MB after the build, 240 MB after ``release()``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc


def release() -> None:
    """Collect garbage cycles, then ask glibc to return free heap pages (a no-op elsewhere)."""
    gc.collect()
    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to trim
        return
    trim(0)
