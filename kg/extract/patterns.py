"""Lexical patterns for names no vocabulary knows yet: acronyms and CamelCase names ("NAISR",
"EvoNorms", "NeuMeta", "CIFAR-10"), "X dataset/benchmark", "called/termed/dubbed X" and a title of
the form "NAME: subtitle". Regular expressions over the raw text: one scan per pattern, no model.

Spans go to ``doc.spans["kg_patterns"]`` labelled with a type; spans that the text marks as the
paper's own contribution also go to ``doc.spans["kg_proposed"]`` for the role component.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.model import EntityType

_SUFFIX = r"(?:-[A-Za-z0-9.]*[A-Za-z0-9])*"
_NAME_CORE = (
    r"(?:[A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*"  # CamelCase / acronyms: NeuMeta, NAISR, NeRF, ResNet50
    r"|[a-z]{1,3}[A-Z][A-Za-z0-9]*"  # kNN, iTransformer, zkDL
    r"|[A-Z][a-z]+-?[0-9]+[A-Za-z]*"  # Kinetics-400, Llama2
    r"|[A-Z][A-Za-z]+-(?:[0-9]+[A-Za-z]*|[A-Z]{1,3}|v[0-9]+)"  # Drobos-XL, Flethund-v2
    r"|[A-Z]-[A-Z][A-Za-z0-9]+"  # E-NeRV, Q-Transformer
    r"|[A-Z]{1,3}\.[0-9]{2,4})"  # H.264
)
NAME = re.compile(r"(?<![\w\-.])" + _NAME_CORE + _SUFFIX + r"(?![\w\-]|\.\w)")
# Acronym-shaped strings that do not name a scientific entity: hardware, units, publication words.
NOT_NAMES = frozenset(
    """AI GPU GPUs TPU TPUs CPU CPUs SOTA URL URLs API APIs PhD II III IV VI VII VIII IX XL US UK EU USA
    ID IDs OK PDF HTML JSON CSV ACM IEEE arXiv GitHub LaTeX TB GB MB KB GHz MHz FLOPs FLOP TFLOPs 1D 2D 3D
    4D ND NxN RGB RGBD RGB-D""".split()
)
_UNIT = re.compile(r"^[0-9.]+[KMBTkmb]?$|^[0-9]+[xX×]$|^[A-Z]?[0-9]+[A-Z]?$")
_DATASET_CUE = re.compile(
    r"(?<![\w\-])((?:[A-Z][\w\-]*[A-Za-z0-9])(?:\s[A-Z0-9][\w\-]*)*)\s(?:dataset|benchmark|corpus|datasets|benchmarks)\b"
)
_APPOSITION = re.compile(
    r"(?<![\w\-])([A-Z][\w\-]*[A-Za-z0-9]), an? (?:[\w\-]+ ){0,6}(dataset|benchmark|corpus|model|method|"
    r"framework|architecture|network|algorithm|approach)\b"
)
_NAMING = re.compile(
    r"\b(?:called|termed|dubbed|named|coined|namely)\s+(?:the\s+|as\s+)?((?:[A-Z][\w\-]*[A-Za-z0-9]|" + _NAME_CORE
    + r")" + _SUFFIX + r")"
)
_PROPOSE = re.compile(
    r"\b(?:we|We|paper|work)\s+(?:\w+\s+)?(?:propose|proposes|introduce|introduces|present|presents|develop|"
    r"develops|design)\s+([A-Z][\w\-]*[A-Za-z0-9]|" + _NAME_CORE + ")" + _SUFFIX + r"(?=[\s,.:;(])"
)
_TITLE = re.compile(r"^\s*([A-Z0-9][\w\-+.]*(?:\s[\w\-+.]+){0,2})\s?:\s")
_DATASET_WORDS = ("dataset", "benchmark", "corpus")
_DATASET_AFTER = re.compile(r"(?:\s[\w\-]+){0,3}?\s(?:dataset|benchmark|corpus)s?\b")


def is_name(text: str) -> bool:
    """Whether a name-shaped string is worth a mention (not hardware, a unit or a number)."""
    return text not in NOT_NAMES and not _UNIT.match(text) and sum(c.isalpha() for c in text) >= 2


@Language.factory(
    "kg_patterns",
    assigns=["doc.spans"],
    default_config={"spans_key": "kg_patterns", "proposed_key": "kg_proposed"},
)
def make_patterns(nlp: Language, name: str, spans_key: str, proposed_key: str) -> PatternMatcher:
    """spaCy factory: name-shaped spans and proposal cues (see module docstring)."""
    return PatternMatcher(name=name, spans_key=spans_key, proposed_key=proposed_key)


class PatternMatcher:
    """Finds name-shaped spans by regular expression and types them from nearby cue words."""

    def __init__(self, *, name: str = "kg_patterns", spans_key: str = "kg_patterns",
                 proposed_key: str = "kg_proposed") -> None:
        self.name = name
        self.spans_key = spans_key
        self.proposed_key = proposed_key

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        found: list[Span] = []
        proposed: list[Span] = []

        def add(start: int, end: int, kind: EntityType, target: list[Span]) -> None:
            span = doc.char_span(start, end, label=str(kind), alignment_mode="expand")
            if span is not None and is_name(span.text):
                target.append(span)

        datasets = {m.span(1) for m in _DATASET_CUE.finditer(text)}
        for match in _APPOSITION.finditer(text):
            if match.group(2) in _DATASET_WORDS:
                datasets.add(match.span(1))
        for start, end in datasets:
            add(start, end, EntityType.DATASET, found)
        for match in NAME.finditer(text):
            kind = EntityType.DATASET if _followed_by_dataset(text, match.end()) else EntityType.METHOD
            add(match.start(), match.end(), kind, found)
        title = _TITLE.match(text)
        if title and "\n" not in title.group(1):
            add(title.start(1), title.end(1), EntityType.METHOD, proposed)
        for pattern in (_NAMING, _PROPOSE):
            for match in pattern.finditer(text):
                add(match.start(1), match.end(1), EntityType.METHOD, proposed)
        doc.spans[self.spans_key] = filter_spans(found + proposed)
        doc.spans[self.proposed_key] = filter_spans(proposed)
        return doc


def _followed_by_dataset(text: str, end: int) -> bool:
    """"ADNI hippocampus 3D shape dataset": a dataset word within four words, no punctuation between."""
    return _DATASET_AFTER.match(text, end) is not None
