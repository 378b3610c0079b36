"""Dates as the inputs write them: ``Jun 10, 2021``, ``Jun 12`` (no year), ISO ``2021-06-10``.

A date without a year stays without one (``month_day`` ``MM-DD``): the pages omit the year for
the current year, and guessing it from the page would invent data. Impossible dates (``Feb 30``)
are errors, not silently dropped; ``Feb 29`` without a year is accepted since it exists in leap
years.

>>> parse_date("Jun 10, 2021")
PaperDate(iso='2021-06-10', month_day=None)
>>> parse_date("Jun 12")
PaperDate(iso=None, month_day='06-12')
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_MONTH_NAMES = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_HUMAN = re.compile(rf"({_MONTH_NAMES})\s+(\d{{1,2}})(?:,\s*(\d{{4}}))?", re.IGNORECASE)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]*)?")
_LEAP_YEAR = 2000


class PaperDate(NamedTuple):
    """A parsed date: ``iso`` when the year is known, else ``month_day``."""

    iso: str | None
    month_day: str | None


def _checked(year: int | None, month: int, day: int, written: str) -> PaperDate:
    try:
        value = dt.date(year if year is not None else _LEAP_YEAR, month, day)
    except ValueError:
        raise ValueError(f"impossible date {written!r}") from None
    if year is None:
        return PaperDate(None, value.strftime("%m-%d"))
    return PaperDate(value.isoformat(), None)


def parse_human(match: re.Match[str], written: str) -> PaperDate:
    """A ``_HUMAN`` match as a date (raises ``ValueError`` for impossible dates)."""
    month_name, day, year = match.group(1), match.group(2), match.group(3)
    month = _MONTHS.get(month_name[:3].lower())
    if month is None or (len(month_name.rstrip(".")) > 3 and not _full_month(month_name, month)):
        raise ValueError(f"unknown month in {written!r}")
    return _checked(int(year) if year else None, month, int(day), written)


def _full_month(name: str, month: int) -> bool:
    return dt.date(_LEAP_YEAR, month, 1).strftime("%B").lower().startswith(name.rstrip(".").lower())


HUMAN_DATE = _HUMAN
"""The pattern of a page date (``Jun 10, 2021`` / ``Jun 12``); page parsers anchor it."""


def parse_date(text: str) -> PaperDate:
    """Parse a date written as on the pages or in ISO form; ``ValueError`` says what is wrong."""
    written = text.strip()
    iso = _ISO.fullmatch(written)
    if iso:
        return _checked(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), written)
    human = _HUMAN.fullmatch(written)
    if human:
        return parse_human(human, written)
    raise ValueError(f"unrecognised date {written!r} (expected YYYY-MM-DD, 'Jun 10, 2021' or 'Jun 12')")
