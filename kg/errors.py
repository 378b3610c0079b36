"""One exception hierarchy for the whole package.

Library code raises these with the file, line and reason; the CLI turns each into a single
stderr line and the exit code documented on the class, never a traceback.
"""

from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """Base class of every error paperkg reports to a user."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The message as the CLI prints it: ``path:line: message``."""
        where = ""
        if self.path is not None:
            where = self.path + (f":{self.line}" if self.line is not None else "") + ": "
        return where + " ".join(self.message.split())


class InputError(KgError):
    """An input file is missing, unreadable, empty, binary, mis-encoded or malformed (exit 2)."""

    exit_code = 2


class UsageError(KgError):
    """The command line asks for something impossible (exit 2)."""

    exit_code = 2


class ValidationError(KgError):
    """The export violates the SHACL shapes (exit 3)."""

    exit_code = 3


class QueryError(KgError):
    """A SPARQL query is malformed or cannot run on the export (exit 4)."""

    exit_code = 4


class ExportError(KgError):
    """An export cannot be read or written (exit 5)."""

    exit_code = 5


class NotFoundError(KgError):
    """A named entity or paper is not in the graph (exit 6)."""

    exit_code = 6
