"""``KnowledgeGraph``: the Python API over a built or loaded paperkg graph.

A thin facade over an immutable ``kg.corpus.Corpus``: it resolves the names users type (labels,
aliases, acronyms, keys, arXiv ids) and delegates to ``kg.analysis``, ``kg.networks`` and the
exporters, which are imported only when used, so loading an export never imports spaCy.

The examples run as doctests (``tests/test_api_doctests.py``) from the repository root on the
committed seed export, loaded as:

    >>> from kg import KnowledgeGraph
    >>> graph = KnowledgeGraph.load("exports/paperkg.ttl")
    >>> graph
    KnowledgeGraph(papers=145, entities=..., edges=...)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from kg import analysis, networks
from kg.corpus import Corpus
from kg.errors import NotFoundError, QueryError, UsageError
from kg.model import Edge, Entity, EntityType, Paper, Role
from kg.resolve import indexes
from kg.results import Evidence, Related, SparqlResult, Trend

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

    from kg.export.html import HtmlSummary

EntityRef = str | Entity
"""An entity: its label, any alias (case-insensitive), key, IRI, or the ``Entity`` itself."""
PaperRef = str | Paper
"""A paper: its key, arXiv id, IRI, exact title (case-insensitive), or the ``Paper`` itself."""


class KnowledgeGraph:
    """Papers, entities and their typed links, with navigation, analysis and conversions.

    Immutable: methods that narrow the graph (``subgraph``) return a new ``KnowledgeGraph``.
    Two graphs are equal when their corpora are equal (same records, provenance and notes).
    """

    __slots__ = ("corpus", "_entities", "_papers", "_edges", "_by_paper", "_by_entity", "_source", "_store")

    def __init__(self, corpus: Corpus, *, source: Path | None = None) -> None:
        self.corpus = corpus
        self._entities, self._papers = indexes(corpus)
        self._edges: dict[tuple[str, str], Edge] = {}
        self._by_paper: dict[str, list[Edge]] = {}
        self._by_entity: dict[str, list[Edge]] = {}
        for edge in corpus.edges:
            self._edges[edge.paper_key, edge.entity_key] = edge
            self._by_paper.setdefault(edge.paper_key, []).append(edge)
            self._by_entity.setdefault(edge.entity_key, []).append(edge)
        self._source = source
        self._store: pyoxigraph.Store | None = None

    # Construction and persistence

    @classmethod
    def build(cls, inputs: Sequence[str | Path], *, fmt: str | None = None, skip_bad: bool = False,
              progress: Callable[[int], None] | None = None) -> KnowledgeGraph:
        """Read inputs (HF Daily Papers pages, JSON Lines, arXiv metadata), extract and link entities.

        The same pipeline as ``kg build``; ``fmt`` forces an input format (``hf``, ``jsonl``,
        ``arxiv``), ``skip_bad`` skips malformed entries, ``progress`` is called with the number of
        papers just processed. Loads spaCy, so it takes seconds; ``load`` an export when you can.
        """
        from kg.build import build_corpus

        corpus, _report = build_corpus(inputs, fmt=fmt, skip_bad=skip_bad, progress=progress)
        return cls(corpus)

    @classmethod
    def load(cls, path: str | Path) -> KnowledgeGraph:
        """Load a paperkg Turtle export; ``ExportError`` says what is missing from any other file."""
        from kg.export.rdf import load_corpus

        return cls(load_corpus(Path(path)), source=Path(path))

    def save(self, out_dir: str | Path) -> list[Path]:
        """Write the RDF exports (Turtle and the other formats ``kg build`` writes) into ``out_dir``."""
        from kg.export.rdf import write_rdf

        return write_rdf(self.corpus, Path(out_dir))

    def to_turtle(self) -> str:
        """The graph as Turtle text, exactly as ``save`` writes it to ``paperkg.ttl``.

        >>> graph.to_turtle() == Path("exports/paperkg.ttl").read_text(encoding="utf-8")
        True
        """
        from kg.export.rdf import corpus_to_graph, to_turtle

        return to_turtle(corpus_to_graph(self.corpus))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, KnowledgeGraph):
            return NotImplemented
        return self.corpus == other.corpus

    __hash__ = None  # type: ignore[assignment]  # equal graphs need not share identity; the corpus is the value

    def __repr__(self) -> str:
        return (f"KnowledgeGraph(papers={len(self.corpus.papers)}, entities={len(self.corpus.entities)}, "
                f"edges={len(self.corpus.edges)})")

    # Navigation

    def papers(self) -> tuple[Paper, ...]:
        """Every paper, by key.

        >>> len(graph.papers())
        145
        >>> sum(1 for paper in graph.papers() if paper.date)  # listings that give a year
        66
        """
        return self.corpus.papers

    def paper(self, ref: PaperRef) -> Paper:
        """One paper by key, arXiv id (``"2106.01234"``, ``"arXiv:2106.01234v2"``), IRI or title.

        >>> graph.paper("in-context lora for diffusion transformers").key
        'in-context-lora-for-diffusion-transformers'
        """
        return self._papers.resolve(ref)

    def entities(self, type: EntityType | str | None = None) -> tuple[Entity, ...]:
        """Every entity, or those of one type (``"Method"``, ``"dataset"``, ``EntityType.TASK``), by key.

        >>> "ImageNet" in {dataset.label for dataset in graph.entities(type="dataset")}
        True
        """
        if type is None:
            return self.corpus.entities
        wanted = _entity_type(type)
        return tuple(e for e in self.corpus.entities if e.type is wanted)

    def entity(self, name: EntityRef) -> Entity:
        """The entity a label, alias, acronym, key or IRI names; case, hyphens and plurals do not matter.

        When a name fits several entities (an acronym with two senses), the one in most papers
        wins. Unknown names raise ``NotFoundError`` with the closest names.

        >>> inr = graph.entity("INRs")
        >>> inr.label, inr.type.value
        ('Implicit Neural Representation', 'Concept')
        >>> graph.entity("implicit-neural-representations") == inr
        True
        >>> try:
        ...     graph.entity("Nerual Radiance Field")
        ... except NotFoundError as error:
        ...     print(error)
        no entity named 'Nerual Radiance Field'; did you mean: Neural Radiance Field (Method)...
        """
        return self._entities.resolve(name)

    def papers_for(self, entity: EntityRef, role: Role | str | None = None) -> tuple[Paper, ...]:
        """Papers linked to an entity, optionally only those with ``role`` (``"proposes"``, ...), by key.

        ``mentions`` matches every link: every role implies a mention.

        >>> for paper in graph.papers_for("LoRA"):
        ...     print(paper.title)
        Computational Limits of Low-Rank Adaptation (LoRA) for Transformer-Based Models
        In-Context LoRA for Diffusion Transformers
        Transformed Low-rank Adaptation via Tensor Decomposition and Its Applications to Text-to-image Models
        """
        key = self.entity(entity).key
        wanted = _role(role)
        return tuple(self._papers.resolve(edge.paper_key) for edge in self._by_entity.get(key, ())
                     if _has_role(edge, wanted))

    def entities_for(self, paper: PaperRef, role: Role | str | None = None) -> tuple[Entity, ...]:
        """Entities a paper is linked to, optionally only with ``role``, by type then label.

        >>> paper = graph.paper("Random Field Augmentations for Self-Supervised Representation Learning")
        >>> [entity.label for entity in graph.entities_for(paper, role="evaluatesOn")]
        ['ImageNet', 'iNaturalist']
        """
        key = self.paper(paper).key
        wanted = _role(role)
        found = (self._entities.get(edge.entity_key) for edge in self._by_paper.get(key, ())
                 if _has_role(edge, wanted))
        return tuple(sorted((e for e in found if e is not None), key=lambda e: (e.type.value, e.label.casefold())))

    def roles(self, paper: PaperRef, entity: EntityRef) -> tuple[Role, ...]:
        """The roles the link between the paper and the entity records, in ``Role`` order.

        Empty when the two are not linked.

        >>> paper = graph.paper("Random Field Augmentations for Self-Supervised Representation Learning")
        >>> Role.EVALUATES_ON in graph.roles(paper, "ImageNet")
        True
        """
        edge = self._edge(paper, entity)
        return tuple(role for role in Role if role in edge.roles) if edge else ()

    def evidence(self, paper: PaperRef, entity: EntityRef) -> tuple[Evidence, ...]:
        """The mentions supporting a paper-entity link, in text order (empty when not linked).

        >>> first = graph.evidence("In-Context LoRA for Diffusion Transformers", "LoRA")[0]
        >>> first.quote, first.role.value
        ('LoRA', 'usesMethod')
        >>> graph.paper(first.paper_key).text[first.start:first.end]
        'LoRA'
        """
        edge = self._edge(paper, entity)
        if edge is None:
            return ()
        text = self.paper(paper).text
        return tuple(
            Evidence(edge.paper_key, edge.entity_key, m.text, m.start, m.end,
                     text[m.sentence_start:m.sentence_end], m.sentence_start, m.sentence_end,
                     m.role, m.confidence, m.component)
            for m in sorted(edge.mentions, key=lambda m: (m.start, m.end)))

    def _edge(self, paper: PaperRef, entity: EntityRef) -> Edge | None:
        return self._edges.get((self.paper(paper).key, self.entity(entity).key))

    # Analysis

    def related(self, entity: EntityRef, k: int = 10, *, metric: str = "jaccard",
                min_support: int = 1) -> tuple[Related, ...]:
        """The ``k`` entities co-occurring most with ``entity`` by Jaccard (or ``"npmi"``) over papers.

        See ``kg.analysis.related`` for the scores; ``min_support`` drops pairs sharing fewer papers.

        >>> for item in graph.related("INR", k=3):
        ...     print(f"{item.entity.label}: {item.score:.2f} ({item.shared} shared papers)")
        Video Compression: 0.50 (3 shared papers)
        NeRV: 0.33 (2 shared papers)
        Positional Encoding: 0.33 (2 shared papers)
        """
        return analysis.related(self.corpus, self.entity(entity).key, k, metric=metric, min_support=min_support)

    def cooccurrence(self, min_weight: int = 1) -> nx.Graph:
        """Entities (keyed by entity key) joined by shared papers: ``weight`` = count, ``jaccard``.

        >>> graph.cooccurrence()["implicit-neural-representation"]["video-compression"]["weight"]
        3
        """
        return networks.cooccurrence(self.corpus, min_weight)

    def subgraph(self, focus: EntityRef | PaperRef | Iterable[EntityRef | PaperRef], hops: int = 1) -> KnowledgeGraph:
        """The graph within ``hops`` steps of one or more entities or papers.

        A step goes between a paper and an entity it is linked to, so from an entity ``hops=1``
        keeps its papers and ``hops=2`` also the other entities of those papers. A string is read
        as an entity name first, then as a paper key, arXiv id or title.

        >>> graph.subgraph("LoRA", hops=1)
        KnowledgeGraph(papers=3, entities=1, edges=3)
        """
        if hops < 0:
            raise UsageError(f"hops must be 0 or more, not {hops}")
        items = [focus] if isinstance(focus, str | Paper | Entity) else list(focus)
        paper_keys, entity_keys = [], []
        for item in items:
            if isinstance(item, Paper):
                paper_keys.append(self.paper(item).key)
            elif isinstance(item, Entity) or self._entities.matches(item):
                entity_keys.append(self.entity(item).key)
            else:
                try:
                    paper_keys.append(self.paper(item).key)
                except NotFoundError:
                    self.entity(item)  # raises with entity suggestions, the likelier intent
        return KnowledgeGraph(analysis.neighbourhood(self.corpus, paper_keys, entity_keys, hops))

    def trending(self, *, since: str | None = None, k: int = 10, by: str = "papers", min_papers: int = 2,
                 type: EntityType | str | Iterable[EntityType | str] | None = None) -> tuple[Trend, ...]:
        """Entities whose share of dated papers (or of their upvotes, ``by="upvotes"``) grew since ``since``.

        Papers without a year are left out of both periods; see ``kg.analysis.trending``.

        >>> graph.trending(k=1, type="Concept")
        (Trend('Implicit Neural Representation', growth=3.77, papers 0->3, upvotes 0->0, since=2023-06-07),)

        The seed pages give upvotes only for recent papers, so there is no earlier period to compare:

        >>> graph.trending(by="upvotes")
        ()
        """
        types = None
        if type is not None:
            types = {_entity_type(t) for t in ([type] if isinstance(type, str) else type)}
        return analysis.trending(self.corpus, since=since, k=k, by=by, min_papers=min_papers, types=types)

    def communities(self, *, resolution: float = 1.0, seed: int = 0,
                    min_size: int = 2) -> tuple[tuple[Entity, ...], ...]:
        """Groups of co-occurring entities (Louvain, seeded), largest first; see ``kg.analysis``.

        >>> groups = graph.communities()
        >>> any({"Neural Operator", "Partial Differential Equation"} <= {entity.label for entity in group}
        ...     for group in groups)
        True
        """
        return analysis.communities(self.corpus, resolution=resolution, seed=seed, min_size=min_size)

    # Interoperability

    def to_networkx(self) -> nx.MultiDiGraph:
        """Papers and entities as IRI-keyed nodes, one edge per paper-entity role; see ``kg.networks``.

        >>> g = graph.to_networkx()
        >>> g.number_of_nodes() == len(graph.papers()) + len(graph.entities())
        True
        >>> sorted({key for _, _, key in g.edges(keys=True)})
        ['addressesTask', 'broader', 'evaluatesOn', 'measuresWith', 'mentions', 'proposes', 'usesMethod']
        """
        return networks.to_networkx(self.corpus)

    def to_rdflib(self) -> rdflib.Graph:
        """A fresh ``rdflib.Graph`` of the export (yours to modify).

        >>> len(graph.to_rdflib()) == len(graph.sparql("SELECT * WHERE { ?s ?p ?o }"))
        True
        """
        from kg.export.rdf import corpus_to_graph

        return corpus_to_graph(self.corpus)

    def sparql(self, query: str) -> SparqlResult | bool | list[tuple[str, str, object]]:
        """Run SPARQL on an embedded Oxigraph store of this graph (built once, on first use).

        ``SELECT`` gives a ``SparqlResult`` (variables and rows of Python values), ``ASK`` a bool,
        ``CONSTRUCT``/``DESCRIBE`` a list of triples. A malformed query raises ``QueryError``.

        >>> result = graph.sparql('''
        ...     PREFIX kg: <https://w3id.org/paperkg/ontology#>
        ...     PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        ...     SELECT ?label (COUNT(?paper) AS ?papers)
        ...     WHERE { ?paper kg:evaluatesOn ?dataset . ?dataset skos:prefLabel ?label }
        ...     GROUP BY ?label ORDER BY DESC(?papers) ?label LIMIT 2''')
        >>> result.variables, result.rows
        (('label', 'papers'), (('ImageNet', 6), ('CIFAR-10', 5)))
        """
        import pyoxigraph

        store = self._oxigraph()
        try:
            answer = store.query(query)
        except SyntaxError as error:
            raise QueryError(f"malformed SPARQL: {error}") from error
        if isinstance(answer, pyoxigraph.QueryBoolean):
            return bool(answer)
        if isinstance(answer, pyoxigraph.QueryTriples):
            return [(t.subject.value, t.predicate.value, _python_value(t.object)) for t in answer]
        variables = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(_python_value(solution[v]) for v in variables) for solution in answer)
        return SparqlResult(variables, rows)

    def _oxigraph(self) -> pyoxigraph.Store:
        import pyoxigraph

        if self._store is None:
            store = pyoxigraph.Store()
            # Re-reading the loaded file is much faster than serialising the corpus again.
            fmt = pyoxigraph.RdfFormat.from_extension(self._source.suffix.lstrip(".")) if self._source else None
            if self._source is not None and fmt is not None:
                store.bulk_load(path=str(self._source), format=fmt)
            else:
                store.bulk_load(self.to_rdflib().serialize(format="nt", encoding="utf-8"),
                                format=pyoxigraph.RdfFormat.N_TRIPLES)
            self._store = store
        return self._store

    def to_html(self, path: str | Path, *, view: str = "papers", focus: str | None = None, hops: int = 1,
                min_papers: int = 1, types: Sequence[str] | None = None,
                max_entities: int | None = None) -> HtmlSummary:
        """Write the interactive offline HTML page, as ``kg viz`` does with the same options."""
        from kg.export.html import write_html

        return write_html(self.corpus, Path(path), view=view, focus=focus, hops=hops, min_papers=min_papers,
                          types=types, max_entities=max_entities)


def _entity_type(value: EntityType | str) -> EntityType:
    if isinstance(value, EntityType):
        return value
    for member in EntityType:
        if member.value.casefold() == str(value).casefold():
            return member
    raise UsageError(f"unknown entity type {value!r}; choose one of {', '.join(t.value for t in EntityType)}")


def _role(value: Role | str | None) -> Role | None:
    if value is None or isinstance(value, Role):
        return value
    for member in Role:
        if str(value).casefold() in (member.value.casefold(), member.name.casefold()):
            return member
    raise UsageError(f"unknown role {value!r}; choose one of {', '.join(r.value for r in Role)}")


def _has_role(edge: Edge, role: Role | None) -> bool:
    return role is None or role is Role.MENTIONS or role in edge.roles


_NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#integer": int, "http://www.w3.org/2001/XMLSchema#int": int,
    "http://www.w3.org/2001/XMLSchema#long": int, "http://www.w3.org/2001/XMLSchema#nonNegativeInteger": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float, "http://www.w3.org/2001/XMLSchema#double": float,
    "http://www.w3.org/2001/XMLSchema#float": float,
}


def _python_value(term: object) -> object:
    """An Oxigraph term as a plain Python value: IRIs and strings as ``str``, numbers, booleans."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    value = term.value  # type: ignore[attr-defined]
    if datatype is None:
        return value
    if datatype.value == "http://www.w3.org/2001/XMLSchema#boolean":
        return value == "true"
    convert = _NUMERIC.get(datatype.value)
    try:
        return convert(value) if convert else value
    except ValueError:
        return value
