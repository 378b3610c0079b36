"""Reader for SciERC (Luan et al., EMNLP 2018) documents, with the map onto paperkg's types.

Used both to train the learned span detector (``scripts/train_ner.py``) and to score the whole
extractor (``kg.evaluate.evaluate_scierc``), so training and evaluation see the same text and spans.
Documents are detokenised by joining tokens with single spaces, with Penn Treebank escapes
("-LRB-", "``") turned back into the characters they stand for, so the extractor reads the brackets
and quotes it meets in real abstracts; spans become character offsets into that text. SciERC's
``Generic`` spans ("approach", "it") are not entities for paperkg and are dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.model import EntityType

TYPE_MAP: dict[str, EntityType] = {
    "Method": EntityType.METHOD,
    "Material": EntityType.DATASET,
    "Task": EntityType.TASK,
    "Metric": EntityType.METRIC,
    "OtherScientificTerm": EntityType.CONCEPT,
}


@dataclass(frozen=True, slots=True)
class SciercDoc:
    """One abstract: its detokenised text and gold spans ``(start, end, type)`` in char offsets."""

    key: str
    text: str
    spans: tuple[tuple[int, int, EntityType], ...]


def read_scierc(path: Path) -> Iterator[SciercDoc]:
    """Yield the documents of a SciERC JSON Lines file (one abstract per line)."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read SciERC file ({exc.strerror})") from exc
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                yield _document(record)
            except (ValueError, KeyError, IndexError, TypeError) as exc:
                raise InputError(f"{path}:{number}: not a SciERC document ({exc})") from exc


# Penn Treebank token escapes in SciERC and the characters they stand for.
PTB_ESCAPES: dict[str, str] = {
    "-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}", "``": '"', "''": '"',
}


def _document(record: dict) -> SciercDoc:
    tokens = [PTB_ESCAPES.get(token, token) for sentence in record["sentences"] for token in sentence]
    starts: list[int] = []
    position = 0
    for token in tokens:
        starts.append(position)
        position += len(token) + 1
    text = " ".join(tokens)
    spans = {
        (starts[first], starts[last] + len(tokens[last]), TYPE_MAP[label])
        for sentence in record["ner"]
        for first, last, label in sentence
        if label in TYPE_MAP
    }
    return SciercDoc(key=str(record.get("doc_key", "")), text=text, spans=tuple(sorted(spans)))
