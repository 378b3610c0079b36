"""Records share repeated values, so a build's memory follows its distinct names, not its input size.

A 100k-abstract build holds every paper and about 16 mentions per paper until its exports are
written; these tests pin the sharing that keeps that under 2 GB (docs/benchmarks.md).
"""

from __future__ import annotations

import operator
import pickle
from dataclasses import replace

import pytest

from kg.link import link_mentions
from kg.model import Edge, EntityType, Mention, Paper, Role


def _fresh(text: str) -> str:
    """An equal string that is a different object, as two papers' extractions give."""
    return "".join(list(text))


def _mention(text: str, *, start: int = 1000, confidence: float = 0.9) -> Mention:
    return Mention(start=start, end=start + len(text), text=_fresh(text), type=EntityType.METHOD,
                   label=_fresh(text), entity_key=_fresh(text.lower()), component=_fresh("kg_vocabulary"),
                   confidence=confidence, sentence_start=start - 500, sentence_end=start + 700,
                   aliases=(_fresh(text + "s"),))


def test_mentions_of_one_name_share_their_strings_and_numbers() -> None:
    first, second = _mention("LoRA"), _mention("LoRA")
    for name in ("text", "label", "entity_key", "component", "start", "end", "confidence",
                 "sentence_start", "sentence_end"):
        assert getattr(first, name) is getattr(second, name), name
    assert first.aliases[0] is second.aliases[0]


def test_sharing_keeps_values_and_their_types() -> None:
    mention = _mention("LoRA", confidence=1.0)
    whole_number = _mention("NeRF", start=1)
    assert type(mention.confidence) is float and mention.confidence == 1.0
    assert type(whole_number.start) is int and whole_number.start == 1


def test_unpickled_and_replaced_mentions_are_shared_too() -> None:
    mention = _mention("LoRA")
    assert pickle.loads(pickle.dumps(mention)) == mention  # Dask workers send mentions pickled
    assert pickle.loads(pickle.dumps(mention)).text is mention.text
    assert replace(mention, label=_fresh("Low-Rank Adaptation")).label is _mention("Low-Rank Adaptation").label


def test_an_unpickled_mention_is_the_mention_with_every_field_shared() -> None:
    """Mentions cross from extraction processes pickled; they are rebuilt without ``__init__``."""
    import inspect

    from kg import model

    mention = replace(_mention("LoRA", confidence=1.0), role=Role.PROPOSES)
    copy = pickle.loads(pickle.dumps(mention, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == mention and type(copy) is Mention and type(copy.confidence) is float
    for name in ("text", "label", "entity_key", "component", "start", "end", "confidence",
                 "sentence_start", "sentence_end"):
        assert getattr(copy, name) is getattr(_mention("LoRA", confidence=1.0), name), name
    assert copy.aliases[0] is mention.aliases[0] and copy.role is Role.PROPOSES
    assert list(inspect.signature(model.mention_of).parameters) == list(Mention.__dataclass_fields__)


@pytest.mark.parametrize("changes", [
    {"type": EntityType.DATASET},
    {"entity_key": "low-rank-adaptation", "label": "Low-Rank Adaptation"},
    {"entity_key": "x", "label": "X", "type": EntityType.TASK, "confidence": 0.8},
    {"start": 5000, "aliases": ("a", "b"), "role": Role.USES_METHOD},
])
def test_a_mention_with_changed_fields_is_the_replaced_mention_shared(changes: dict) -> None:
    """``mention_with`` (what linking and ``Corpus.of`` use) gives what ``dataclasses.replace`` gives."""
    from kg.model import mention_with

    mention = _mention("LoRA")
    fresh = {name: _fresh(value) if isinstance(value, str) else value for name, value in changes.items()}
    made, replaced = mention_with(mention, **fresh), replace(mention, **fresh)
    assert made == replaced and type(made) is Mention
    for name in Mention.__dataclass_fields__:
        value = getattr(made, name)
        assert value is getattr(replaced, name) or (type(value) is tuple and all(map(operator.is_, value,
                                                                                      getattr(replaced, name)))), name
    with pytest.raises(TypeError, match="no field 'kind'"):
        mention_with(mention, kind=EntityType.TASK)


def test_a_paper_holds_its_raw_text_once_when_normalising_changed_nothing() -> None:
    paper = Paper(key="p", title="A title", abstract="An abstract.", raw_title=_fresh("A title"),
                  raw_abstract=_fresh("An  abstract."))
    assert paper.raw_title is paper.title
    assert paper.raw_abstract == "An  abstract."  # different raw text is kept as it was
    assert pickle.loads(pickle.dumps(paper)) == paper


def test_edges_share_their_role_tuples_but_not_plain_strings() -> None:
    first = Edge("a", "lora", (Role.MENTIONS, Role.USES_METHOD))
    second = Edge("b", "lora", (Role.MENTIONS, Role.USES_METHOD))
    assert first.roles is second.roles
    plain = Edge("c", "lora", ("mentions", "usesMethod"))
    assert plain.roles is not first.roles and type(plain.roles[0]) is str


def test_linked_edges_hold_the_extractors_mentions_not_copies() -> None:
    mention = _mention("LoRA")
    papers = [Paper(key="p", title="LoRA", abstract="We use LoRA.")]
    _, (edge,), _ = link_mentions(papers, [[mention]])
    assert edge.mentions[0] is mention
