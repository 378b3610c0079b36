"""The corpus as RDF: Turtle, N-Triples and JSON-LD exports, and reading an export back.

The graph follows ``ontology/paperkg.ttl``: papers with DCTERMS metadata, entities as SKOS
concepts with paper counts, every paper-entity link as ``kg:mentions`` plus its role
sub-properties, one ``oa:Annotation`` per mention (offsets, quote, confidence, component,
evidence sentence) and the build's PROV-O record. Every node has an IRI derived from stable keys
(no blank nodes), so two builds of the same input give byte-identical files and a rebuild never
renames anything. The graph holds every field of the records, so ``load_corpus`` reads back the
exact ``Corpus`` that was written.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import rdflib
from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, Literal, URIRef
from rdflib.term import Node
from rdflib.util import guess_format

from kg import atomic
from kg.corpus import Corpus, Provenance
from kg.errors import ExportError
from kg.iri import RESOURCE, entity_iri, paper_iri, slug
from kg.model import Edge, Entity, EntityType, Mention, Paper, Role, Source
from kg.namespace import KG, OA

if TYPE_CHECKING:
    from kg.partitions import Part

VOCABULARY_SCHEME = URIRef(RESOURCE + "vocabulary")
"""The curated vocabulary's ``skos:ConceptScheme``; entities found in it are ``skos:inScheme`` it."""

QUOTE_CONTEXT = 32
"""Characters of ``oa:prefix``/``oa:suffix`` around a quote: enough to re-anchor it in edited text."""

PREFIXES: dict[str, str] = {
    "dcterms": str(DCTERMS),
    "entity": entity_iri(""),
    "kg": str(KG._NS),
    "oa": str(OA._NS),
    "owl": str(OWL),
    "paper": paper_iri(""),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SDO),
    "skos": str(SKOS),
    "xsd": str(XSD),
}
"""Prefixes bound in every export and predeclared for ``kg query`` (``entity:lora``, ``paper:arxiv-...``)."""

ENTITY_CLASSES: dict[EntityType, URIRef] = {kind: KG[kind.value] for kind in EntityType}
ROLE_PROPERTIES: dict[Role, URIRef] = {role: KG[role.value] for role in Role}
EXPORT_NAMES = ("paperkg.ttl", "paperkg.nt", "paperkg.jsonld")

_DATE_TYPES = ((re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date), (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
               (re.compile(r"^\d{4}$"), XSD.gYear))
# Characters RFC 3987 allows in an IRI; anything else in a paper URL is percent-encoded.
_IRI_SAFE = "/:?#[]@!$&'()*+,;=%-._~"


def _count(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


def _dated(value: str) -> Literal:
    """A date with the most precise XSD type its text supports; never invents missing parts."""
    for pattern, datatype in _DATE_TYPES:
        if pattern.match(value):
            return Literal(value, datatype=datatype)
    return Literal(value)


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def annotation_iri(paper_key: str, mention: Mention) -> URIRef:
    """A mention's stable IRI: a hash of paper key, offsets and entity key (so reruns agree)."""
    return URIRef(f"{RESOURCE}annotation/{_digest(paper_key, mention.start, mention.end, mention.entity_key)}")


def build_iri(provenance: Provenance | None) -> URIRef:
    """The build's IRI: a hash of what produced it, so identical builds share one IRI."""
    if provenance is None:
        return URIRef(f"{RESOURCE}build/unknown")
    digest = _digest(provenance.tool_version, provenance.extractor, provenance.inputs, provenance.settings)
    return URIRef(f"{RESOURCE}build/{digest}")


def agent_iri(name: str) -> URIRef:
    """A software agent (the tool, the extractor, or one extractor component) by name."""
    return URIRef(f"{RESOURCE}agent/{slug(name)}")


class _GraphBuilder:
    """Adds one corpus to a graph; a class only to share the graph and the paper lookup."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.graph = rdflib.Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace, override=True, replace=True)
        self.papers = {paper.key: paper for paper in corpus.papers}
        self.build = build_iri(corpus.provenance)

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.graph.add((s, p, o))

    def add_seq(self, node: URIRef, values: Iterable[str]) -> None:
        self.add(node, RDF.type, RDF.Seq)
        for index, value in enumerate(values, start=1):
            self.add(node, RDF[f"_{index}"], Literal(value))

    def paper(self, paper: Paper) -> None:
        node = URIRef(paper_iri(paper.key))
        self.add(node, RDF.type, KG.Paper)
        self.add(node, RDF.type, SDO.ScholarlyArticle)
        self.add(node, DCTERMS.title, Literal(paper.title))
        self.add(node, DCTERMS.abstract, Literal(paper.abstract))
        if self.corpus.provenance is not None:
            self.add(node, PROV.wasGeneratedBy, self.build)
        if paper.raw_title and paper.raw_title != paper.title:
            self.add(node, KG.rawTitle, Literal(paper.raw_title))
        if paper.raw_abstract and paper.raw_abstract != paper.abstract:
            self.add(node, KG.rawAbstract, Literal(paper.raw_abstract))
        if paper.arxiv_id:
            self.add(node, KG.arxivId, Literal(paper.arxiv_id))
        if paper.url:
            self.add(node, SDO.url, URIRef(quote(paper.url, safe=_IRI_SAFE)))
        if paper.date:
            self.add(node, DCTERMS.date, _dated(paper.date))
        if paper.month_day:
            self.add(node, KG.monthDay, Literal(f"--{paper.month_day}", datatype=XSD.gMonthDay))
        if paper.upvotes is not None:
            self.add(node, KG.upvotes, _count(paper.upvotes))
        if paper.author_count is not None:
            self.add(node, KG.authorCount, _count(paper.author_count))
        if paper.authors:
            for author in paper.authors:
                self.add(node, DCTERMS.creator, Literal(author))
            self.add(node, KG.authorList, URIRef(f"{node}/authors"))
            self.add_seq(URIRef(f"{node}/authors"), paper.authors)
        if paper.categories:
            for category in paper.categories:
                self.add(node, KG.arxivCategory, Literal(category))
            self.add(node, KG.categoryList, URIRef(f"{node}/categories"))
            self.add_seq(URIRef(f"{node}/categories"), paper.categories)
        for position, source in enumerate(paper.sources):
            self.listing(node, position, source)

    def listing(self, paper: URIRef, position: int, source: Source) -> None:
        node = URIRef(f"{paper}/listing/{position}")
        self.add(paper, DCTERMS.source, node)
        self.add(node, RDF.type, KG.Listing)
        self.add(node, KG.position, _count(position))
        self.add(node, KG.sourceFile, Literal(source.file))
        if source.page_date:
            self.add(node, KG.pageDate, _dated(source.page_date))
        if source.line is not None:
            self.add(node, KG.sourceLine, Literal(source.line, datatype=XSD.positiveInteger))

    def entity(self, entity: Entity, paper_count: int) -> None:
        node = URIRef(entity_iri(entity.key))
        self.add(node, RDF.type, ENTITY_CLASSES[entity.type])
        self.add(node, RDF.type, SKOS.Concept)
        self.add(node, SKOS.prefLabel, Literal(entity.label))
        self.add(node, KG.paperCount, _count(paper_count))
        for alias in entity.aliases:
            self.add(node, SKOS.altLabel, Literal(alias))
        for broader in entity.broader:
            self.add(node, SKOS.broader, URIRef(entity_iri(broader)))
        for acronym in entity.acronym_conflicts:
            self.add(node, KG.acronymConflict, Literal(acronym))
        if entity.in_vocabulary:
            self.add(node, SKOS.inScheme, VOCABULARY_SCHEME)
            self.add(VOCABULARY_SCHEME, RDF.type, SKOS.ConceptScheme)

    def redirect(self, old: str, new: str) -> None:
        """A retired entity IRI points to its successor, so IRIs published earlier keep resolving."""
        self.add(URIRef(entity_iri(old)), DCTERMS.isReplacedBy, URIRef(entity_iri(new)))

    def edge(self, edge: Edge) -> None:
        paper = URIRef(paper_iri(edge.paper_key))
        entity = URIRef(entity_iri(edge.entity_key))
        self.add(paper, KG.mentions, entity)
        for role in edge.roles:
            self.add(paper, ROLE_PROPERTIES[role], entity)
        text = self.papers[edge.paper_key].text if edge.paper_key in self.papers else None
        for mention in edge.mentions:
            self.annotation(paper, entity, edge.paper_key, mention, text)

    def annotation(self, paper: URIRef, entity: URIRef, key: str, mention: Mention, text: str | None) -> None:
        node = annotation_iri(key, mention)
        target, position, quote_node = URIRef(f"{node}/target"), URIRef(f"{node}/position"), URIRef(f"{node}/quote")
        self.add(node, RDF.type, OA.Annotation)
        self.add(node, OA.motivatedBy, OA.identifying)
        self.add(node, OA.hasBody, entity)
        self.add(node, OA.hasTarget, target)
        self.add(node, KG.role, ROLE_PROPERTIES[mention.role])
        self.add(node, KG.mentionType, ENTITY_CLASSES[mention.type])
        self.add(node, KG.mentionLabel, Literal(mention.label))
        for alias in mention.aliases:
            self.add(node, KG.mentionAlias, Literal(alias))
        self.add(node, KG.confidence, Literal(Decimal(repr(float(mention.confidence)))))
        self.add(node, PROV.wasAttributedTo, agent_iri(mention.component))
        self.add(agent_iri(mention.component), RDF.type, PROV.SoftwareAgent)
        self.add(agent_iri(mention.component), RDFS.label, Literal(mention.component))
        if self.corpus.provenance is not None:
            self.add(node, PROV.wasGeneratedBy, self.build)
        self.add(node, KG.sentenceStart, _count(mention.sentence_start))
        self.add(node, KG.sentenceEnd, _count(mention.sentence_end))
        if text is not None:
            self.add(node, KG.evidenceSentence, Literal(text[mention.sentence_start:mention.sentence_end]))
        self.add(target, RDF.type, OA.SpecificResource)
        self.add(target, OA.hasSource, paper)
        self.add(target, OA.hasSelector, position)
        self.add(target, OA.hasSelector, quote_node)
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, _count(mention.start))
        self.add(position, OA.end, _count(mention.end))
        self.add(quote_node, RDF.type, OA.TextQuoteSelector)
        self.add(quote_node, OA.exact, Literal(mention.text))
        if text is not None:
            before = text[max(0, mention.start - QUOTE_CONTEXT):mention.start]
            after = text[mention.end:mention.end + QUOTE_CONTEXT]
            if before:
                self.add(quote_node, OA.prefix, Literal(before))
            if after:
                self.add(quote_node, OA.suffix, Literal(after))

    def provenance(self, provenance: Provenance | None, notes: tuple[str, ...]) -> None:
        if provenance is None and not notes:
            return
        node = self.build
        self.add(node, RDF.type, KG.Build)
        for note in notes:
            self.add(node, KG.note, Literal(note))
        if provenance is None:
            return
        tool = agent_iri(f"paperkg {provenance.tool_version}")
        self.add(node, KG.builtWith, tool)
        self.add(tool, RDF.type, PROV.SoftwareAgent)
        self.add(tool, RDFS.label, Literal("paperkg"))
        self.add(tool, SDO.softwareVersion, Literal(provenance.tool_version))
        extractor = agent_iri(provenance.extractor)
        self.add(node, KG.extractedWith, extractor)
        self.add(extractor, RDF.type, PROV.SoftwareAgent)
        self.add(extractor, RDFS.label, Literal(provenance.extractor))
        for position, (path, digest) in enumerate(provenance.inputs):
            used = URIRef(f"{node}/input/{position}")
            self.add(node, PROV.used, used)
            self.add(used, RDF.type, KG.InputFile)
            self.add(used, KG.position, _count(position))
            self.add(used, KG.path, Literal(path))
            self.add(used, KG.sha256, Literal(digest))
        for position, (name, value) in enumerate(provenance.settings):
            setting = URIRef(f"{node}/setting/{position}")
            self.add(node, KG.setting, setting)
            self.add(setting, RDF.type, KG.Setting)
            self.add(setting, KG.position, _count(position))
            self.add(setting, KG.settingName, Literal(name))
            self.add(setting, KG.settingValue, Literal(value))


def corpus_to_graph(corpus: Corpus) -> rdflib.Graph:
    """The whole corpus as an rdflib graph (prefixes bound), ready to validate or serialise."""
    builder = _GraphBuilder(corpus)
    for paper in corpus.papers:
        builder.paper(paper)
    counts = corpus.paper_counts()
    for entity in corpus.entities:
        builder.entity(entity, counts.get(entity.key, 0))
    for old, new in corpus.redirects:
        builder.redirect(old, new)
    for edge in corpus.edges:
        builder.edge(edge)
    builder.provenance(corpus.provenance, corpus.notes)
    return builder.graph


def to_turtle(graph: rdflib.Graph) -> str:
    """Deterministic, prefixed Turtle of ``graph`` (see ``ntriples_to_turtle``)."""
    return ntriples_to_turtle(to_ntriples(graph))


def ntriples_to_turtle(ntriples: str) -> str:
    """Sorted N-Triples as prefixed Turtle, one subject block after another in IRI order.

    Oxigraph's serialiser groups consecutive triples by subject and predicate, so sorted input gives
    the same bytes on every run. rdflib's (long)turtle serialiser sorts too but took 25 s for the
    70k-triple seed export, against one second here.
    """
    import pyoxigraph as ox

    triples = ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8")


def to_ntriples(graph: rdflib.Graph) -> str:
    """N-Triples, one triple a line, sorted: diff-friendly and ready for any bulk loader."""
    # split on "\n" only: str.splitlines() also breaks at form feeds and U+2028 inside literals
    lines = sorted(line for line in graph.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n")
                   if line.strip())
    return "\n".join(lines) + "\n"


def write_rdf(corpus: Corpus, out_dir: Path, *, validate: bool = True,
              serialise: Callable[[list[Part]], Iterable[list[str]]] | None = None) -> list[Path]:
    """Write ``paperkg.ttl``, ``paperkg.nt`` and ``paperkg.jsonld`` into ``out_dir``.

    Entity IRIs the folder's previous export published and this corpus retired get a
    ``dcterms:isReplacedBy`` redirect (``kg.registry``), so no build into a folder breaks an IRI it
    gave out. Validates against the SHACL shapes first (``ValidationError`` with the report, nothing
    written; ``kg.export.validate.validate_corpus`` says how much of a large build it checks). Then
    the N-Triples are written part by part and the Turtle and JSON-LD streamed from them
    (``kg.export.stream``), so memory stays bounded by one part, not by the graph. All three are
    written into a staging folder beside the exports and only then renamed into place, so a failure
    leaves the old exports untouched. ``serialise`` computes N-Triples parts elsewhere (on a Dask
    cluster, as ``kg.distributed.write_ntriples_on`` does).
    """
    from kg.export.stream import write_jsonld, write_turtle
    from kg.partitions import write_ntriples
    from kg.registry import carry_forward, read_published

    out = Path(out_dir)
    corpus = carry_forward(corpus, read_published(out / EXPORT_NAMES[1]))
    if validate:
        from kg.export.validate import validate_corpus

        validate_corpus(corpus)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".paperkg-export-", dir=out) as folder:
        stage = Path(folder)
        turtle, ntriples, jsonld = (stage / name for name in EXPORT_NAMES)
        write_ntriples(corpus, ntriples, serialise=serialise)
        with turtle.open("wb") as handle:
            write_turtle(ntriples, handle, PREFIXES)
        with jsonld.open("w", encoding="utf-8", newline="\n") as handle:
            write_jsonld(ntriples, handle, PREFIXES)
        return [atomic.publish(stage / name, out / name) for name in EXPORT_NAMES]


# ---------------------------------------------------------------------------------------- reading


def _parse(path: Path) -> rdflib.Graph:
    if not path.is_file():
        raise ExportError("no such export file", path=path)
    fmt = guess_format(str(path)) or "turtle"
    try:
        return rdflib.Graph().parse(path, format=fmt)
    except Exception as error:  # rdflib raises many unrelated types for malformed input
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ExportError(f"cannot parse as {fmt}: {first}", path=path) from error


class _Reader:
    """Turns an export graph back into records; the inverse of ``_GraphBuilder``."""

    def __init__(self, graph: rdflib.Graph, path: Path) -> None:
        self.graph = graph
        self.path = path

    def text(self, node: Node, prop: URIRef, default: str | None = None) -> str | None:
        value = self.graph.value(node, prop)
        return str(value) if value is not None else default

    def number(self, node: Node, prop: URIRef) -> int | None:
        value = self.graph.value(node, prop)
        return int(value) if value is not None else None

    def require(self, node: Node, prop: URIRef) -> str:
        value = self.text(node, prop)
        if value is None:
            raise ExportError(f"{node} has no {self.graph.qname(prop)}", path=self.path)
        return value

    def seq(self, node: Node | None) -> tuple[str, ...]:
        if node is None:
            return ()
        items = [(int(str(p).rsplit("_", 1)[1]), str(o)) for p, o in self.graph.predicate_objects(node)
                 if str(p).startswith(str(RDF) + "_")]
        return tuple(value for _, value in sorted(items))

    def positioned(self, subject: Node, prop: URIRef) -> list[Node]:
        return sorted(self.graph.objects(subject, prop), key=lambda node: self.number(node, KG.position) or 0)

    def strings(self, node: Node, prop: URIRef) -> tuple[str, ...]:
        return tuple(sorted(str(value) for value in self.graph.objects(node, prop)))

    def key(self, node: Node, base: str) -> str:
        if not str(node).startswith(base):
            raise ExportError(f"{node} is not under {base}", path=self.path)
        return str(node)[len(base):]

    def paper(self, node: Node) -> Paper:
        title, abstract = self.require(node, DCTERMS.title), self.require(node, DCTERMS.abstract)
        month_day = self.text(node, KG.monthDay)
        sources = tuple(
            Source(file=self.require(listing, KG.sourceFile), page_date=self.text(listing, KG.pageDate),
                   line=self.number(listing, KG.sourceLine))
            for listing in self.positioned(node, DCTERMS.source)
        )
        return Paper(
            key=self.key(node, paper_iri("")), title=title, abstract=abstract,
            raw_title=self.text(node, KG.rawTitle, title), raw_abstract=self.text(node, KG.rawAbstract, abstract),
            arxiv_id=self.text(node, KG.arxivId), authors=self.seq(self.graph.value(node, KG.authorList)),
            author_count=self.number(node, KG.authorCount), date=self.text(node, DCTERMS.date),
            month_day=month_day.removeprefix("--") if month_day else None,
            upvotes=self.number(node, KG.upvotes), url=self.text(node, SDO.url),
            categories=self.seq(self.graph.value(node, KG.categoryList)), sources=sources,
        )

    def entity_type(self, node: Node, prop: URIRef = RDF.type) -> EntityType:
        for kind, cls in ENTITY_CLASSES.items():
            if (node, prop, cls) in self.graph:
                return kind
        raise ExportError(f"{node} has no paperkg entity class", path=self.path)

    def entity(self, node: Node) -> Entity:
        base = entity_iri("")
        return Entity(
            key=self.key(node, base), label=self.require(node, SKOS.prefLabel), type=self.entity_type(node),
            aliases=self.strings(node, SKOS.altLabel),
            broader=tuple(sorted(self.key(b, base) for b in self.graph.objects(node, SKOS.broader))),
            in_vocabulary=(node, SKOS.inScheme, VOCABULARY_SCHEME) in self.graph,
            acronym_conflicts=self.strings(node, KG.acronymConflict),
        )

    def mention(self, node: Node, entity_key: str) -> Mention:
        target = self.graph.value(node, OA.hasTarget)
        selectors = list(self.graph.objects(target, OA.hasSelector))
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in self.graph)
        quote_node = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in self.graph)
        roles = {prop: role for role, prop in ROLE_PROPERTIES.items()}
        return Mention(
            start=int(self.require(position, OA.start)), end=int(self.require(position, OA.end)),
            text=self.require(quote_node, OA.exact), type=self.entity_type(node, KG.mentionType),
            label=self.require(node, KG.mentionLabel), entity_key=entity_key,
            component=self.require(self.graph.value(node, PROV.wasAttributedTo), RDFS.label),
            confidence=float(self.require(node, KG.confidence)),
            sentence_start=int(self.require(node, KG.sentenceStart)),
            sentence_end=int(self.require(node, KG.sentenceEnd)),
            role=roles[self.graph.value(node, KG.role)], aliases=self.strings(node, KG.mentionAlias),
        )

    def edges(self) -> list[Edge]:
        """Edges with every link property asserted as roles, in ``Role`` order.

        ``kg:mentions`` is asserted for every link, so ``Role.MENTIONS`` is always among the roles,
        as the linker builds them (``{mentions} | roles of the mentions``).
        """
        paper_base, entity_base = paper_iri(""), entity_iri("")
        mentions: dict[tuple[str, str], list[Mention]] = {}
        for node in self.graph.subjects(RDF.type, OA.Annotation):
            paper = self.graph.value(self.graph.value(node, OA.hasTarget), OA.hasSource)
            pair = (self.key(paper, paper_base), self.key(self.graph.value(node, OA.hasBody), entity_base))
            mentions.setdefault(pair, []).append(self.mention(node, pair[1]))
        edges = []
        for paper, entity in self.graph.subject_objects(KG.mentions):
            pair = (self.key(paper, paper_base), self.key(entity, entity_base))
            roles = tuple(role for role, prop in ROLE_PROPERTIES.items() if (paper, prop, entity) in self.graph)
            found = sorted(mentions.get(pair, []), key=lambda m: (m.start, m.end, m.role, m.component))
            edges.append(Edge(paper_key=pair[0], entity_key=pair[1], roles=roles, mentions=tuple(found)))
        return edges

    def redirects(self) -> list[tuple[str, str]]:
        base = entity_iri("")
        return [(self.key(old, base), self.key(new, base))
                for old, new in self.graph.subject_objects(DCTERMS.isReplacedBy)]

    def provenance(self) -> tuple[Provenance | None, tuple[str, ...]]:
        build = next(iter(sorted(self.graph.subjects(RDF.type, KG.Build))), None)
        if build is None:
            return None, ()
        notes = self.strings(build, KG.note)
        tool = self.graph.value(build, KG.builtWith)
        if tool is None:
            return None, notes
        provenance = Provenance(
            tool_version=self.require(tool, SDO.softwareVersion),
            extractor=self.require(self.graph.value(build, KG.extractedWith), RDFS.label),
            inputs=tuple((self.require(n, KG.path), self.require(n, KG.sha256))
                         for n in self.positioned(build, PROV.used)),
            settings=tuple((self.require(n, KG.settingName), self.require(n, KG.settingValue))
                           for n in self.positioned(build, KG.setting)),
        )
        return provenance, notes


def graph_to_corpus(graph: rdflib.Graph, path: Path = Path("<graph>")) -> Corpus:
    """The ``Corpus`` an export graph describes; ``ExportError`` when it is not a paperkg export."""
    reader = _Reader(graph, path)
    papers = sorted(set(graph.subjects(RDF.type, KG.Paper)))
    if not papers:
        raise ExportError("not a paperkg export: no kg:Paper resources (expected dcterms:title, "
                          "dcterms:abstract and kg:mentions under https://w3id.org/paperkg/)", path=path)
    entity_nodes = {node for cls in ENTITY_CLASSES.values() for node in graph.subjects(RDF.type, cls)}
    try:
        provenance, notes = reader.provenance()
        return Corpus.of(
            papers=[reader.paper(node) for node in papers],
            entities=[reader.entity(node) for node in sorted(entity_nodes)],
            edges=reader.edges(), provenance=provenance, notes=notes, redirects=reader.redirects(),
        )
    except (StopIteration, KeyError, ValueError) as error:
        raise ExportError(f"incomplete paperkg export: {type(error).__name__} {error}", path=path) from error


def load_corpus(path: Path) -> Corpus:
    """Read an export (``.ttl``, ``.nt`` or ``.jsonld``) back into the ``Corpus`` that wrote it."""
    path = Path(path)
    return graph_to_corpus(_parse(path), path)
