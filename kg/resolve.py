"""Find an entity or paper by whatever name a user types: label, alias, acronym, key, IRI.

Matching is tiered so an exact name always wins over a looser variant: the folded preferred
label, then any folded alias or key, then variants with hyphens read as spaces and plural
endings dropped ("Implicit-Neural-Representations" finds "implicit neural representation").
Within a tier the entity in most papers wins, then the smallest key, so the answer is
deterministic even when an acronym names two things.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from kg.corpus import Corpus
from kg.errors import NotFoundError
from kg.iri import RESOURCE, fold, normalise_arxiv_id, paper_key
from kg.model import Entity, Paper

_SEPARATORS = re.compile(r"[\s\-_‐‑‒–—/]+")
_PAPER_IRI = RESOURCE + "paper/"
_ENTITY_IRI = RESOURCE + "entity/"
_SUGGESTIONS = 5


def _singular(word: str) -> str:
    """A crude English singular, applied to both sides of a comparison so it only has to be consistent."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def loose(name: str) -> str:
    """The loosest form two names are compared in: folded, hyphens as spaces, last word singular.

    >>> loose("Implicit-Neural-Representations")
    'implicit neural representation'
    >>> loose("INRs") == loose("INR")
    True
    """
    words = _SEPARATORS.sub(" ", fold(name)).split()
    if words:
        words[-1] = _singular(words[-1])
    return " ".join(words)


class EntityIndex:
    """Lookup tables from every folded name of every entity to the entity keys it may mean."""

    def __init__(self, entities: Iterable[Entity], paper_counts: Mapping[str, int],
                 redirects: Iterable[tuple[str, str]] = ()) -> None:
        self._by_key: dict[str, Entity] = {}
        self._redirects = dict(redirects)
        self._tiers: tuple[dict[str, set[str]], ...] = ({}, {}, {})
        self._counts = paper_counts
        for entity in entities:
            self._by_key[entity.key] = entity
            names = (entity.label, entity.key, *entity.aliases)
            self._tiers[0].setdefault(fold(entity.label), set()).add(entity.key)
            for name in names:
                self._tiers[1].setdefault(fold(name), set()).add(entity.key)
                self._tiers[2].setdefault(loose(name), set()).add(entity.key)

    def get(self, key: str) -> Entity | None:
        """The entity with exactly this key, or the one that replaced a retired key, if any."""
        return self._by_key.get(key) or self._by_key.get(self._redirects.get(key, ""))

    def matches(self, name: str) -> tuple[Entity, ...]:
        """Every entity the name may mean, best first; empty when nothing matches."""
        if name.startswith(_ENTITY_IRI) and self.get(name[len(_ENTITY_IRI):]) is not None:
            return (self.get(name[len(_ENTITY_IRI):]),)
        for tier, form in zip(self._tiers, (fold(name), fold(name), loose(name)), strict=True):
            keys = tier.get(form)
            if keys:
                ranked = sorted(keys, key=lambda k: (-self._counts.get(k, 0), k))
                return tuple(self._by_key[k] for k in ranked)
        return ()

    def resolve(self, name: str | Entity) -> Entity:
        """The best entity for ``name``; ``NotFoundError`` listing close names when there is none."""
        if isinstance(name, Entity):
            if name.key in self._by_key:
                return self._by_key[name.key]
            name = name.label
        found = self.matches(name)
        if found:
            return found[0]
        raise NotFoundError(f"no entity named {name!r}" + self._suggest(name))

    def _suggest(self, name: str) -> str:
        owners: dict[str, Entity] = {}
        for entity in sorted(self._by_key.values(), key=lambda e: (-self._counts.get(e.key, 0), e.key)):
            for variant in (entity.label, *entity.aliases):
                owners.setdefault(fold(variant), entity)
        close = difflib.get_close_matches(fold(name), list(owners), n=3 * _SUGGESTIONS, cutoff=0.6)
        if not close:
            return "; no close names either (names are matched case-insensitively, aliases included)"
        entities = list(dict.fromkeys(owners[c] for c in close))[:_SUGGESTIONS]
        return "; did you mean: " + ", ".join(f"{e.label} ({e.type.value})" for e in entities) + "?"


class PaperIndex:
    """Lookup of a paper by key, IRI, arXiv id or (folded) title."""

    def __init__(self, papers: Iterable[Paper]) -> None:
        self._by_key: dict[str, Paper] = {}
        self._by_title: dict[str, Paper] = {}
        for paper in papers:
            self._by_key[paper.key] = paper
            self._by_title.setdefault(fold(paper.title), paper)

    def resolve(self, ref: str | Paper) -> Paper:
        """The paper ``ref`` names; ``NotFoundError`` with close titles when there is none."""
        if isinstance(ref, Paper):
            ref = ref.key
        text = ref.strip()
        if text.startswith(_PAPER_IRI):
            text = text[len(_PAPER_IRI):]
        arxiv = normalise_arxiv_id(text)
        candidates = (text, paper_key("", arxiv) if arxiv else None)
        for key in candidates:
            if key and key in self._by_key:
                return self._by_key[key]
        if fold(text) in self._by_title:
            return self._by_title[fold(text)]
        close = difflib.get_close_matches(fold(text), list(self._by_title), n=3, cutoff=0.6)
        hint = "; did you mean: " + "; ".join(self._by_title[c].title for c in close) + "?" if close else ""
        raise NotFoundError(f"no paper with key, arXiv id or title {ref!r}{hint}")


def indexes(corpus: Corpus) -> tuple[EntityIndex, PaperIndex]:
    """Both lookup tables of a corpus."""
    return EntityIndex(corpus.entities, corpus.paper_counts(), corpus.redirects), PaperIndex(corpus.papers)
