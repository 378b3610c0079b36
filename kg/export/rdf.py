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
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from contextlib import ExitStack, suppress
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Generic, Protocol, TypeVar
from urllib.parse import quote

import rdflib
from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, Literal, URIRef
from rdflib.namespace import DefinedNamespace
from rdflib.term import Node
from rdflib.util import guess_format

from kg import atomic
from kg.corpus import Corpus, Provenance
from kg.errors import ExportError, ValidationError
from kg.iri import RESOURCE, entity_iri, paper_iri, slug
from kg.model import Edge, Entity, EntityType, Mention, Paper, Role, Source
from kg.namespace import KG, OA
from kg.partitions import Part, whole

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


_RDF_NS = str(RDF)
_COUNT = str(XSD.nonNegativeInteger)
_LINE_NUMBER = str(XSD.positiveInteger)
_MONTH_DAY = str(XSD.gMonthDay)


def _date_type(value: str) -> str | None:
    """The most precise XSD date type ``value``'s text supports; never invents missing parts."""
    for pattern, datatype in _DATE_TYPES:
        if pattern.match(value):
            return str(datatype)
    return None


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


T = TypeVar("T")


class Terms(Protocol[T]):
    """Where the exporter's triples go, and what its terms are there.

    ``describe`` states every triple of the export once, through this interface; ``_GraphTerms``
    makes rdflib terms and adds them to a graph (``corpus_to_graph``), and
    ``kg.export.ntriples.NTriplesTerms`` makes N-Triples text and collects lines (``kg.partitions``),
    so the graph and the files cannot say different things.
    """

    def iri(self, value: str) -> T: ...

    def literal(self, value: str | int | Decimal, datatype: str | None = None) -> T:
        """The term ``rdflib.Literal(value, datatype=datatype)``."""
        ...

    def add(self, s: T, p: T, o: T) -> None: ...

    def add_all(self, s: T, pairs: Iterable[tuple[T, T]]) -> None:
        """``add(s, p, o)`` for each ``(p, o)``: one call per subject for the export's many small nodes."""
        ...


class _GraphTerms:
    """rdflib terms, added to one graph with the export's prefixes bound."""

    def __init__(self) -> None:
        self.graph = rdflib.Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace, override=True, replace=True)

    def iri(self, value: str) -> URIRef:
        return URIRef(value)

    def literal(self, value: str | int | Decimal, datatype: str | None = None) -> Literal:
        return Literal(value, datatype=datatype)

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.graph.add((s, p, o))

    def add_all(self, s: Node, pairs: Iterable[tuple[Node, Node]]) -> None:
        add = self.graph.add
        for p, o in pairs:
            add((s, p, o))


_VOCABULARY: dict[str, tuple[type[DefinedNamespace], str]] = {
    "rdf": (RDF, "type Seq"),
    "rdfs": (RDFS, "label"),
    "dcterms": (DCTERMS, "title abstract date creator source isReplacedBy"),
    "schema": (SDO, "ScholarlyArticle url softwareVersion"),
    "skos": (SKOS, "Concept ConceptScheme prefLabel altLabel broader inScheme"),
    "prov": (PROV, "wasGeneratedBy wasAttributedTo SoftwareAgent used"),
    "oa": (OA, "Annotation SpecificResource TextPositionSelector TextQuoteSelector motivatedBy identifying "
               "hasBody hasTarget hasSource hasSelector start end exact prefix suffix"),
    "kg": (KG, "Paper Listing Build InputFile Setting mentions rawTitle rawAbstract arxivId monthDay upvotes "
               "authorCount authorList arxivCategory categoryList position sourceFile pageDate sourceLine paperCount "
               "acronymConflict role mentionType mentionLabel mentionAlias confidence sentenceStart sentenceEnd "
               "evidenceSentence note builtWith extractedWith setting settingName settingValue path sha256"),
}
"""The terms the builder states, by prefix. Each back-end converts them once (``v.kg_Paper``): reading
``KG.Paper`` from a ``DefinedNamespace`` costs about 0.6 µs, longer than writing a whole N-Triples row."""


def _vocabulary(terms: Terms[T]) -> SimpleNamespace:
    table = {f"{prefix}_{name}": terms.iri(namespace[name])
             for prefix, (namespace, names) in _VOCABULARY.items() for name in names.split()}
    return SimpleNamespace(**table, scheme=terms.iri(VOCABULARY_SCHEME))


class _Builder(Generic[T]):
    """States the triples of papers, entities, edges and the build record; a class only to share the
    back-end, its converted vocabulary, the paper lookup and the agents already described."""

    def __init__(self, terms: Terms[T], papers: Iterable[Paper], provenance: Provenance | None) -> None:
        self.add, self.add_all, self.iri, self.literal = terms.add, terms.add_all, terms.iri, terms.literal
        self.v = _vocabulary(terms)
        self.classes = {kind: terms.iri(cls) for kind, cls in ENTITY_CLASSES.items()}
        self.roles = {role: terms.iri(prop) for role, prop in ROLE_PROPERTIES.items()}
        self.papers = {paper.key: paper for paper in papers}
        self.provenance_known = provenance is not None
        self.build = terms.iri(build_iri(provenance))
        self.components: dict[str, T] = {}

    def count(self, value: int) -> T:
        return self.literal(value, _COUNT)

    def dated(self, value: str) -> T:
        return self.literal(value, _date_type(value))

    def seq(self, node: str, values: Iterable[str]) -> T:
        """An ``rdf:Seq`` at IRI ``node`` holding ``values`` in order; returns its term."""
        v, seq = self.v, self.iri(node)
        self.add(seq, v.rdf_type, v.rdf_Seq)
        for index, value in enumerate(values, start=1):
            self.add(seq, self.iri(f"{_RDF_NS}_{index}"), self.literal(value))
        return seq

    def paper(self, paper: Paper) -> None:
        v, add, text = self.v, self.add, self.literal
        path = paper_iri(paper.key)
        node = self.iri(path)
        add(node, v.rdf_type, v.kg_Paper)
        add(node, v.rdf_type, v.schema_ScholarlyArticle)
        add(node, v.dcterms_title, text(paper.title))
        add(node, v.dcterms_abstract, text(paper.abstract))
        if self.provenance_known:
            add(node, v.prov_wasGeneratedBy, self.build)
        if paper.raw_title and paper.raw_title != paper.title:
            add(node, v.kg_rawTitle, text(paper.raw_title))
        if paper.raw_abstract and paper.raw_abstract != paper.abstract:
            add(node, v.kg_rawAbstract, text(paper.raw_abstract))
        if paper.arxiv_id:
            add(node, v.kg_arxivId, text(paper.arxiv_id))
        if paper.url:
            add(node, v.schema_url, self.iri(quote(paper.url, safe=_IRI_SAFE)))
        if paper.date:
            add(node, v.dcterms_date, self.dated(paper.date))
        if paper.month_day:
            add(node, v.kg_monthDay, self.literal(f"--{paper.month_day}", _MONTH_DAY))
        if paper.upvotes is not None:
            add(node, v.kg_upvotes, self.count(paper.upvotes))
        if paper.author_count is not None:
            add(node, v.kg_authorCount, self.count(paper.author_count))
        if paper.authors:
            for author in paper.authors:
                add(node, v.dcterms_creator, text(author))
            add(node, v.kg_authorList, self.seq(f"{path}/authors", paper.authors))
        if paper.categories:
            for category in paper.categories:
                add(node, v.kg_arxivCategory, text(category))
            add(node, v.kg_categoryList, self.seq(f"{path}/categories", paper.categories))
        for position, source in enumerate(paper.sources):
            self.listing(node, path, position, source)

    def listing(self, paper: T, path: str, position: int, source: Source) -> None:
        v, add = self.v, self.add
        node = self.iri(f"{path}/listing/{position}")
        add(paper, v.dcterms_source, node)
        add(node, v.rdf_type, v.kg_Listing)
        add(node, v.kg_position, self.count(position))
        add(node, v.kg_sourceFile, self.literal(source.file))
        if source.page_date:
            add(node, v.kg_pageDate, self.dated(source.page_date))
        if source.line is not None:
            add(node, v.kg_sourceLine, self.literal(source.line, _LINE_NUMBER))

    def entity(self, entity: Entity, paper_count: int) -> None:
        v, add, text = self.v, self.add, self.literal
        node = self.iri(entity_iri(entity.key))
        add(node, v.rdf_type, self.classes[entity.type])
        add(node, v.rdf_type, v.skos_Concept)
        add(node, v.skos_prefLabel, text(entity.label))
        add(node, v.kg_paperCount, self.count(paper_count))
        for alias in entity.aliases:
            add(node, v.skos_altLabel, text(alias))
        for broader in entity.broader:
            add(node, v.skos_broader, self.iri(entity_iri(broader)))
        for acronym in entity.acronym_conflicts:
            add(node, v.kg_acronymConflict, text(acronym))
        if entity.in_vocabulary:
            add(node, v.skos_inScheme, v.scheme)
            add(v.scheme, v.rdf_type, v.skos_ConceptScheme)

    def redirect(self, old: str, new: str) -> None:
        """A retired entity IRI points to its successor, so IRIs published earlier keep resolving."""
        self.add(self.iri(entity_iri(old)), self.v.dcterms_isReplacedBy, self.iri(entity_iri(new)))

    def edge(self, edge: Edge) -> None:
        paper = self.iri(paper_iri(edge.paper_key))
        entity = self.iri(entity_iri(edge.entity_key))
        self.add(paper, self.v.kg_mentions, entity)
        for role in edge.roles:
            self.add(paper, self.roles[role], entity)
        text = self.papers[edge.paper_key].text if edge.paper_key in self.papers else None
        for mention in edge.mentions:
            self.annotation(paper, entity, edge.paper_key, mention, text)

    def component(self, name: str) -> T:
        """The agent of an extractor component, described the first time it is named."""
        agent = self.components.get(name)
        if agent is None:
            agent = self.components[name] = self.iri(agent_iri(name))
            self.add(agent, self.v.rdf_type, self.v.prov_SoftwareAgent)
            self.add(agent, self.v.rdfs_label, self.literal(name))
        return agent

    def annotation(self, paper: T, entity: T, key: str, mention: Mention, text: str | None) -> None:
        """A mention's Web Annotation: four small nodes, each stated in one call (``add_all``)."""
        v, add_all, iri, literal, count = self.v, self.add_all, self.iri, self.literal, self.count
        base = annotation_iri(key, mention)
        node, target = iri(base), iri(f"{base}/target")
        position, quote_node = iri(f"{base}/position"), iri(f"{base}/quote")
        about = [(v.rdf_type, v.oa_Annotation), (v.oa_motivatedBy, v.oa_identifying), (v.oa_hasBody, entity),
                 (v.oa_hasTarget, target), (v.kg_role, self.roles[mention.role]),
                 (v.kg_mentionType, self.classes[mention.type]), (v.kg_mentionLabel, literal(mention.label))]
        for alias in mention.aliases:
            about.append((v.kg_mentionAlias, literal(alias)))
        about += ((v.kg_confidence, literal(Decimal(repr(float(mention.confidence))))),
                  (v.prov_wasAttributedTo, self.component(mention.component)))
        if self.provenance_known:
            about.append((v.prov_wasGeneratedBy, self.build))
        about += ((v.kg_sentenceStart, count(mention.sentence_start)), (v.kg_sentenceEnd, count(mention.sentence_end)))
        if text is not None:
            about.append((v.kg_evidenceSentence, literal(text[mention.sentence_start:mention.sentence_end])))
        add_all(node, about)
        add_all(target, ((v.rdf_type, v.oa_SpecificResource), (v.oa_hasSource, paper),
                         (v.oa_hasSelector, position), (v.oa_hasSelector, quote_node)))
        add_all(position, ((v.rdf_type, v.oa_TextPositionSelector), (v.oa_start, count(mention.start)),
                           (v.oa_end, count(mention.end))))
        quote = [(v.rdf_type, v.oa_TextQuoteSelector), (v.oa_exact, literal(mention.text))]
        if text is not None:
            before = text[max(0, mention.start - QUOTE_CONTEXT):mention.start]
            after = text[mention.end:mention.end + QUOTE_CONTEXT]
            if before:
                quote.append((v.oa_prefix, literal(before)))
            if after:
                quote.append((v.oa_suffix, literal(after)))
        add_all(quote_node, quote)

    def provenance(self, provenance: Provenance | None, notes: tuple[str, ...]) -> None:
        if provenance is None and not notes:
            return
        v, add, iri, text = self.v, self.add, self.iri, self.literal
        node, path = self.build, str(build_iri(provenance))
        add(node, v.rdf_type, v.kg_Build)
        for note in notes:
            add(node, v.kg_note, text(note))
        if provenance is None:
            return
        tool = iri(agent_iri(f"paperkg {provenance.tool_version}"))
        add(node, v.kg_builtWith, tool)
        add(tool, v.rdf_type, v.prov_SoftwareAgent)
        add(tool, v.rdfs_label, text("paperkg"))
        add(tool, v.schema_softwareVersion, text(provenance.tool_version))
        extractor = iri(agent_iri(provenance.extractor))
        add(node, v.kg_extractedWith, extractor)
        add(extractor, v.rdf_type, v.prov_SoftwareAgent)
        add(extractor, v.rdfs_label, text(provenance.extractor))
        for position, (input_path, digest) in enumerate(provenance.inputs):
            used = iri(f"{path}/input/{position}")
            add(node, v.prov_used, used)
            add(used, v.rdf_type, v.kg_InputFile)
            add(used, v.kg_position, self.count(position))
            add(used, v.kg_path, text(input_path))
            add(used, v.kg_sha256, text(digest))
        for position, (name, value) in enumerate(provenance.settings):
            setting = iri(f"{path}/setting/{position}")
            add(node, v.kg_setting, setting)
            add(setting, v.rdf_type, v.kg_Setting)
            add(setting, v.kg_position, self.count(position))
            add(setting, v.kg_settingName, text(name))
            add(setting, v.kg_settingValue, text(value))


def describe(part: Part, terms: Terms[T]) -> None:
    """State every triple of ``part`` through ``terms``: the one description of the export's triples.

    ``corpus_to_graph`` describes the whole corpus as one part into an rdflib graph;
    ``kg.partitions.part_lines`` describes each part as N-Triples lines.
    """
    builder = _Builder(terms, part.papers, part.provenance)
    for paper in part.papers:
        builder.paper(paper)
    for entity, count in part.entities:
        builder.entity(entity, count)
    for old, new in part.redirects:
        builder.redirect(old, new)
    for edge in part.edges:
        builder.edge(edge)
    if part.build_record:
        builder.provenance(part.provenance, part.notes)


def corpus_to_graph(corpus: Corpus) -> rdflib.Graph:
    """The whole corpus as an rdflib graph (prefixes bound), ready to validate or serialise."""
    terms = _GraphTerms()
    describe(whole(corpus), terms)
    return terms.graph


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


STAGING_PREFIX = atomic.STAGING_PREFIX
TURTLE_FOLLOWS_PAPERS = 500
"""From this many papers (a partition's worth), the Turtle is written in a process of its own that
reads the N-Triples as GNU sort merges them (``kg.export.stream.write_turtle_following``), on the core
the merge leaves idle."""
TURTLE_BESIDE_BYTES = 32 << 20
"""N-Triples above this size are turned into Turtle in a process of their own while the JSON-LD is
written here (``kg.export.aside``); below it, starting the process costs more than it saves."""


def sweep_stale_staging(out: Path) -> list[Path]:
    """Remove staging folders that builds killed without a chance to clean up (SIGKILL, power loss)
    left in ``out``. A folder's name carries the process id that made it; one whose process is gone
    is stale, one whose process still runs (a concurrent build) is left alone."""
    removed = []
    for folder in sorted(out.glob(STAGING_PREFIX + "*")):
        pid = folder.name[len(STAGING_PREFIX):].split("-", 1)[0]
        if folder.is_dir() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def write_rdf(corpus: Corpus, out_dir: Path, *, validate: bool = True,
              serialise: Callable[[list[Part]], Iterable[list[str]]] | None = None, jobs: int = 1) -> list[Path]:
    """Write ``paperkg.ttl``, ``paperkg.nt`` and ``paperkg.jsonld`` into ``out_dir``.

    Entity IRIs the folder's previous export published and this corpus retired get a
    ``dcterms:isReplacedBy`` redirect (``kg.registry``), so no build into a folder breaks an IRI it
    gave out. Validates against the SHACL shapes (``ValidationError`` with the report, nothing
    written; ``kg.export.validate.validate_corpus`` says how much of a large build it checks): a
    large build's sample is validated in a process of its own while the files are written
    (``validation_beside``), and the verdict is awaited before anything is published. The N-Triples
    are written part by part and the Turtle and JSON-LD streamed from them (``kg.export.stream``; the
    Turtle of a large build in a process of its own, reading the N-Triples while GNU sort merges them
    and then beside the JSON-LD: ``TURTLE_FOLLOWS_PAPERS``), so memory stays bounded by
    one part, not by the graph. All three are written into a staging folder
    beside the exports and only then renamed into place, so a failure leaves the old exports untouched.
    ``serialise`` computes N-Triples parts elsewhere (on a Dask cluster, as
    ``kg.distributed.write_ntriples_on`` does); ``jobs`` above 1 writes them in that many processes
    (``kg build --jobs N``).
    """
    from kg.export.aside import Aside
    from kg.export.stream import write_jsonld_file, write_turtle_file, write_turtle_following
    from kg.export.validate import validation_beside
    from kg.partitions import write_ntriples
    from kg.registry import carry_forward, read_published

    out = Path(out_dir)
    corpus = carry_forward(corpus, read_published(out / EXPORT_NAMES[1]))
    with ExitStack() as stack:
        verdict = stack.enter_context(validation_beside(corpus)) if validate else None
        created = not out.exists()
        out.mkdir(parents=True, exist_ok=True)
        sweep_stale_staging(out)
        try:
            with tempfile.TemporaryDirectory(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out) as folder:
                stage = Path(folder)
                turtle, ntriples, jsonld = (stage / name for name in EXPORT_NAMES)
                beside: Aside[bool | None] | None = None

                def follow(merged: Path) -> None:
                    nonlocal beside
                    beside = Aside.start(write_turtle_following, merged, ntriples, turtle, PREFIXES)
                    if beside is not None:
                        stack.callback(beside.stop)

                followed = len(corpus.papers) >= TURTLE_FOLLOWS_PAPERS
                write_ntriples(corpus, ntriples, serialise=serialise, jobs=jobs, follow=follow if followed else None)
                large = ntriples.stat().st_size > TURTLE_BESIDE_BYTES
                if beside is None and large:
                    beside = Aside.start(write_turtle_file, ntriples, turtle, PREFIXES)
                    if beside is not None:
                        stack.callback(beside.stop)
                write_jsonld_file(ntriples, jsonld, PREFIXES, halves=large)
                done, written = beside.result() if beside is not None else (False, None)
                if not done or written is False:  # no answer, or the merge it followed failed
                    write_turtle_file(ntriples, turtle, PREFIXES)
                if verdict is not None:
                    verdict()
                return [atomic.publish(stage / name, out / name) for name in EXPORT_NAMES]
        except ValidationError:
            if created:  # a build that fails validation leaves no folder of its own behind
                with suppress(OSError):
                    out.rmdir()
            raise


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
    """Turns an export graph back into records; the inverse of ``describe``."""

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
