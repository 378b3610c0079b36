"""The ontology's terms as Python names: code never spells a kg: IRI as a string literal.

``KG`` mirrors ``ontology/paperkg.ttl`` term for term (``tests/test_ontology_namespace.py`` keeps
the two in sync), so a typo such as ``KG.propose`` fails at import or in that test instead of
silently producing triples nobody queries. ``OA`` covers the W3C Web Annotation terms the
exports use, which rdflib does not ship.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

ONTOLOGY_IRI = URIRef("https://w3id.org/paperkg/ontology")


class KG(DefinedNamespace):
    """paperkg ontology: ``https://w3id.org/paperkg/ontology#`` (prefix ``kg:``)."""

    _NS = Namespace("https://w3id.org/paperkg/ontology#")
    _fail = True

    # Classes
    Paper: URIRef
    Method: URIRef
    Dataset: URIRef
    Task: URIRef
    Metric: URIRef
    Concept: URIRef
    Listing: URIRef
    Build: URIRef
    InputFile: URIRef
    Setting: URIRef

    # Paper-entity links
    mentions: URIRef
    proposes: URIRef
    usesMethod: URIRef
    evaluatesOn: URIRef
    addressesTask: URIRef
    measuresWith: URIRef

    # Paper metadata
    upvotes: URIRef
    authorCount: URIRef
    authorList: URIRef
    arxivId: URIRef
    arxivCategory: URIRef
    categoryList: URIRef
    monthDay: URIRef
    rawTitle: URIRef
    rawAbstract: URIRef

    # Listings, builds, inputs
    sourceFile: URIRef
    pageDate: URIRef
    sourceLine: URIRef
    position: URIRef
    builtWith: URIRef
    extractedWith: URIRef
    setting: URIRef
    settingName: URIRef
    settingValue: URIRef
    path: URIRef
    sha256: URIRef
    note: URIRef

    # Entities
    paperCount: URIRef
    acronymConflict: URIRef
    ambiguousAcronym: URIRef
    caseSensitive: URIRef
    generic: URIRef

    # Evidence
    confidence: URIRef
    role: URIRef
    mentionType: URIRef
    mentionLabel: URIRef
    mentionAlias: URIRef
    evidenceSentence: URIRef
    sentenceStart: URIRef
    sentenceEnd: URIRef


class OA(DefinedNamespace):
    """The W3C Web Annotation terms paperkg uses: ``http://www.w3.org/ns/oa#``."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    Annotation: URIRef
    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasBody: URIRef
    hasTarget: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    motivatedBy: URIRef
    identifying: URIRef
