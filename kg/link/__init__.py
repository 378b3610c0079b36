"""Corpus-level linking: mentions from many papers become canonical entities and paper-entity edges.

The extractor links within one text (vocabulary terms, abbreviations defined in that text). Across a
corpus, ``CorpusLinker`` adds what one text cannot know:

- an **acronym memory**: "INR" defined as "implicit neural representation" in one abstract is linked
  to that entity where another abstract uses "INR" bare; when papers define an acronym differently
  the senses stay separate entities, bare uses stay unlinked, and a note says so;
- **canonicalisation**: variants that differ only in case, plural, hyphenation or punctuation
  (``merge_form``) are one entity, named by its vocabulary label or its most frequent spelling; a new
  name that a term the vocabulary writes in capitals only resembles ("Maestro", "MAESTRO") stays apart
  (``Vocabulary.new_key``);
- **edges**: one per paper-entity pair, with every role its mentions support and all the mentions.

>>> linker = CorpusLinker()  # add(paper, mentions) per paper, then finish(); finish() can be repeated
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from kg.extract.canonical import key_form, merge_form
from kg.extract.resolve import graph_type
from kg.extract.vocabulary import is_homonym
from kg.iri import entity_key
from kg.model import Edge, Entity, EntityType, Mention, Paper, Role, mention_with

if TYPE_CHECKING:
    from kg.extract import Extractor
    from kg.extract.vocabulary import Vocabulary

ABBREVIATION_COMPONENT = "kg_abbreviations"
EDGE_THRESHOLD = 0.6
"""An edge needs one mention at least this confident; weaker spans stay visible in ``kg extract``."""
_ACRONYM = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Za-z0-9][A-Za-z0-9\-]{1,9}$")

__all__ = ["CorpusLinker", "extract_corpus", "link_mentions"]


@dataclass(frozen=True, slots=True)
class _Sense:
    key: str
    label: str
    type: EntityType


class CorpusLinker:
    """Accumulates papers' mentions (``add``) and turns them into entities and edges (``finish``)."""

    def __init__(self, vocabulary: Vocabulary | None = None, *, min_confidence: float = EDGE_THRESHOLD) -> None:
        self.vocabulary = vocabulary
        self.min_confidence = min_confidence
        self._papers: dict[str, tuple[Mention, ...]] = {}
        self._form: Callable[[str], str] = merge_form

    def add(self, paper: Paper | str, mentions: Iterable[Mention]) -> None:
        """Record a paper's mentions; adding the same paper key again replaces them."""
        key = paper if isinstance(paper, str) else paper.key
        self._papers[key] = tuple(mentions)

    def finish(self) -> tuple[list[Entity], list[Edge], list[str]]:
        """Entities, edges and human-readable notes (acronym conflicts), all sorted.

        Linking asks for the merge form of each mention's label several times; ``merge_form``'s own
        cache holds 65,536 labels, fewer than a 20,000-paper corpus has, so a cache of every label
        lives for the duration of the call (linking took 3x as long at 20k as at 10k without it).
        """
        self._form = cache(merge_form)
        try:
            return self._finish()
        finally:
            self._form = merge_form

    def _finish(self) -> tuple[list[Entity], list[Edge], list[str]]:
        senses, defined_in = self._acronym_senses()
        conflicts = {acronym: keys for acronym, keys in senses.items() if len(keys) > 1}
        relinked = {
            paper: self._confident([self._relink(m, senses, defined_in.get(paper, set())) for m in mentions])
            for paper, mentions in self._papers.items()
        }
        groups = self._group(relinked)
        entities, final_key = self._entities(groups, conflicts)
        edges = []
        for paper in sorted(relinked):
            by_entity: dict[str, list[Mention]] = defaultdict(list)
            for mention in relinked[paper]:
                key = final_key[mention.entity_key]
                by_entity[key].append(_relabelled(mention, key, entities[key].label))
            for key, found in sorted(by_entity.items()):
                edges.append(Edge(paper, key, _roles(found, entities[key].type),
                                  tuple(sorted(found, key=lambda m: (m.start, m.end)))))
        notes = [self._note(acronym, keys, final_key, entities, senses) for acronym, keys in conflicts.items()]
        return sorted(entities.values(), key=lambda e: e.key), edges, sorted(notes)

    def _acronym_senses(self) -> tuple[dict[str, dict[str, _Sense]], dict[str, set[str]]]:
        """Acronym (merge form) → the senses papers define for it, and the acronyms each paper defines."""
        senses: dict[str, dict[str, _Sense]] = defaultdict(dict)
        defined_in: dict[str, set[str]] = defaultdict(set)
        for paper, mentions in self._papers.items():
            for mention in mentions:
                if mention.component != ABBREVIATION_COMPONENT:
                    continue
                for alias in (mention.text, *mention.aliases):
                    if _ACRONYM.match(alias) and self._form(alias) != self._form(mention.label):
                        form = self._form(alias)
                        senses[form].setdefault(mention.entity_key, _Sense(mention.entity_key, mention.label,
                                                                           mention.type))
                        defined_in[paper].add(form)
        return senses, defined_in

    def _relink(self, mention: Mention, senses: dict[str, dict[str, _Sense]], local: set[str]) -> Mention:
        """A bare acronym takes the one sense the corpus defines for it; ambiguous ones stay as they are."""
        if mention.component == ABBREVIATION_COMPONENT or not _ACRONYM.match(mention.text):
            return mention  # most mentions: tested before the merge form, a new one for most texts
        form = self._form(mention.text)
        if form in local:
            return mention
        if mention.entity_key != entity_key(mention.label) or self._form(mention.label) != form:
            return mention  # already linked to a vocabulary term or a sense defined in this text
        options = senses.get(form, {})
        if len(options) != 1:
            return mention
        (sense,) = options.values()
        return mention_with(mention, entity_key=sense.key, label=sense.label, type=sense.type,
                            confidence=round(min(mention.confidence, 0.8), 4))

    def _confident(self, mentions: list[Mention]) -> list[Mention]:
        """The mentions of entities that at least one mention in this paper supports confidently enough."""
        best: dict[str, float] = defaultdict(float)
        for mention in mentions:
            form = self._form(mention.label)
            best[form] = max(best[form], mention.confidence)
        return [m for m in mentions if best[self._form(m.label)] >= self.min_confidence]

    def _group(self, relinked: dict[str, list[Mention]]) -> dict[str, list[Mention]]:
        """Mentions by merged entity: keys whose labels share a merge form become one group."""
        by_form: dict[str, str] = {}
        groups: dict[str, list[Mention]] = defaultdict(list)
        for paper in sorted(relinked):
            for mention in relinked[paper]:
                form = self._form(mention.label)
                if self.vocabulary is not None and mention.entity_key in self.vocabulary.terms:
                    by_form[form] = mention.entity_key
        terms = self.vocabulary.terms if self.vocabulary is not None else {}
        for paper in sorted(relinked):
            for mention in relinked[paper]:
                key = mention.entity_key
                anchor = by_form.setdefault(self._form(mention.label), key)
                if anchor != key and anchor in terms and is_homonym(mention.label, terms[anchor].label):
                    anchor = key  # "Maestro" (a method, keyed apart by ``Vocabulary.new_key``) is not MAESTRO
                groups[anchor].append(mention)
        return groups

    def _entities(self, groups: dict[str, list[Mention]],
                  conflicts: dict[str, dict[str, _Sense]]) -> tuple[dict[str, Entity], dict[str, str]]:
        conflicted: dict[str, set[str]] = defaultdict(set)
        for acronym_form, keys in conflicts.items():
            for key in keys:
                conflicted[key].add(acronym_form)
        entities: dict[str, Entity] = {}
        final_key: dict[str, str] = {}
        for anchor, mentions in sorted(groups.items()):
            term = self.vocabulary.terms.get(anchor) if self.vocabulary is not None else None
            if term is not None:
                label, kind, broader = term.label, term.type, term.broader
            else:
                labels = Counter(m.label for m in mentions)
                label = min(labels, key=lambda text: (-labels[text], not any(c.isupper() for c in text), text))
                weights: Counter[EntityType] = Counter()
                for m in mentions:
                    weights[m.type] += m.confidence
                kind = graph_type(label, min(weights, key=lambda t: (-weights[t], t.value)))
                broader = ()
            # An unknown entity's key comes from its merge form, not from the spelling that wins the
            # vote: papers added later may change which spelling is most frequent, never the key.
            if term is not None:
                key = anchor
            elif self.vocabulary is not None:
                key = self.vocabulary.new_key(key_form(label))
            else:
                key = entity_key(key_form(label))
            forms = {n for m in mentions for n in m.names} | {a for m in mentions for a in m.aliases}
            acronyms = sorted({a for m in mentions for a in (m.text, *m.aliases)
                               if _ACRONYM.match(a) and self._form(a) in conflicted.get(m.entity_key, ())})
            previous = entities.get(key)
            if previous is not None:  # two groups whose chosen labels slug alike: one entity
                forms |= set(previous.aliases)
                acronyms = sorted(set(acronyms) | set(previous.acronym_conflicts))
            entities[key] = Entity(
                key=key, label=label, type=kind, aliases=tuple(sorted(forms - {label})), broader=tuple(broader),
                in_vocabulary=term is not None, acronym_conflicts=tuple(acronyms),
            )
            for mention in mentions:
                final_key[mention.entity_key] = key
        return entities, final_key

    def _note(self, acronym: str, keys: dict[str, _Sense], final_key: dict[str, str],
              entities: dict[str, Entity], senses: dict[str, dict[str, _Sense]]) -> str:
        counts = Counter(final_key[k] for k in keys)
        shown = sorted({final_key[k] for k in keys})
        spelled = next((a for k in shown for a in entities[k].acronym_conflicts if self._form(a) == acronym), acronym)
        parts = [f"{entities[k].label} ({counts[k]} definition{'s' if counts[k] > 1 else ''})" for k in shown]
        return f"acronym {spelled} has {len(shown)} senses: " + "; ".join(parts)


# Roles that only make sense for one entity type; the entity's final type (after merging mentions
# from many papers) decides, so an edge never says "evaluates on" a method.
_ROLE_TYPE = {
    Role.EVALUATES_ON: EntityType.DATASET,
    Role.ADDRESSES_TASK: EntityType.TASK,
    Role.USES_METHOD: EntityType.METHOD,
    Role.MEASURES_WITH: EntityType.METRIC,
}


# Each role as a bit (in ``Role`` order) and the type it needs, by the member's id: hashing a member
# runs ``Enum.__hash__`` in Python, three times per mention the way roles were first collected here.
_ROLE_BITS = {id(role): (1 << index, _ROLE_TYPE.get(role)) for index, role in enumerate(Role)}
_ROLES_OF_BITS: dict[int, tuple[Role, ...]] = {}
_MENTIONS_BIT = _ROLE_BITS[id(Role.MENTIONS)][0]


def _roles(found: Iterable[Mention], kind: EntityType) -> tuple[Role, ...]:
    """The roles of an edge to an entity of type ``kind``: "mentions", and each mention's role whose
    type (``_ROLE_TYPE``) the entity has, in ``Role`` order; one tuple per combination."""
    bits = _MENTIONS_BIT
    for mention in found:
        bit, needs = _ROLE_BITS.get(id(mention.role)) or _ROLE_BITS[id(Role(mention.role))]
        if needs is None or needs is kind:
            bits |= bit
    roles = _ROLES_OF_BITS.get(bits)
    if roles is None:
        roles = _ROLES_OF_BITS[bits] = tuple(role for index, role in enumerate(Role) if bits >> index & 1)
    return roles


def _relabelled(mention: Mention, key: str, label: str) -> Mention:
    """``mention`` under its entity's final key and label; the same object when neither changes.

    Most mentions keep both, and the build keeps the extractor's mentions (its cache, saved after
    the exports) beside the edges: returning the same object holds each mention once, not twice.
    """
    if mention.entity_key == key and mention.label == label:
        return mention
    return mention_with(mention, entity_key=key, label=label)


def extract_corpus(
    papers: Iterable[Paper],
    extractor: Extractor | None = None,
    *,
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Entity], list[Edge], list[str]]:
    """Stream ``paper.text`` of each paper through ``extractor`` and link the corpus (``CorpusLinker``)."""
    if extractor is None:
        from kg.extract import Extractor

        extractor = Extractor.default()
    linker = CorpusLinker(extractor.vocabulary)
    pending: deque[Paper] = deque()

    def texts() -> Iterator[str]:
        for paper in papers:
            pending.append(paper)
            yield paper.text

    for mentions in extractor.annotate(texts(), batch_size=batch_size):
        linker.add(pending.popleft(), mentions)
        if progress is not None:
            progress(1)
    return linker.finish()


def link_mentions(papers: Sequence[Paper], mentions: Sequence[Sequence[Mention]],
                  vocabulary: Vocabulary | None = None) -> tuple[list[Entity], list[Edge], list[str]]:
    """Link already-extracted mentions (one list per paper, e.g. from a build cache)."""
    linker = CorpusLinker(vocabulary)
    for paper, found in zip(papers, mentions, strict=True):
        linker.add(paper, found)
    return linker.finish()
