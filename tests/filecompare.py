"""Byte-for-byte comparison of export files that fails with a short, readable message.

A plain ``assert a.read_bytes() == b.read_bytes()`` on multi-megabyte exports makes pytest
diff the two reprs in full when it runs on CI (it does so only there), which took minutes
and printed pages of bytes. The reader needs only where the files part and a line of each.
"""

from __future__ import annotations

from pathlib import Path


def first_difference(actual: bytes, expected: bytes) -> str | None:
    """None when equal, else the first differing line number with both lines, shortened.

    >>> first_difference(b"a\\nb\\n", b"a\\nb\\n") is None
    True
    >>> first_difference(b"a\\nb\\n", b"a\\nc\\n")
    "line 2: b'b' != b'c' (sizes 4 and 4 bytes)"
    >>> first_difference(b"a\\n", b"a\\nb\\n")
    "line 2: b'' != b'b' (sizes 2 and 4 bytes)"
    """
    if actual == expected:
        return None
    left, right = actual.split(b"\n"), expected.split(b"\n")
    number = next((i for i, (one, other) in enumerate(zip(left, right, strict=False)) if one != other),
                  min(len(left), len(right)))
    one = left[number] if number < len(left) else b""
    other = right[number] if number < len(right) else b""
    return f"line {number + 1}: {one[:160]!r} != {other[:160]!r} (sizes {len(actual)} and {len(expected)} bytes)"


def assert_same_bytes(actual: Path, expected: Path, hint: str = "") -> None:
    """Fail with where ``actual`` first departs from ``expected`` (and ``hint``) unless they are equal."""
    where = first_difference(actual.read_bytes(), expected.read_bytes())
    assert where is None, f"{actual} differs from {expected} at {where}{'; ' + hint if hint else ''}"
