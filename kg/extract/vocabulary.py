"""The curated SKOS vocabulary (``ontology/vocabulary.ttl`` and any user additions) as a lookup table
and a spaCy component that marks its names in text.

Parsing Turtle with rdflib costs about a second for the curated file, paid on every start; the parsed
table is therefore cached as JSON under the user cache folder, keyed by the SHA-256 of the files, so
later starts read a small JSON file instead (``load_vocabulary``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.errors import InputError
from kg.extract.canonical import PREFIXES, british, merge_form, singular_label
from kg.iri import entity_key, homonym_key
from kg.model import EntityType
from kg.ontology_files import ontology_file

KG_NS = "https://w3id.org/paperkg/ontology#"
ENTITY_NS = "https://w3id.org/paperkg/resource/entity/"
DEFAULT_PATH = ontology_file("vocabulary.ttl")
CACHE_FORMAT = 3


@dataclass(frozen=True, slots=True)
class Term:
    """One vocabulary concept: key (IRI local name), preferred label, type, variants, broader keys."""

    key: str
    label: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    generic: bool = False
    """A broad field term ("Regularization", "Artificial Neural Network"): real, but weak evidence alone."""
    case_sensitive: bool = False
    """A name that is an ordinary word in lower case ("Kinetics", "Conformer"): matched only as written."""


_JOINERS = re.compile(r"[\s\-\u2013]+")


class Vocabulary:
    """Terms by key and by the merge form of every name, for linking and for the phrase matcher."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms: dict[str, Term] = {}
        self.by_form: dict[str, tuple[str, str | None]] = {}
        for term in sorted(terms, key=lambda t: t.key):
            self.terms[term.key] = term
        # Preferred labels win over aliases when two terms share a form; first key wins among equals.
        for names in (lambda t: (t.label,), lambda t: t.aliases + t.ambiguous):
            for term in self.terms.values():
                for name in names(term):
                    cased = is_cased(name) or term.case_sensitive
                    self.by_form.setdefault(merge_form(name), (term.key, name if cased else None))
        for term in self.terms.values():  # last: "permutation invariant" names Permutation Invariance
            for name in (term.label, *term.aliases):
                if (adjective := _as_adjective(name)) is not None:
                    self.by_form.setdefault(merge_form(adjective), (term.key, None))

    def __len__(self) -> int:
        return len(self.terms)

    def lookup(self, name: str) -> Term | None:
        """The term a name refers to, in any variant (plural, hyphen; case too, except for cased names
        such as "mAP" or "ZeRO", which must keep their capitals so "map" and "zero" stay words, unless
        both write them in mixed case: "XGboost" is XGBoost, "MgNO" is not MGNO)."""
        found = self.by_form.get(merge_form(name))
        if found is None and (singular := singular_label(name)) != name:
            # "ReLUs": the fold to lower case comes first in a merge form, and "relus" ends like "corpus"
            name, found = singular, self.by_form.get(merge_form(singular))
        if found is None:
            return None
        key, cased = found
        written, cased_written = name, cased or ""
        if cased is not None:  # "Navier-Stokes" for "Navier–Stokes", "UCF 101" for "UCF-101": case still counts
            cased, name = _JOINERS.sub("", cased), _JOINERS.sub("", name)
        if cased is not None and name.rstrip("s") != cased.rstrip("s") \
                and not (shouted(cased) and name.rstrip("s") == cased.upper().rstrip("S")) \
                and not (_capital_inside(written) and _capital_inside(cased_written)):
            return None
        return self.terms[key]

    def new_key(self, label: str) -> str:
        """The key of a name the vocabulary does not name (``lookup`` refused it): its slug, unless that
        is the key of a term this name is another word for (``is_homonym``: "Maestro", a paper's method,
        beside the MAESTRO dataset), which gets ``homonym_key`` instead, so the two never merge."""
        key = entity_key(label)
        term = self.terms.get(key)
        if term is not None and is_homonym(label, term.label):
            return homonym_key(key, merge_form(label))
        return key

    def to_json(self) -> list[dict]:
        return [
            {"key": t.key, "label": t.label, "type": str(t.type), "aliases": list(t.aliases),
             "broader": list(t.broader), "ambiguous": list(t.ambiguous), "generic": t.generic,
             "case_sensitive": t.case_sensitive}
            for t in self.terms.values()
        ]

    @classmethod
    def from_json(cls, items: list[dict]) -> Vocabulary:
        return cls(
            Term(i["key"], i["label"], EntityType(i["type"]), tuple(i["aliases"]), tuple(i["broader"]),
                 tuple(i["ambiguous"]), i["generic"], i.get("case_sensitive", False))
            for i in items
        )


def parse_turtle(path: Path) -> list[Term]:
    """Read the SKOS concepts of one Turtle file (slow: use ``load_vocabulary``)."""
    import rdflib
    from rdflib.namespace import RDF, SKOS

    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except (OSError, ValueError, SyntaxError) as exc:
        raise InputError(f"{path}: not a readable Turtle vocabulary ({exc})") from exc
    types = {rdflib.URIRef(KG_NS + t.value): t for t in EntityType}
    ambiguous_predicate = rdflib.URIRef(KG_NS + "ambiguousAcronym")
    generic_predicate = rdflib.URIRef(KG_NS + "generic")
    case_predicate = rdflib.URIRef(KG_NS + "caseSensitive")
    terms = []
    for concept in set(graph.subjects(RDF.type, SKOS.Concept)):
        label = graph.value(concept, SKOS.prefLabel)
        kind = next((types[t] for t in graph.objects(concept, RDF.type) if t in types), None)
        if label is None or kind is None:
            continue
        iri = str(concept)
        key = iri[len(ENTITY_NS):] if iri.startswith(ENTITY_NS) else entity_key(str(label))
        broader = [str(b) for b in graph.objects(concept, SKOS.broader)]
        terms.append(Term(
            key=key, label=str(label), type=kind,
            aliases=tuple(sorted({str(a) for a in graph.objects(concept, SKOS.altLabel)})),
            broader=tuple(sorted(b[len(ENTITY_NS):] if b.startswith(ENTITY_NS) else b for b in broader)),
            ambiguous=tuple(sorted({str(a) for a in graph.objects(concept, ambiguous_predicate)})),
            generic=any(value.toPython() is True for value in graph.objects(concept, generic_predicate)),
            case_sensitive=any(value.toPython() is True for value in graph.objects(concept, case_predicate)),
        ))
    return terms


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "paperkg"


def load_vocabulary(paths: Sequence[Path], *, cache: bool = True) -> Vocabulary:
    """The vocabulary of one or more Turtle files; a missing default file gives an empty vocabulary.

    The parsed form is cached by content hash, so editing a file invalidates it automatically.
    Earlier files win when two define the same key.
    """
    existing = [Path(p) for p in paths if Path(p).exists() or Path(p) != DEFAULT_PATH]
    digest = hashlib.sha256(str(CACHE_FORMAT).encode())
    for path in existing:
        try:
            digest.update(path.read_bytes())
        except OSError as exc:
            raise InputError(f"{path}: cannot read vocabulary ({exc.strerror})") from exc
    target = _cache_dir() / f"vocabulary-{digest.hexdigest()[:24]}.json"
    if cache and target.exists():
        try:
            return Vocabulary.from_json(json.loads(target.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache entry is rebuilt below
    seen: dict[str, Term] = {}
    for path in existing:
        for term in parse_turtle(path):
            seen.setdefault(term.key, term)
    vocabulary = Vocabulary(seen.values())
    if cache:
        _write_cache(target, vocabulary)
    return vocabulary


def _write_cache(target: Path, vocabulary: Vocabulary) -> None:
    """Best effort: a read-only home folder only costs the parse next time."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(vocabulary.to_json()), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        pass


def is_cased(name: str) -> bool:
    """One-word names whose capitals matter: "LoRA", "PSNR", "mAP", "ZeRO", "ResNet", "GPT-4" (not "Adam",
    nor a hyphenated word in Title Case, "Self-Attention", "Fine-Tuning", written "self-attention" in text).

    >>> [is_cased(n) for n in ("LoRA", "GPT-4", "Adam", "Self-Attention", "U-Net", "ResNet-50")]
    [True, True, False, False, False, True]
    """
    return " " not in name and any(c.isupper() for part in name.split("-") for c in part[1:])


def is_homonym(name: str, term_label: str) -> bool:
    """Whether a name whose merge form is a term's is another word: the vocabulary writes the term in
    capitals ("MAESTRO", "DISK") and the text does not ("Maestro", "disk"). A name in other mixed case
    is the term ("Renderpeople" for "RenderPeople").

    >>> pairs = (("Maestro", "MAESTRO"), ("MAESTRO", "MAESTRO"), ("Renderpeople", "RenderPeople"))
    >>> [is_homonym(name, label) for name, label in pairs]
    [True, False, False]
    """
    return term_label.isupper() and not name.isupper()


def shouted(name: str) -> bool:
    """Whether a cased name may also be written in capitals ("IMAGENET", "SHAPENET"): a mixed-case name
    of five letters or more. Shorter ones ("MoE", "DeiT") written in capitals are other acronyms.

    >>> [shouted(n) for n in ("ImageNet", "MoE", "PSNR", "DeiT")]
    [True, False, False, False]
    """
    return not name.isupper() and sum(c.isalpha() for c in name) >= 5


def surface_variants(name: str) -> set[str]:
    """Spellings a name appears in: as given, plural, hyphen/space swapped, British, with a hyphen
    for an en dash, and without accents ("Frechet mean" for "Fréchet mean": abstracts often drop them).

    >>> sorted(v for v in surface_variants("Fréchet mean") if "-" not in v)
    ['Frechet mean', 'Frechet means', 'Fréchet mean', 'Fréchet means']
    """
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    spellings = {name, bare, name.replace("\u2013", "-")}  # "Navier–Stokes" typed with a hyphen
    spellings |= {adjective for spelling in spellings if (adjective := _as_adjective(spelling))}
    return set().union(*(_variants(spelling) for spelling in spellings))


_PROPERTY_NOUN = re.compile(r"(?<=\S)([ -])(Invariance|Equivariance|Continuity)$", re.IGNORECASE)
_PROPERTY_ADJECTIVE = {"invariance": "invariant", "equivariance": "equivariant", "continuity": "continuous"}


def _as_adjective(name: str) -> str | None:
    """A property named after what it concerns, written as the adjective texts mostly use: "permutation
    invariant" for "Permutation Invariance", "Lipschitz-continuous" for "Lipschitz Continuity". Only
    with a modifier: a bare "invariant" or "continuous" is an ordinary word.

    >>> [_as_adjective(n) for n in ("Permutation Invariance", "Lipschitz Continuity", "Invariance")]
    ['Permutation invariant', 'Lipschitz continuous', None]
    """
    match = _PROPERTY_NOUN.search(name)
    if match is None:
        return None
    return name[:match.start(2)] + _PROPERTY_ADJECTIVE[match.group(2).lower()]


def _variants(name: str) -> set[str]:
    forms = {name, name.replace("-", " "), _prefixes_joined(name), _prefixes_split(name)}
    forms |= {british(f) for f in forms}  # "Batch Normalisation", "sequence modelling"
    if " " in name and "-" not in name:
        forms.add(name.replace(" ", "-"))
    plurals = {f + "s" for f in forms if f[-1:].isalnum() and not f.endswith("s")}
    return {f for f in forms | plurals if f.strip()}


_HYPHENATED_PREFIX = re.compile(r"\b(" + "|".join(PREFIXES) + r")-(?=[a-z])", re.IGNORECASE)
_JOINED_PREFIX = re.compile(r"\b(" + "|".join(PREFIXES) + r")(?=[a-z]{5,}\b)", re.IGNORECASE)


def _prefixes_joined(name: str) -> str:
    """"multi-dimensional scaling" → "multidimensional scaling"."""
    return _HYPHENATED_PREFIX.sub(r"\1", name)


def _prefixes_split(name: str) -> str:
    """"Multidimensional Scaling" → "Multi-dimensional Scaling"."""
    return _JOINED_PREFIX.sub(r"\1-", name)


@Language.factory(
    "kg_vocabulary",
    assigns=["doc.spans"],
    default_config={"paths": [], "spans_key": "kg_vocabulary"},
)
def make_vocabulary(nlp: Language, name: str, paths: list[str], spans_key: str) -> VocabularyMatcher:
    """spaCy factory: marks vocabulary names; ``paths`` are Turtle files (empty: the curated default)."""
    vocabulary = load_vocabulary([Path(p) for p in paths] or [DEFAULT_PATH])
    return VocabularyMatcher(nlp, vocabulary, name=name, spans_key=spans_key)


_NEGATING_PREFIXES = frozenset({"non", "un", "anti"})
_NEGATING_SUFFIXES = frozenset({"free", "less"})


def negated(doc: Doc, start: int, end: int) -> bool:
    """Whether a name is written inside a compound that denies it: "non-linear transformation" is
    not a linear transformation, a "fine-tuning-free" method does no fine-tuning, "non-reversible
    networks" are not reversible ones. The tokenizer splits such compounds at their hyphens, so
    the vocabulary finds the name inside them.

    >>> import spacy
    >>> doc = spacy.blank("en")("a non-linear map and a tuning-free method")
    >>> [negated(doc, 3, 4), negated(doc, 7, 8), negated(doc, 4, 5)]
    [True, True, False]
    """
    before = start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ \
        and not doc[start - 1].whitespace_ and doc[start - 2].lower_ in _NEGATING_PREFIXES
    after = end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
        and not doc[end].whitespace_ and doc[end + 1].lower_ in _NEGATING_SUFFIXES
    return before or after


def _side_tokenizer(nlp: Language) -> Tokenizer:
    """A tokenizer like the pipeline's, for the vocabulary's forms. spaCy's tokenizer stops caching
    for good once its cache holds ``max_cache_size`` chunks (emptying it does not reset the count),
    so tokenising the vocabulary's tens of thousands of forms with the pipeline's own tokenizer
    left every word of every abstract to be split afresh: four times the tokenizer's time."""
    own = nlp.tokenizer
    return Tokenizer(nlp.vocab, rules=own.rules, prefix_search=own.prefix_search, suffix_search=own.suffix_search,
                     infix_finditer=own.infix_finditer, token_match=own.token_match, url_match=own.url_match,
                     faster_heuristics=own.faster_heuristics)


class VocabularyMatcher:
    """Writes the longest vocabulary matches to ``doc.spans[spans_key]``: label = type, kb_id = term key.

    Cased names (``LoRA``, ``PSNR``, ``mAP``) match case-sensitively so ordinary words ("map",
    "zero") do not; other names match in any case. A term's ambiguous acronyms are not
    matched here: they need an in-text definition or the corpus acronym memory.
    """

    def __init__(self, nlp: Language, vocabulary: Vocabulary, *, name: str = "kg_vocabulary",
                 spans_key: str = "kg_vocabulary") -> None:
        self.name = name
        self.spans_key = spans_key
        self.vocabulary = vocabulary
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        exact: dict[str, list[Doc]] = {}
        folded: dict[str, list[Doc]] = {}
        for term in vocabulary.terms.values():
            for alias in (term.label, *term.aliases):
                cased = is_cased(alias) or term.case_sensitive
                target = exact if cased else folded
                for form in surface_variants(alias):
                    target.setdefault(term.key, []).append(form)
                if is_cased(alias) and shouted(alias):  # "IMAGENET" for "ImageNet"
                    target.setdefault(term.key, []).append(alias.upper())
        tokenizer = _side_tokenizer(nlp)
        for matcher, table in ((self.exact, exact), (self.folded, folded)):
            for key, forms in table.items():
                matcher.add(key, list(tokenizer.pipe(sorted(set(forms)))))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.exact, self.folded):
            for match_id, start, end in matcher(doc):
                if negated(doc, start, end):
                    continue
                key = doc.vocab.strings[match_id]
                spans.append(Span(doc, start, end, label=str(self.vocabulary.terms[key].type), kb_id=key))
        doc.spans[self.spans_key] = filter_spans(spans)
        return doc


def _capital_inside(name: str) -> bool:
    """A capital inside a word of mixed case ("XGboost", "LLaMa"). When both the text and the vocabulary
    write a name so, only in other case, it is that name; "map", "Zero", "MAP" or "the Stack" are words
    or other acronyms that cased names ("mAP", "ZeRO", "The Stack") must not claim, and a coined
    "MgNO" is not the acronym "MGNO"."""
    return any(any(c.isupper() for c in word[1:]) and any(c.islower() for c in word) for word in name.split())

