"""A progress bar on stderr for long builds, silent for short ones and when stderr is not a terminal.

tqdm is already a spaCy dependency, so this costs nothing extra.
"""

from __future__ import annotations

import sys
from types import TracebackType

from tqdm import tqdm

LONG_INPUT = 500
"""Inputs with fewer papers finish in seconds; a bar would only flicker."""


class ProgressBar:
    """Context manager: ``update(n)`` per processed item; ``set_total(n)`` once the size is known."""

    def __init__(self, desc: str, unit: str = "it", *, force: bool | None = None) -> None:
        self._desc = desc
        self._unit = unit
        self._force = force
        self._bar: tqdm | None = None

    def set_total(self, total: int) -> None:
        """Start the bar when the input is long (or when forced)."""
        show = self._force if self._force is not None else (total >= LONG_INPUT and sys.stderr.isatty())
        if show:
            self._bar = tqdm(total=total, desc=self._desc, unit=self._unit, file=sys.stderr, leave=False)

    def update(self, n: int = 1) -> None:
        """Advance the bar, if one is shown."""
        if self._bar is not None:
            self._bar.update(n)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.close()
