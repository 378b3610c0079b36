"""The N-Triples written as text are rdflib's bytes, and the JSON-LD assembled as text is json.dumps's.

``kg.export.ntriples`` replaces rdflib's term objects and ``_nt_row`` on the export's hot path, and
``kg.export.stream.write_jsonld`` replaces an Oxigraph parse plus ``json.dumps`` per node; both must
leave every exported byte as it was, on text chosen to break escaping.
"""

from __future__ import annotations

import doctest
import io
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st
from rdf_samples import LORA, P_LORA, PSNR, edge, mention, sample_corpus
from rdflib import XSD, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.serializers.nt import _nt_row

import kg.export.ntriples
from kg.corpus import Corpus, Provenance
from kg.export.ntriples import NTriplesTerms
from kg.export.rdf import PREFIXES, _GraphTerms, corpus_to_graph, describe, to_ntriples, to_turtle, write_rdf
from kg.export.stream import write_jsonld
from kg.iri import entity_key, paper_key
from kg.model import Entity, EntityType, Paper, Role, Source
from kg.partitions import part_lines, split

AWKWARD = (
    'say "hi"', "back\\slash", "ends in a backslash\\", '\\"', "line\nfeed", "carriage\rreturn", "crlf\r\n",
    "tab\there", "controls \x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f", "nel\x85 line sep\u2028 para sep\u2029",
    "unicode é β 漢字 ﬁ", "emoji 😀 👩‍🔬", "combining e\u0301", "bom \ufeff", "look-alikes \\n \\u00e9 \\t \\U0001F600",
    'json {"a": [1, "b"]}', "<b>tag</b> & ^`{}|", "  spaced  ", "@en", "^^<http://example.org/t>",
)
"""Text that any escaping shortcut gets wrong: each is a literal in the awkward corpus."""

LONG = ("A very long abstract with \"quotes\", back\\slashes and\nlines. " * 2000)[:100_000]


def awkward_corpus() -> Corpus:
    """The sample corpus plus a paper, entity and mentions carrying every ``AWKWARD`` text."""
    title = 'Awkward "text" \\ in\ta title\nwith 😀'
    abstract = " ".join(AWKWARD) + " We use PSNR. Low-Rank Adaptation here. " + LONG
    paper = Paper(
        key=paper_key(title), title=title, abstract=abstract, raw_title=title + "\r", raw_abstract=abstract + " ",
        authors=("O'Brien \"Bob\"", "Zoë \\ Ng", "😀"), author_count=3, date="2021-13-45", upvotes=0,
        url='https://example.org/a b/"q"?x=é&y=<z>\\', categories=("cs.CL", "x\ny"),
        sources=(Source("C:\\seeds\\page \"1\".txt", "2021-03", 1), Source("seeds/p\n2.txt", "0999", None)),
    )
    odd = Entity(entity_key(AWKWARD[0]), AWKWARD[0], EntityType.CONCEPT, aliases=AWKWARD[1:],
                 acronym_conflicts=("\\", '"'))
    base = sample_corpus()
    surfaces = [(text, odd) for text in AWKWARD[:6]] + [("PSNR", PSNR), ("Low-Rank Adaptation", LORA)]
    confidences = (1e-05, 0.1 + 0.2, 1.0, 0.0, 1 / 3, 0.5, 0.999999, 2.5e-10)
    components = ['c"1\\', "kg_vocabulary"] * 4
    mentions = [replace(mention(paper, surface, entity, confidence=confidence, component=component),
                        aliases=AWKWARD[-3:])
                for (surface, entity), confidence, component in zip(surfaces, confidences, components, strict=True)]
    edges = [edge(paper, odd, *mentions[:6]), edge(paper, PSNR, mentions[6]),
             edge(paper, LORA, replace(mentions[7], role=Role.USES_METHOD))]
    provenance = Provenance("0.1.0\n", 'ext "1"', inputs=(("C:\\in\tput.jsonl", "ab" * 32),),
                            settings=(("vocabulary", "a\nb\\c"), ("empty", "")))
    return Corpus.of((*base.papers, paper, replace(P_LORA, key="arxiv-2106-09685", date="٢٠٢١-٠٣-١٨",
                                                   month_day="02-30")),
                     (*base.entities, odd), (*base.edges, *edges), provenance, notes=(*AWKWARD[:3], LONG))


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return awkward_corpus()


@pytest.mark.parametrize("text", [*AWKWARD, LONG, ""])
def test_a_plain_literal_is_written_as_rdflib_writes_it(text: str) -> None:
    s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    assert f"<{s}> <{p}> {NTriplesTerms().literal(text)} .\n" == _nt_row((s, p, Literal(text)))


@pytest.mark.parametrize(("value", "datatype"), [
    (0, XSD.nonNegativeInteger), (12345678901234567890, XSD.positiveInteger), (-3, None), (True, None),
    (Decimal("1e-05"), None), (Decimal("0.30000000000000004"), None), (Decimal("1.0"), None), (Decimal("NaN"), None),
    ("2021-03-18", XSD.date), ("٢٠٢١-٠٣-١٨", XSD.date), ("2021-13-45", XSD.date), ("0999", XSD.gYear),
    ("2021-03", XSD.gYearMonth), ("--02-30", XSD.gMonthDay), ('a "b"\n', XSD.string), (3.0, XSD.nonNegativeInteger),
])
def test_a_typed_literal_is_written_as_rdflib_writes_it(value: object, datatype: URIRef | None) -> None:
    """Integers and decimals are formatted here; anything else (dates rdflib normalises) goes through rdflib."""
    written = NTriplesTerms().literal(value, None if datatype is None else str(datatype))  # type: ignore[arg-type]
    row = _nt_row((URIRef("s:"), URIRef("p:"), Literal(value, datatype=datatype)))
    assert f"<s:> <p:> {written} .\n" == row


def test_an_iri_rdflib_refuses_to_write_is_refused() -> None:
    assert NTriplesTerms().iri("https://example.org/é?q=1#x") == "<https://example.org/é?q=1#x>"
    for bad in ("https://example.org/a b", "https://example.org/<x>", 'https://example.org/"', "a\\b", "a{b}"):
        with pytest.raises(ValueError, match="does not look like a valid URI"):
            NTriplesTerms().iri(bad)
        with pytest.raises(Exception, match="does not look like a valid URI"):
            _nt_row((URIRef(bad), URIRef("p:"), URIRef("o:")))


def test_every_part_is_rdflibs_serialisation_of_the_same_description(corpus: Corpus) -> None:
    for part in split(corpus, size=1):
        terms = _GraphTerms()
        describe(part, terms)
        assert part_lines(part) == sorted({_nt_row(triple)[:-1] for triple in terms.graph})


def test_the_exported_files_are_the_rdflib_paths_bytes(corpus: Corpus, tmp_path: Path) -> None:
    graph = corpus_to_graph(corpus)
    write_rdf(corpus, tmp_path, validate=False)
    ntriples = (tmp_path / "paperkg.nt").read_text(encoding="utf-8")
    assert ntriples == to_ntriples(graph)
    assert (tmp_path / "paperkg.ttl").read_text(encoding="utf-8") == to_turtle(graph)
    assert (tmp_path / "paperkg.jsonld").read_text(encoding="utf-8") == reference_jsonld(tmp_path / "paperkg.nt")
    assert any(LONG.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"') in line
               for line in ntriples.split("\n"))


def test_the_jsonld_is_the_same_graph_as_the_ntriples(corpus: Corpus, tmp_path: Path) -> None:
    write_rdf(corpus, tmp_path, validate=False)
    from_jsonld = rdflib.Graph().parse(tmp_path / "paperkg.jsonld", format="json-ld")
    from_nt = rdflib.Graph().parse(tmp_path / "paperkg.nt", format="nt")
    assert len(from_jsonld) == len(from_nt) and isomorphic(from_jsonld, from_nt)


def test_lines_of_another_shape_give_the_jsonld_oxigraph_reads(tmp_path: Path) -> None:
    """Blank nodes, language tags, \\u escapes, explicit xsd:string, comments and odd spacing are not
    what the exporter writes, but the JSON-LD writer still reads them as Oxigraph does."""
    path = tmp_path / "other.nt"
    path.write_text(
        "# a comment\n"
        '<https://w3id.org/paperkg/resource/paper/a> <http://purl.org/dc/terms/title> "caf\\u00E9 \\U0001F600" .\n'
        '<https://w3id.org/paperkg/resource/paper/a> <http://purl.org/dc/terms/title> "Title"@EN-gb .\n'
        '<https://w3id.org/paperkg/resource/paper/a> <http://purl.org/dc/terms/title> '
        '"x"^^<http://www.w3.org/2001/XMLSchema#string> .\n'
        '<https://w3id.org/paperkg/resource/paper/a> <http://purl.org/dc/terms/title> "tab\\there\\f\\b\\\'" .\n'
        "<https://w3id.org/paperkg/resource/paper/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> _:b0 .\n"
        "<https://w3id.org/paperkg/resource/paper/a>\t<https://w3id.org/paperkg/ontology#upvotes>  "
        '"3"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>.\n'
        "\n"
        '_:b0 <http://www.w3.org/2000/01/rdf-schema#label> "blank" .\n'
        "_:b0 <http://www.w3.org/2000/01/rdf-schema#seeAlso> <https://w3id.org/paperkg/resource/entity/x> .\n",
        encoding="utf-8")
    out = io.StringIO()
    write_jsonld(path, out, PREFIXES)
    assert out.getvalue() == reference_jsonld(path)
    assert '"Title"' in out.getvalue() and '"@language": "en-gb"' in out.getvalue()


def test_a_line_that_is_not_ntriples_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.nt"
    path.write_text('<https://example.org/s> <https://example.org/p> "un"escaped" .\n', encoding="utf-8")
    with pytest.raises(SyntaxError):
        write_jsonld(path, io.StringIO(), PREFIXES)


def test_the_module_examples_run() -> None:
    assert doctest.testmod(kg.export.ntriples).failed == 0


def reference_jsonld(ntriples: Path) -> str:
    """The JSON-LD as the writer defines it: Oxigraph terms, one dict per subject, ``json.dumps``."""
    def compact(iri: str) -> str:
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            local = iri[len(namespace):]
            if iri.startswith(namespace) and local and not local.startswith("//"):
                return f"{prefix}:{local}"
        return iri

    def identifier(term: ox.NamedNode | ox.BlankNode) -> str:
        return compact(term.value) if isinstance(term, ox.NamedNode) else f"_:{term.value}"

    def value(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> object:
        if not isinstance(term, ox.Literal):
            return {"@id": identifier(term)}
        if term.language:
            return {"@language": term.language, "@value": term.value}
        if term.datatype.value in (str(XSD.string), str(rdflib.RDF.langString)):
            return term.value
        return {"@type": compact(term.datatype.value), "@value": term.value}

    nodes: list[dict[str, object]] = []
    for triple in ox.parse(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES):
        if not nodes or nodes[-1]["@id"] != identifier(triple.subject):
            nodes.append({"@id": identifier(triple.subject)})
        if triple.predicate.value == str(rdflib.RDF.type) and isinstance(triple.object, ox.NamedNode):
            key, item = "@type", compact(triple.object.value)
        else:
            key, item = compact(triple.predicate.value), value(triple.object)
        nodes[-1].setdefault(key, []).append(item)  # type: ignore[attr-defined]
    for node in nodes:
        for key, items in node.items():
            if isinstance(items, list):
                items.sort(key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
                node[key] = items[0] if len(items) == 1 else items
    context = json.dumps(dict(sorted(PREFIXES.items())), ensure_ascii=False)
    body = ",\n".join(json.dumps(node, sort_keys=True, ensure_ascii=False) for node in nodes)
    return f'{{"@context": {context},\n"@graph": [' + (f"\n{body}" if nodes else "") + "\n]}\n"


_TERM = st.sampled_from(["<a>", "<a/b>", "<a/b/c>", "<a-b>", "<é>", "_:b1", "_:b10", "_:b2", '"x"', '"x y"'])


@given(st.lists(st.tuples(_TERM, _TERM, _TERM), max_size=40), st.booleans())
def test_rows_come_out_sorted_and_distinct_as_one_sort_of_every_row_gives(
        triples: list[tuple[str, str, str]], grouped: bool) -> None:
    """``lines`` sorts subjects, then each subject's rows: it must give what sorting all rows gives,
    for subjects that are prefixes of others (blank node labels) and triples stated twice."""
    terms = NTriplesTerms()
    for s, p, o in triples:
        if grouped:
            terms.add_all(s, [(p, o), (p, o)])
        else:
            terms.add(s, p, o)
    assert terms.lines() == sorted({f"{s} {p} {o} ." for s, p, o in triples})
