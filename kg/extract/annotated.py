"""Mention spans from paper-level annotations (``ANNOTATION.md`` format), to train the detector.

The project's own annotations list, per paper, each entity with its type and every surface form the
title or abstract uses (``name`` when it occurs, plus ``aliases``). A span detector needs character
spans instead, so every whole-word occurrence of a surface form in ``Paper.text`` becomes a mention
of the entity's type. Words with a capital after their first letter ("INR", "NeRF", "ResNet") are
names whose case matters: they match as written, so an acronym that is also a word ("IF", "ID")
does not label the word. Other words match in any case ("Implicit Neural Representations" in a
title, "implicit neural representations" in the abstract). Forms are normalised as the paper text
is (``normalize_text``: LaTeX accents, quotes), since annotators copy them from the raw page. Where
forms overlap, the longest wins ("neural radiance fields" over "radiance fields"), as in SciERC's
flat spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from kg.ingest.normalize import normalize_text
from kg.model import EntityType

Span = tuple[int, int, EntityType]


def surface_forms(entity: dict) -> list[str]:
    """The name and aliases of one annotated entity, normalised, without repeats, longest first."""
    forms = {normalize_text(str(form)) for form in [entity.get("name", ""), *entity.get("aliases", ())]}
    return sorted((form for form in forms if form), key=lambda form: (-len(form), form))


def _form_pattern(form: str) -> re.Pattern[str]:
    """Whole-word pattern for ``form``: words with a capital inside ("INR", "NeRF", "GPT") match as
    written, other words ("Shape", "memory") in any case, so "GPU Memory" finds "GPU memory"."""
    parts = []
    for piece in re.split(r"(\w+)", form):
        if not piece:
            continue
        escaped = re.escape(piece)
        inner_capital = piece[0].isalnum() and any(char.isupper() for char in piece[1:])
        parts.append(escaped if inner_capital else f"(?i:{escaped})")
    return re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)")


def _occurrences(text: str, form: str) -> Iterable[tuple[int, int]]:
    for match in _form_pattern(form).finditer(text):
        yield match.start(), match.end()


def annotated_spans(text: str, entities: Sequence[dict]) -> list[Span]:
    """Non-overlapping mention spans, sorted, for every occurrence of every entity's surface forms.

    >>> entities = [{"name": "Implicit Neural Representation", "type": "Concept",
    ...              "aliases": ["implicit neural representations", "INRs"]}]
    >>> text = "Implicit neural representations (INRs) are compact. If INRs ..."
    >>> [(text[s:e], t.value) for s, e, t in annotated_spans(text, entities)]
    [('Implicit neural representations', 'Concept'), ('INRs', 'Concept'), ('INRs', 'Concept')]
    """
    found: list[tuple[int, int, int, EntityType]] = []
    for order, entity in enumerate(entities):
        kind = EntityType(entity["type"])
        for form in surface_forms(entity):
            found.extend((start, end, order, kind) for start, end in _occurrences(text, form))
    taken: list[Span] = []
    for start, end, _, kind in sorted(found, key=lambda s: (s[0] - s[1], s[0], s[2])):
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, kind))
    return sorted(taken)
