"""Finding input files and reading them as numbered lines of text, with one clear error per problem.

Encoding policy (docs/exit-codes.md repeats it for users):

* UTF-8 is the input encoding. A UTF-8 byte-order mark is accepted and dropped.
* UTF-16 and UTF-32 are accepted only with a byte-order mark, which makes them unambiguous.
* Anything else that is not valid UTF-8 (Latin-1, Windows-1252, UTF-16 without BOM) is an error
  naming the line, column and byte, with a hint when the bytes read as Latin-1: guessing an
  encoding silently turns ``é`` into ``Ã©`` in titles and keys, which is worse than stopping.
* NUL bytes, known binary signatures (gzip, zip, PDF, PNG, ELF) or a high share of control
  bytes mean a binary file.

Lines are yielded one at a time so a multi-gigabyte JSON Lines snapshot streams; a single line
over ``MAX_LINE_BYTES`` is an error for that line only (the reader skips to the next newline).
"""

from __future__ import annotations

import codecs
import io
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError

MAX_LINE_BYTES = 16 * 1024 * 1024
"""Longest accepted line (16 MiB); a 5 MB abstract fits, an unterminated gigabyte does not."""

_SNIFF_BYTES = 8192
_BOMS = (  # longest first: the UTF-32-LE mark starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_SIGNATURES = ((b"\x1f\x8b", "gzip-compressed"), (b"PK\x03\x04", "a zip archive"), (b"%PDF-", "a PDF"),
               (b"\x89PNG", "a PNG image"), (b"\x7fELF", "an executable"), (b"BZh", "bzip2-compressed"),
               (b"\xfd7zXZ", "xz-compressed"))
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\b\x1b")
_MAX_CONTROL_SHARE = 0.1

Line = tuple[int, str | InputError]
"""A 1-based line number and the line's text without its newline, or why it cannot be read."""


def expand_paths(paths: Sequence[str | Path]) -> Iterator[Path | InputError]:
    """Each input file named by ``paths``: files as given, directories recursively and sorted.

    Hidden files and folders (``.name``) inside a directory are skipped, as are the things a
    build cannot read as a file (sockets, FIFOs: opening a FIFO would hang the build).
    """
    for item in paths:
        path = Path(item)
        if path.is_dir():
            yield from _walk(path)
        elif not path.exists():
            reason = "broken symbolic link" if path.is_symlink() else "no such file or directory"
            yield InputError(reason, path=path)
        elif not path.is_file():
            yield InputError("not a regular file", path=path)
        else:
            yield path


def _walk(root: Path) -> Iterator[Path | InputError]:
    found: list[Path] = []
    problems: list[InputError] = []

    def unreadable(error: OSError) -> None:
        problems.append(InputError(f"cannot read directory: {error.strerror or error}",
                                   path=error.filename or root))

    for folder, dirs, names in os.walk(root, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name.startswith("."):
                continue
            path = Path(folder) / name
            if path.is_file():
                found.append(path)
            elif path.is_symlink() and not path.exists():
                problems.append(InputError("broken symbolic link", path=path))
    if not found and not problems:
        problems.append(InputError("directory contains no input files", path=root))
    yield from sorted(found)
    yield from problems


def read_lines(path: Path) -> Iterator[Line]:
    """Numbered lines of ``path``; raises ``InputError`` for problems of the whole file.

    Problems of one line (an undecodable byte, a NUL, an over-long line) are yielded in place of
    that line so a JSON Lines reader can skip it and go on; a file with no non-blank line raises.
    """
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(_os_reason(error), path=path) from None
    with handle:
        _check_regular(handle, path)
        head = _read_head(handle, path)
        if not head:
            raise InputError("empty file", path=path)
        encoding = next((name for bom, name in _BOMS if head.startswith(bom)), None)
        if encoding in (None, "utf-8-sig"):
            _reject_binary(head, path)
        if encoding in ("utf-16", "utf-32"):
            lines = _wide_lines(handle, path, encoding)
        else:
            lines = _utf8_lines(handle, path, skip_bom=encoding == "utf-8-sig")
        yield from _require_text(lines, path)


def _read_head(handle: BinaryIO, path: Path) -> bytes:
    try:
        head = handle.read(_SNIFF_BYTES)
        handle.seek(0)
    except OSError as error:
        raise InputError(_os_reason(error), path=path) from None
    return head


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {error.strerror or error}"


def _check_regular(handle: BinaryIO, path: Path) -> None:
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        raise InputError("not a regular file", path=path)


def _reject_binary(head: bytes, path: Path) -> None:
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            raise InputError(f"binary file ({kind}), not text; decompress or convert it first", path=path)
    nul = head.find(b"\x00")
    if nul >= 0:
        hint = ""
        if head[1:64:2].count(0) > 8 or head[0:64:2].count(0) > 8:
            hint = "; if it is UTF-16 text without a byte-order mark, save it as UTF-8"
        raise InputError(f"binary file (NUL byte), not text{hint}", path=path, line=head.count(b"\n", 0, nul) + 1)
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    if controls > _MAX_CONTROL_SHARE * len(head):
        raise InputError("binary file (mostly control bytes), not text", path=path)


def _utf8_lines(handle: BinaryIO, path: Path, *, skip_bom: bool) -> Iterator[Line]:
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if number == 1 and skip_bom:
            raw = raw[len(codecs.BOM_UTF8):]
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            _skip_rest_of_line(handle)
            yield number, InputError(f"line longer than {MAX_LINE_BYTES // (1024 * 1024)} MiB", path=path,
                                     line=number)
            continue
        yield number, _decode_utf8(raw, path, number)


def _skip_rest_of_line(handle: BinaryIO) -> None:
    while True:
        chunk = handle.readline(MAX_LINE_BYTES)
        if not chunk or chunk.endswith(b"\n"):
            return


def _decode_utf8(raw: bytes, path: Path, number: int) -> str | InputError:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return InputError(_utf8_reason(raw, error), path=path, line=number)
    if "\x00" in text:
        return InputError("NUL byte in text (binary data?)", path=path, line=number)
    return _strip_newline(text)


def _utf8_reason(raw: bytes, error: UnicodeDecodeError) -> str:
    byte = raw[error.start]
    column = len(raw[:error.start].decode("utf-8", errors="replace")) + 1
    reason = f"not valid UTF-8: byte 0x{byte:02X} at column {column}"
    if all(b >= 0xA0 or b < 0x80 for b in raw):
        reason += " (looks like Latin-1; convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8)"
    elif all(b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) for b in raw):
        reason += " (looks like Windows-1252; convert the file to UTF-8, e.g. iconv -f cp1252 -t utf-8)"
    return reason


def _wide_lines(handle: BinaryIO, path: Path, encoding: str) -> Iterator[Line]:
    text = io.TextIOWrapper(handle, encoding=encoding, errors="strict", newline=None)
    number = 0
    try:
        for line in text:
            number += 1
            if "\x00" in line:
                yield number, InputError("NUL character in text (binary data?)", path=path, line=number)
            else:
                yield number, _strip_newline(line)
    except UnicodeDecodeError as error:
        raise InputError(f"not valid {encoding.upper()} after line {number}: {error.reason}", path=path,
                         line=number + 1) from None
    finally:
        text.detach()


def _strip_newline(line: str) -> str:
    if line.endswith("\n"):
        line = line[:-1]
    if line.endswith("\r"):
        line = line[:-1]
    return line


def _require_text(lines: Iterator[Line], path: Path) -> Iterator[Line]:
    seen_text = False
    for number, line in lines:
        if isinstance(line, InputError) or line.strip():
            seen_text = True
        yield number, line
    if not seen_text:
        raise InputError("file contains only whitespace", path=path)
