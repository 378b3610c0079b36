"""Entity IRIs a folder's exports have published stay resolvable in every later build into that folder.

An entity's key comes from its canonical form, so most IRIs are stable by construction. Two things
can still retire one as papers are added: a bare acronym that had an entity of its own ("XYZ") is
defined by a new paper and merges into the long form, or a span that was an entity of its own now
links to a vocabulary term. Its IRI must not just vanish: users keep IRIs in notes, queries and other
graphs. So the previous export is the registry. Before a build replaces ``paperkg.nt`` we read the
entity IRIs it published (with their labels) and the redirects it carried; every published entity
IRI that the new graph lacks, and whose name now belongs to a live entity, gets
``<old> dcterms:isReplacedBy <new>``, the Dublin Core term for exactly this. Redirects are carried
forward build after build (chains collapse to the live entity), so an IRI never stops resolving
while the concept it named is in the graph.

Reading the old export, not a hidden state file, means a clone of a repository with committed
exports keeps its IRI history, and full and ``--update`` builds into one folder agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.corpus import Corpus
from kg.errors import ExportError
from kg.iri import entity_iri
from kg.resolve import loose

_ENTITY = entity_iri("")
_PREF = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
_ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
_REPLACED = "<http://purl.org/dc/terms/isReplacedBy>"
_WANTED = (_PREF, _ALT, _REPLACED)


@dataclass(frozen=True, slots=True)
class Published:
    """What an earlier export in the folder published: entity keys with their names, and its redirects."""

    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Entity key → its preferred label first, then its aliases."""
    redirects: Mapping[str, str] = field(default_factory=dict)
    """Retired entity key → the key that replaced it."""


def read_published(ntriples: Path) -> Published:
    """The entity IRIs and redirects in an N-Triples export; empty when the file does not exist.

    Only lines about entity IRIs with the three predicates needed are parsed, so this stays a fast
    scan even for exports of millions of triples.
    """
    import pyoxigraph as ox

    if not ntriples.is_file():
        return Published()
    prefix = f"<{_ENTITY}"
    try:
        with ntriples.open("r", encoding="utf-8") as handle:
            lines = [line for line in handle if line.startswith(prefix) and any(p in line for p in _WANTED)]
        triples = list(ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError) as error:
        raise ExportError(f"cannot read the entity IRIs the previous export published ({error}); move it "
                          "away to start a new IRI history", path=ntriples) from error
    labels: dict[str, str] = {}
    aliases: dict[str, list[str]] = defaultdict(list)
    redirects: dict[str, str] = {}
    for triple in triples:
        key = triple.subject.value[len(_ENTITY):]
        predicate = f"<{triple.predicate.value}>"
        if predicate == _PREF:
            labels[key] = triple.object.value
        elif predicate == _ALT:
            aliases[key].append(triple.object.value)
        elif isinstance(triple.object, ox.NamedNode) and triple.object.value.startswith(_ENTITY):
            redirects[key] = triple.object.value[len(_ENTITY):]
    names = {key: (label, *sorted(aliases[key])) for key, label in labels.items()}
    return Published(names=names, redirects=redirects)


def carry_forward(corpus: Corpus, published: Published) -> Corpus:
    """``corpus`` with a redirect for every published entity IRI it retired; live IRIs are untouched."""
    if not published.names and not published.redirects:
        return corpus
    live = {entity.key for entity in corpus.entities}
    owners = _owners(corpus)
    replaced: dict[str, str] = {}
    for key, names in published.names.items():
        if key not in live:
            target = _successor(names, owners)
            if target is not None:
                replaced[key] = target
    for old, target in published.redirects.items():
        if old in live or old in replaced:
            continue
        final = target if target in live else replaced.get(target)
        if final is not None:
            replaced[old] = final
    if not replaced:
        return corpus
    # replace(), not Corpus.of: the corpus is exported as given (the export's own checks judge it).
    return replace(corpus, redirects=tuple(sorted((dict(corpus.redirects) | replaced).items())))


def _owners(corpus: Corpus) -> dict[str, list[str]]:
    """Loose form (``kg.resolve.loose``) of each label and alias → live entity keys, most-mentioned first."""
    counts = corpus.paper_counts()
    owners: dict[str, set[str]] = defaultdict(set)
    for entity in corpus.entities:
        for name in (entity.label, *entity.aliases):
            owners[loose(name)].add(entity.key)
    return {form: sorted(keys, key=lambda k: (-counts.get(k, 0), k)) for form, keys in owners.items()}


def _successor(names: Iterable[str], owners: Mapping[str, list[str]]) -> str | None:
    """The live entity that now carries a retired entity's label, else one of its aliases."""
    for name in names:
        keys = owners.get(loose(name))
        if keys:
            return keys[0]
    return None
