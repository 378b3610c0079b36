"""SHACL validation of an export graph against ``ontology/shapes.ttl``.

The build runs this before it publishes anything (a large build's sample beside the writing of the
files, ``validation_beside``), so an export that breaks the contract users' queries rely on is
never published; the error lists each violation in words.

pySHACL checks the core constraints. The SHACL-SPARQL constraints of the same file are run here
once per graph instead of once per focus node (the query joined with the shape's target classes),
on Oxigraph: same rules and results, but pySHACL's per-node evaluation took about a second per
hundred annotations, and rdflib's engine re-runs the joined subquery per node as well.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
import rdflib
from rdflib import RDF, SH, URIRef
from rdflib.term import Node

from kg.corpus import Corpus
from kg.errors import ValidationError
from kg.model import Edge, Entity, Paper
from kg.ontology_files import ontology_file

SHAPES = ontology_file("shapes.ttl")
MAX_LISTED = 20
"""Violations spelled out in the error; the rest are counted, since one bug often repeats thousands of times."""


@dataclass(frozen=True, slots=True)
class SparqlRule:
    """One ``sh:sparql`` constraint, rewritten to find every violation of the graph in one query."""

    message: str
    query: str


@lru_cache(maxsize=1)
def shapes_graph() -> rdflib.Graph:
    """The parsed shapes file, read once per process."""
    return rdflib.Graph().parse(SHAPES, format="turtle")


@lru_cache(maxsize=1)
def _core_shapes() -> rdflib.Graph:
    """The shapes without their SPARQL constraints (those run in ``sparql_rules``)."""
    core = rdflib.Graph()
    for prefix, namespace in shapes_graph().namespaces():
        core.bind(prefix, namespace)
    core += shapes_graph()
    for shape, constraint in list(core.subject_objects(SH.sparql)):
        core.remove((shape, SH.sparql, constraint))
    return core


@lru_cache(maxsize=1)
def sparql_rules() -> tuple[SparqlRule, ...]:
    """Every SPARQL constraint joined with its shape's ``sh:targetClass`` set, sorted by message."""
    shapes = shapes_graph()
    rules = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        prefixes = "".join(
            f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
            for source in shapes.objects(constraint, SH.prefixes) for d in shapes.objects(source, SH.declare)
        )
        classes = " ".join(f"<{cls}>" for cls in sorted(shapes.objects(shape, SH.targetClass)))
        select = str(shapes.value(constraint, SH.select))
        query = f"{prefixes}SELECT * WHERE {{ VALUES ?cls {{ {classes} }} ?this a ?cls . {{ {select} }} }}"
        rules.append(SparqlRule(str(shapes.value(constraint, SH.message)), query))
    return tuple(sorted(rules, key=lambda rule: rule.message))


def _short(graph: rdflib.Graph, node: Node | None) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except (ValueError, KeyError):
            return f"<{node}>"
    return node.n3()


def _line(graph: rdflib.Graph, focus: Node | None, path: Node | None, message: str, value: Node | None) -> str:
    shown = f" (value {_short(graph, value)})" if value is not None and value != focus else ""
    return f"{_short(graph, focus)} {_short(graph, path)}: {' '.join(message.split())}{shown}"


def _core_violations(graph: rdflib.Graph) -> set[str]:
    import pyshacl

    conforms, results, _ = pyshacl.validate(graph, shacl_graph=_core_shapes(), inference="none",
                                            allow_warnings=True)
    if conforms:
        return set()
    if not isinstance(results, rdflib.Graph):  # pySHACL's ValidationFailure: the shapes themselves are broken
        raise ValidationError(f"cannot validate: {results}", path=SHAPES)
    return {
        _line(graph, results.value(r, SH.focusNode), results.value(r, SH.resultPath),
              str(results.value(r, SH.resultMessage) or "violates a shape"), results.value(r, SH.value))
        for r in results.subjects(RDF.type, SH.ValidationResult)
        if results.value(r, SH.resultSeverity) == SH.Violation
    }


def _to_rdflib(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    return rdflib.Literal(term.value, lang=term.language, datatype=None if term.language else term.datatype.value)


def _sparql_violations(graph: rdflib.Graph, ntriples: bytes | None = None) -> set[str]:
    """Run each rule once on an Oxigraph copy: rdflib re-evaluates the subquery per focus node.

    ``ntriples`` is the graph as N-Triples when the caller has them (``kg.partitions.part_lines``
    writes the same triples several times faster than rdflib serialises them).
    """
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8") if ntriples is None else ntriples,
               format=ox.RdfFormat.N_TRIPLES)
    found = set()
    for rule in sparql_rules():
        for row in store.query(rule.query):  # type: ignore[union-attr]
            found.add(_line(graph, _to_rdflib(row["this"]), _to_rdflib(row["path"]), rule.message,
                            _to_rdflib(row["value"])))
    return found


def violations(graph: rdflib.Graph) -> list[str]:
    """One readable line per violation (focus node, property, message, value), sorted; empty when valid."""
    return sorted(_core_violations(graph) | _sparql_violations(graph))


def validate_graph(graph: rdflib.Graph) -> None:
    """Raise ``ValidationError`` listing the violations when ``graph`` breaks a shape."""
    _raise_for(violations(graph))


def _raise_for(found: list[str]) -> None:
    if not found:
        return
    listed = "; ".join(found[:MAX_LISTED])
    more = f"; and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
    error = ValidationError(f"export violates the SHACL shapes ({len(found)} violations): {listed}{more}")
    error.violations = found  # type: ignore[attr-defined]
    raise error


FULL_VALIDATION_PAPERS = 500
"""Builds up to this many papers are validated whole. pySHACL takes about 4 ms per annotation, so a
20,000-paper build (320,000 annotations) would take over 20 minutes; larger builds are validated on
a sample (``sample_corpus``) with every entity, broader term and redirect target it reaches."""
SAMPLE_PAPERS = 200
"""Papers in a large build's sample: first one paper for each kind of data the build holds (an
optional field, a role, a component, an entity with aliases or a broader term...), then evenly spaced
ones. The graph is produced by the same code for every paper, so a defect shows in the sample as long
as the sample holds every kind of data; 500 evenly spaced papers took about 20 s of pySHACL, a
process beside the export's writing on a 2-core machine, and could still miss a rare field."""


VALIDATION_CHUNK = 100
"""Papers validated per rdflib graph. Every shape is local to a paper, an entity or an annotation, so
chunks find exactly the violations one graph would; an rdflib graph costs about 1 KB a triple, and one
graph of 500 papers raised a 20,000-paper build's peak by about 300 MB."""


def validate_corpus(corpus: Corpus, *, limit: int = FULL_VALIDATION_PAPERS, chunk: int = VALIDATION_CHUNK) -> int:
    """Validate ``corpus``'s export graph (``ValidationError`` on a violation); returns the papers checked."""
    checked = _checked(corpus, limit)
    _raise_for(_chunk_violations(checked, chunk))
    return len(checked.papers)


@contextmanager
def validation_beside(corpus: Corpus, *, limit: int | None = None, chunk: int = VALIDATION_CHUNK,
                      process: bool | None = None) -> Iterator[Callable[[], int]]:
    """``validate_corpus`` run beside the caller's work; the function it yields waits for the verdict.

    The caller writes the exports (into a staging folder) meanwhile and asks for the verdict before it
    publishes anything: the checks and their result are those of ``validate_corpus``, but the 15 s or
    so pySHACL takes on a large build's sample run on another core, in a process of its own
    (``kg.export.aside``). The process is used when ``process`` says so, by default for builds that are
    sampled. Otherwise the corpus is validated here before the block runs, so a small invalid build
    writes nothing at all; and if the process gives no answer, here when the verdict is asked for.
    Leaving the block early stops the process. ``limit`` is ``FULL_VALIDATION_PAPERS`` unless given.
    """
    from kg.export.aside import Aside

    limit = FULL_VALIDATION_PAPERS if limit is None else limit
    checked = _checked(corpus, limit)
    worker = None
    if process if process is not None else len(corpus.papers) > limit:
        worker = Aside.start(_chunk_violations, checked, chunk)
    if worker is None:
        _raise_for(_chunk_violations(checked, chunk))

    def verdict() -> int:
        if worker is not None:
            answered, found = worker.result()
            _raise_for(found if answered and found is not None else _chunk_violations(checked, chunk))
        return len(checked.papers)

    try:
        yield verdict
    finally:
        if worker is not None:
            worker.stop()


def _checked(corpus: Corpus, limit: int) -> Corpus:
    return corpus if len(corpus.papers) <= limit else sample_corpus(corpus, min(limit, SAMPLE_PAPERS))


def _chunk_violations(checked: Corpus, chunk: int) -> list[str]:
    """The sorted violations of ``checked``'s graph, validated ``chunk`` papers at a time."""
    from kg.export.rdf import corpus_to_graph
    from kg.partitions import part_lines, whole

    found: set[str] = set()
    for start in range(0, max(len(checked.papers), 1), chunk):
        part = checked if len(checked.papers) <= chunk else _reach(checked, checked.papers[start:start + chunk])
        graph = corpus_to_graph(part)
        ntriples = "".join(line + "\n" for line in part_lines(whole(part))).encode("utf-8")
        found.update(_core_violations(graph) | _sparql_violations(graph, ntriples))
    return sorted(found)


def sample_corpus(corpus: Corpus, size: int) -> Corpus:
    """At most ``size`` papers (plain constructor: nothing is repaired): the first paper showing each
    kind of data no earlier pick showed (``_kinds``), then every k-th of the others, with the edges
    and the entities those reach."""
    entities = {entity.key: entity for entity in corpus.entities}
    edges: dict[str, list[Edge]] = {}
    for edge in corpus.edges:
        edges.setdefault(edge.paper_key, []).append(edge)
    seen: set[str] = set()
    picked: list[int] = []
    for index, paper in enumerate(corpus.papers):
        kinds = _kinds(paper, edges.get(paper.key, ()), entities)
        if not kinds <= seen and len(picked) < size:
            picked.append(index)
            seen |= kinds
    chosen = set(picked)
    rest = [index for index in range(len(corpus.papers)) if index not in chosen]
    if rest and size > len(picked):
        step = max(1, -(-len(rest) // (size - len(picked))))
        picked += rest[::step]
    return _reach(corpus, tuple(corpus.papers[index] for index in sorted(picked)))


def _kinds(paper: Paper, edges: Iterable[Edge], entities: dict[str, Entity]) -> set[object]:
    """The kinds of data a paper's part of the graph holds: each optional field it fills, its dates'
    forms, and the roles, types, components and aliases of its mentions, with what the entities
    they reach hold (aliases, broader terms, acronym conflicts, vocabulary membership)."""
    kinds: set[object] = {name for name in _OPTIONAL_PAPER_FIELDS if getattr(paper, name) not in (None, "", ())}
    if paper.raw_title != paper.title:
        kinds.add("raw title")
    if paper.raw_abstract != paper.abstract:
        kinds.add("raw abstract")
    if paper.date:
        kinds.add(("date", len(paper.date)))
    for source in paper.sources:
        kinds.add(("source", len(source.page_date or ""), source.line is not None))
    for edge in edges:
        kinds.add(edge.roles)
        kinds.update((m.type, m.role, m.component, bool(m.aliases)) for m in edge.mentions)
        entity = entities.get(edge.entity_key)
        if entity is not None:
            kinds.add((entity.type, entity.in_vocabulary, bool(entity.aliases), bool(entity.broader),
                       bool(entity.acronym_conflicts)))
    return kinds


_OPTIONAL_PAPER_FIELDS = ("arxiv_id", "authors", "author_count", "month_day", "upvotes", "url", "categories")


def _reach(corpus: Corpus, papers: tuple[Paper, ...]) -> Corpus:
    """``papers`` with their edges, the entities those link (and their broader terms) and the redirects
    to them."""
    keys = {paper.key for paper in papers}
    edges = tuple(edge for edge in corpus.edges if edge.paper_key in keys)
    by_key = {entity.key: entity for entity in corpus.entities}
    wanted = {edge.entity_key for edge in edges}
    redirects = tuple((old, new) for old, new in corpus.redirects if new in wanted)
    frontier = set(wanted)
    while frontier:  # broader terms, and theirs
        frontier = {b for key in frontier if key in by_key for b in by_key[key].broader} - wanted
        wanted |= frontier
    entities = tuple(by_key[key] for key in sorted(wanted) if key in by_key)
    return Corpus(papers=papers, entities=entities, edges=edges, provenance=corpus.provenance,
                  notes=corpus.notes, redirects=redirects)
