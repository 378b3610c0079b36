"""Combine the evidence of the other components into one set of typed, labelled mentions.

Candidates come from the learned detector (``doc.ents``), the vocabulary, abbreviation definitions and
lexical patterns. Overlaps are settled by evidence strength: an abbreviation definition first, then the
longest span, then the most confident; a name the vocabulary or a pattern finds inside a longer learned
span is kept as a nested mention. Each kept span gets its entity's canonical label
and key (vocabulary term, the long form of an abbreviation defined in the same text, or its own
cleaned singular text), a type, the component that found it and a confidence. The result is plain
data in ``doc._.kg_mentions`` (dicts of offsets and strings), so docs stay picklable.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.canonical import clean_label, merge_form, singular_label, singular_word
from kg.extract.doctext import doc_text
from kg.extract.patterns import (
    _TITLE_BREAK,
    HARDWARE,
    NAME,
    NAME_MODIFIER,
    NOT_NAMES,
    PLACES_AND_ORGANISATIONS,
    URL,
)
from kg.extract.termhood import (
    DESCRIPTIVE,
    FUNCTION_WORDS,
    PLAIN_ADJECTIVES,
    VAGUE_PREFIXES,
    termhood,
    vocabulary_confidence,
)
from kg.extract.vocabulary import Term, Vocabulary
from kg.iri import entity_key, fold
from kg.model import EntityType

GENERIC_WORDS = frozenset(
    """model models approach approaches method methods framework frameworks network networks system systems
    technique techniques algorithm algorithms performance data result results task tasks problem problems
    work paper study way baseline baselines architecture architectures scheme strategy procedure process
    solution solutions tool tools module modules component components mechanism pipeline setting settings
    experiment experiments analysis application applications feature features information representation
    representations quality accuracy efficiency function functions training learning inference input inputs
    output outputs variable variables parameter parameters value values set sets number numbers case cases
    type types form forms level levels structure structures version step steps property properties domain
    domains field fields area areas issue issues challenge challenges benchmark benchmarks dataset datasets
    evaluation evaluations effect effects idea ideas technology design designs implementation
    implementations toolkit family class classes""".split()
)
# Vague heads a description ends in ("image dataset", "labeled data", "incremental process"); heads
# that form many technical terms ("representation", "network", "function", "learning") are not here.
_DESCRIBED_HEADS = frozenset(
    """model data dataset benchmark task problem process system domain class setting result performance
    quality tool solution application case type form level version step issue challenge experiment
    evaluation effect idea technology design implementation""".split()
)
# Words that only qualify: "the proposed model", "a novel approach" stay vague; "representation
# learning" (two content words) does not.
VAGUE_MODIFIERS = frozenset(
    """novel new proposed existing previous prior our this these those such other different various simple
    efficient effective general standard traditional conventional current recent many several
    state-of-the-art sota large small high low good better best first second single multiple a an the
    it its we they them their which that what one two three both each all any some most overall whole
    same similar particular specific certain given more less further additional""".split()
)
# Words a learned span may start with that are not part of the name: determiners, evaluative
# adjectives and the verbs of the sentence ("discarding residual learning", "the proposed NeRF").
# Leading words that are not part of the phrase at all: articles, possessives, the verbs of the sentence.
_SENTENCE_WORDS = frozenset(
    """a an the this these those our their its discarding enhancing improving using employing leveraging
    achieving providing enabling obtaining reducing increasing capturing exploiting introducing proposing
    combining allowing making performing applying solving preventing avoiding ensuring maintaining reaching
    yielding proved proven aka i.e. e.g. modifying accelerating analyzing analysing involving investigating
    exploring studying examining evaluating comparing incorporating integrating addressing tackling extending
    adopting designing developing deriving establishing identifying characterizing characterising
    quantifying named called dubbed termed coined""".split()
)
# Leading words that belong to the phrase (the evidence) but not to the name: "novel", "celebrated".
_EVALUATIVE = frozenset(
    """such novel new proposed existing previous prior traditional conventional standard popular recent
    typical various different several many other celebrated well-known widely-used high-capacity
    similarly-sized large-scale small-scale state-of-the-art powerful strong vanilla classic naive basic
    modern contemporary massive huge successful famous prominent seminal sota""".split()
)
LEADING_WORDS = _LEADING = _SENTENCE_WORDS | _EVALUATIVE
"""Words before a name that are not part of it: articles, sentence verbs, evaluative adjectives."""
_NOT_IN_PHRASE = _SENTENCE_WORDS | FUNCTION_WORDS | frozenset(
    "one two three four five six seven eight nine ten".split())
_ENUMERATOR = re.compile(r"\(?(?:\d{1,2}|[ivx]{1,4}|[a-h])\)|\d{1,2}\.")  # "2)", "(ii)", "a)", "3."
# Words of the sentence a learned span sometimes runs into: "JAVELIN processes", "models outperform".
_TRAILING_VERBS = frozenset(
    """consists consist outperform outperforms perform performs achieve achieves show shows yield yields
    improve improves require requires seem seems appear appears remain remains provide provides allow allows
    enable enables lead leads make makes use uses help helps work works exist exists become becomes
    harder easier better worse faster slower matches match reduces reduce increases increase captures capture
    learns learn generates generate produces produce predicts predict suffers suffer fails fail relies rely
    struggles struggle scales scale converges converge generalizes generalize depends depend supports support
    preserves preserve exhibits exhibit demonstrates demonstrate reveals reveal offers offer surpasses surpass
    maintains maintain""".split()
)
# A subject pronoun (and an adverb) just before a span: the span's first lowercase word is the sentence's
# verb ("We fine-tune LLaMA", "we further distill BERT"), whatever form it takes.
_AFTER_PRONOUN = re.compile(r"\b(?:[Ww]e|[Tt]hey)(?: (?:also|then|first|further|additionally|now|can|could|"
                            r"will|would|may|might|must|should))? $")
# Verbs that "to" makes infinitives of at a learned span's start: "to train foundation models", "to
# approximate second-order information" name the models and the information, not an action. Only
# after "to", where the same words ("train split", "approximate inference") are no verbs elsewhere.
_INFINITIVE_VERBS = frozenset(
    """train retrain pretrain pre-train fine-tune finetune update inject speed approximate estimate compute
    enhance boost accelerate mitigate alleviate address tackle solve handle encode decode extract identify
    detect recover reconstruct optimize optimise minimize minimise maximize maximise compress obtain ensure
    facilitate incorporate integrate leverage exploit explore investigate understand explain analyze analyse
    characterize characterise quantify measure evaluate assess compare combine unify extend build design
    develop construct create implement deploy distill prune quantize sparsify bridge avoid prevent overcome""".split()
) - _TRAILING_VERBS  # those ("improve", "learn") go wherever a span starts with them
_TO = re.compile(r"(?<![\w\-])to $")
_PARTICIPLE = re.compile(r"[a-z]{3,}(?<!e)ed")  # "homographies computed" (not "speed", "embed")
_SYMBOL = re.compile(r"[A-Za-z]\([^()\s]{1,8}\)")  # a symbol of the notation with its arguments: "E(u)", "f(x,y)"
_ADVERB = re.compile(r"[a-z]{3,}ly")  # lowercase "-ly" words: "practically", "mainly" (not "Gaussianly")
# Adverbs that make technical terms: "fully connected", "locally linear", "doubly stochastic".
_TECHNICAL_ADVERBS = frozenset(
    """fully densely locally globally sparsely strongly weakly linearly doubly partially jointly uniformly
    randomly mutually conditionally asymptotically""".split()
)
_NOT_ADVERBS = _TECHNICAL_ADVERBS | frozenset(
    "family anomaly assembly supply early only apply reply monopoly rely italy".split())
_PREPOSITION = re.compile(r"\s(?:for|of|with|via|in|on|from|by)\s")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[\"'])|\n\s*\n")
# Nouns that complete an abbreviated name: "closest surface-point (CSP) representation". Vague
# containers ("(DL) framework", "(GAN) model") are left out: the acronym names the long form alone.
_HEAD_NOUNS = frozenset(
    "representation representations layer layers loss function functions dataset benchmark module operator "
    "kernel encoder decoder block blocks".split()
)
_TYPE_HEADS: tuple[tuple[EntityType, frozenset[str]], ...] = (
    (EntityType.DATASET, frozenset("dataset datasets benchmark benchmarks corpus corpora treebank dictionary "
                                   "lexicon".split())),
    (EntityType.METRIC, frozenset("score accuracy error rate ratio metric measure distance precision recall".split())),
    (EntityType.TASK, frozenset(
        "recognition detection segmentation classification reconstruction generation synthesis translation "
        "estimation forecasting prediction retrieval answering compression completion registration "
        "summarization parsing tracking localization captioning editing understanding problem task verification "
        "acquisition disambiguation extraction identification categorization transcription interpretation "
        "indexing mining denoising deblurring inpainting super-resolution application processing manipulation "
        "modeling modelling".split())),
    (EntityType.CONCEPT, frozenset(
        "function functions representation representations kernel space theorem bias limit regime "
        "landscape structure equation equations property distribution field bound".split())),
)
# Heads that make a phrase a method ("statistical parser", "tracking system"); used to correct the
# learned detector's type only, since guess_type already defaults to Method.
_METHOD_HEADS = frozenset(
    "algorithm system model parser classifier architecture technique method approach tagger decoder encoder "
    "estimator strategy component detector tracker recognizer extractor learner optimizer solver generator "
    "discriminator predictor regressor segmenter planner controller grammar framework network net procedure "
    "scheme heuristic engine".split()
)
# Heads that make a phrase a notion, never a method or task: "logical well-formedness conditions",
# "region graph", "lexical constraints".
_CONCEPT_HEADS = frozenset("condition constraint feature rule knowledge information relation variable space "
                           "structure graph".split())
_PREVIOUS_WORD = re.compile(r"(?<![\w\-])([a-z][a-z\-]+) $")
_NEXT_WORD = re.compile(r" ([A-Za-z]+(?:-[A-Za-z]+)?)(?![\w\-])")  # Title Case counts in the title only
# Head nouns whose kinds are named by a modifier: "softmax attention", "ReLU activation", "Gaussian kernel".
COMPOUND_HEADS = frozenset("attention activation kernel loss norm prior layer pooling normalization "
                           "convolution embedding encoding regularization initialization".split())
_NOT_MODIFIERS = frozenset("like unlike only just even also than per plus versus via".split())
# Head terms whose kinds are named by a plain modifier: "depthwise convolution", "causal attention".
_ARCHITECTURE_HEADS = frozenset("network perceptron transformer autoencoder".split())
KIND_HEADS = frozenset("attention convolution pooling normalization kernel embedding activation".split())
_COINED_PLURAL = re.compile(r"[A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*[a-z]s")  # "EvoNorms", "OrthoTrans", "ResNets"
_CAPITALISED_WORD = re.compile(r" ([A-Z][a-z]+(?:-[A-Za-z]+)?)(?=[\s,;:.)]|$)")
# Capitalised words that do not continue a name: pronouns and sentence openers after a missing stop.
_NOT_CONTINUATION = frozenset(
    "The This These Those We Our It Its In On For With A An And Or But Table Figure Section".split())
_NUMBER_END = re.compile(r"(?<=\D)\d+$")
_SIBLING_NUMBERS = re.compile(r"/(\d+)(?![\w\-])")
_HEAD_AFTER = re.compile(r"\s*\)\s([a-z]+)\b")
_ANY_HEAD_AFTER = re.compile(r"\s*\)\s([A-Za-z][a-z]+)\b")
# A collection noun after a name: "ImageNet dataset", "Atari 2600 games", "GLUE tasks" are that name.
_DATASET_SUFFIX = re.compile(r"(?<=[A-Z0-9][\w\-]) (?:dataset|benchmark|corpus|game|environment|suite|task|split)s?$")
# Container nouns a learned span often carries after the name it contains ("... objective", "... tasks").
CONTAINER_HEADS = frozenset(
    "approach technique method framework algorithm objective strategy scheme procedure mechanism module metric "
    "task problem paradigm pipeline formulation operation protocol".split()
)
# Last parts of hyphenated modifiers ("attention-based", "class-incremental"): a phrase ending in one
# is a modifier, so a container noun after it is the phrase's head, not a droppable "method".
_ADJECTIVAL_COMPOUND = re.compile(r"-(?:free|based|aware|agnostic|specific|incremental|dependent|independent|"
                                  r"invariant|equivariant|efficient|driven|guided|informed|like|wise|level|oriented|"
                                  r"conditioned|constrained|preserving|consistent)$", re.IGNORECASE)
# Nouns after a definition's bracket that belong to the phrase, not the name: "(EM) algorithm".
_DEFINITION_TAILS = CONTAINER_HEADS | frozenset("model system network architecture classifier parser".split())
_DESCRIBING = PLAIN_ADJECTIVES | DESCRIPTIVE | FUNCTION_WORDS | VAGUE_MODIFIERS
SPECIALISATION_BONUS = 0.1
BROAD_PHRASE_CONFIDENCE = 0.45
VAGUE_CONFIDENCE = 0.1
"""A learned span that is only a vague word ("features", "the proposed model"): kept as a span, as
annotators of scientific text mark them, but never an edge."""
PART_CONFIDENCE = 0.6
"""A side of a learned "X of Y" span is kept when it is this confident on its own (an edge's worth)."""
# A plain lowercase modifier; a word ending in a single "s" is mostly a verb ("leverages", "boosts")
# of the sentence around the phrase ("supervised", "masked" are fine).
_MODIFIER = re.compile(r"[a-z][a-z\-]*(?<![^s]s)")
_TYPES = frozenset(t.value for t in EntityType)
COMPONENT_NER = "ner"
COMPONENT_TITLE = "kg_title"
PRIORITY = {"kg_abbreviations": 5, "kg_vocabulary": 4, "kg_patterns": 3, COMPONENT_TITLE: 2, COMPONENT_NER: 1}
CONFIDENCE = {"kg_abbreviations": 0.9, "kg_vocabulary": 0.95, "kg_patterns": 0.75, COMPONENT_TITLE: 0.7,
              COMPONENT_NER: 0.6}


@dataclass(slots=True)
class _Sense:
    label: str
    key: str
    type: EntityType
    forms: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    component: str
    type: EntityType
    term: Term | None = None
    sense: _Sense | None = None
    confidence: float = 0.0
    name_end: int = -1
    """Where the name inside the span ends (before a container noun such as "approach"); -1: at ``end``."""
    name_start: int = -1
    """Where the name inside the span starts (after evaluative words such as "efficient"); -1: at ``start``."""
    definition: bool = False
    """The span is a whole abbreviation definition, "Implicit Neural Representations (INRs)"."""
    part: bool = False
    """A term read out of a longer learned "X of Y" span ("power exponent" of "optimization of the power
    exponent"): kept beside that span, like a name nested in it."""
    host: bool = False
    """A phrase built around a known term ("Generalized Teacher Forcing"): the term inside it stays a
    mention of its own, as inside a learned span."""


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentence offsets: split after ., ! or ? before a capital, and at blank lines (the title)."""
    bounds, start = [], 0
    for match in _SENTENCE.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(s, e) for s, e in bounds if e > s]


def guess_type(label: str, default: EntityType = EntityType.METHOD) -> EntityType:
    """A type from the head word when nothing better is known ("... dataset" → Dataset); the head of
    "X for Y" is X's ("Neural Additive Model for Shape Representation" is a model).

    >>> [guess_type(t).value for t in ("ADNI shape dataset", "Neural Additive Model for Shape Representation")]
    ['Dataset', 'Method']
    """
    words = _PREPOSITION.split(label.lower())[0].split()
    head = words[-1] if words else ""
    single = singular_word(head)
    for kind, heads in _TYPE_HEADS:
        if head in heads or single in heads:  # "RM and ATIS CSR tasks" is about tasks
            return kind
    return default


def _named_type(label: str) -> EntityType | None:
    """The type a head noun names outright ("... recognition" a Task, "... corpus" a Dataset, "... error"
    a Metric, "... parser" a Method, "... constraints" a Concept), which overrides the learned detector's
    label; most Concept heads ("function", "representation") are too loose to override it."""
    kind = guess_type(label, EntityType.CONCEPT)
    if kind in (EntityType.TASK, EntityType.DATASET, EntityType.METRIC):
        return kind
    words = _PREPOSITION.split(label.lower())[0].split()
    head = singular_word(words[-1]) if words else ""
    if head in _METHOD_HEADS:
        return EntityType.METHOD
    return EntityType.CONCEPT if head in _CONCEPT_HEADS else None


_WORD_BREAK = re.compile(r"[\s\-]+")


@lru_cache(maxsize=1 << 16)
def is_generic(text: str) -> bool:
    """Vague words ("model", "the proposed approach") or no letters: never an entity. Memoised: asked
    for most candidate spans, and the same short phrases recur across abstracts.

    >>> [is_generic(t) for t in ("model", "the proposed approach", "representation learning", "ResNet")]
    [True, True, False, False]
    """
    words = [w for w in _WORD_BREAK.split(text.lower()) if _has_letter(w)]
    if not words:
        return True
    *modifiers, head = words
    return (head in GENERIC_WORDS or head in VAGUE_MODIFIERS) and all(w in VAGUE_MODIFIERS for w in modifiers)


@Language.factory(
    "kg_resolver",
    assigns=["doc._.kg_mentions"],
    requires=["doc.spans"],
    default_config={"ner_confidence": 0.85, "min_confidence": 0.0},
)
def make_resolver(nlp: Language, name: str, ner_confidence: float, min_confidence: float) -> Resolver:
    """spaCy factory: settles overlaps and links spans to entities (see module docstring)."""
    vocabulary = next((c.vocabulary for _, c in nlp.pipeline if hasattr(c, "vocabulary")), Vocabulary(()))
    return Resolver(vocabulary, name=name, ner_confidence=ner_confidence, min_confidence=min_confidence)


class Resolver:
    """Turns candidate spans into ``doc._.kg_mentions`` (see module docstring)."""

    def __init__(self, vocabulary: Vocabulary, *, name: str = "kg_resolver", ner_confidence: float = 0.85,
                 min_confidence: float = 0.0) -> None:
        self.name = name
        self.vocabulary = vocabulary
        self.confidence = dict(CONFIDENCE, **{COMPONENT_NER: ner_confidence})
        self.min_confidence = min_confidence
        if not Doc.has_extension("kg_mentions"):
            Doc.set_extension("kg_mentions", default=None)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ner = {(e.start_char, e.end_char): EntityType(e.label_) for e in doc.ents if e.label_ in _TYPES}
        local: dict[str, _Sense] = {}
        candidates = self._abbreviations(doc, ner, local)
        for key, component in (("kg_vocabulary", "kg_vocabulary"), ("kg_patterns", "kg_patterns")):
            for span in doc.spans.get(key, []):
                found = self._candidate(text, span.start_char, span.end_char, component,
                                        EntityType(span.label_), local, ner)
                if component == "kg_patterns" and found is not None \
                        and not any(c.isupper() or c.isdigit() for c in text[found.name_start:found.name_end]):
                    continue  # trimming left no name: "(Degree of Freedom)-based" gave "based"
                candidates.append(found)
        candidates += self._numbered_siblings(text, candidates)
        candidates += self._named_by_cue(text, candidates, local, ner)
        candidates += self._known_modifier_compounds(text, candidates, local, ner)
        for (start, end), kind in ner.items():
            candidates.append(self._candidate(text, start, end, COMPONENT_NER, kind, local, ner))
            candidates += self._of_parts(text, start, end, kind, local, ner)
        for span in doc.spans.get("kg_title", []):
            phrase = self._candidate(text, span.start_char, span.end_char, COMPONENT_TITLE, EntityType.CONCEPT,
                                     local, ner)
            if phrase is not None and phrase.term is None and phrase.sense is None:
                phrase.type = ner.get((phrase.start, phrase.end)) or guess_type(text[phrase.start:phrase.end],
                                                                                 EntityType.CONCEPT)
                if phrase.type is EntityType.DATASET and not data_named_here(text, phrase.start, phrase.end):
                    phrase.type = undata_type(text[phrase.start:phrase.end])  # "... via Structured Diffusion with ..."
            candidates.append(phrase)
        candidates += _title_lead_kind(text, candidates)
        candidates = _without_run_together_names(text, candidates)
        urls = [m.span() for m in URL.finditer(text)] if _may_link(text) else []
        chosen = _select([
            c for c in candidates
            if c is not None and c.confidence >= self.min_confidence
            and not (urls and any(c.start < e and s < c.end for s, e in urls))
        ], text)
        chosen = sorted(chosen + self._bases_of_editions(text, chosen), key=lambda c: (c.start, c.end))
        _type_by_list(text, chosen)
        _confidence_by_list(text, chosen)
        _title_description(text, chosen)
        doc._.kg_mentions = self._mentions(text, chosen)
        return doc

    @staticmethod
    def _after_leading_verb(text: str, start: int, end: int) -> int:
        """Start of a learned span after a finite verb of the sentence it ran into ("enables
        learning-rate transfer"), an infinitive ("to train foundation models") or a gerund opening the
        title. Other gerunds stay: SciERC and annotators count "parsing sentences" as a task, and
        "-ing" words open many names ("learning rate", "embedding layer")."""
        space = text.find(" ", start, end)
        if space > 0 and (text[start:space] in _TRAILING_VERBS
                          or (_AFTER_PRONOUN.search(text, max(0, start - 24), start) and text[start].islower())
                          or (text[start:space] in _INFINITIVE_VERBS and _TO.search(text, max(0, start - 4), start))
                          or _opening_gerund(text, start, space)):
            return space + 1
        return start

    def _abbreviations(self, doc: Doc, ner: dict, local: dict[str, _Sense]) -> list[_Candidate]:
        text = doc_text(doc)
        found = []
        for long_start, long_end, short_start, short_end in doc._.kg_abbreviations or ():
            short = text[short_start:short_end]
            head = "" if self.vocabulary.lookup(text[long_start:long_end]) \
                else _head_after(text, short_end, text[long_start:long_end])
            long_form = text[long_start:long_end]
            forms = {long_form, short}
            if head:
                forms |= {long_form + " " + head, short + " " + head}
            term = next((t for f in sorted(forms, key=len, reverse=True) if (t := self.vocabulary.lookup(f))), None)
            if term is not None and not _same_words(long_form, term):
                term = None  # "Adaptive Patch Encoder (APE)" is not the vocabulary's APE, "Automatic Prompt Engineer"
            if term is not None:
                sense = _Sense(term.label, term.key, term.type)
            elif short.rstrip("s") in HARDWARE or long_form.lower() in VAGUE_MODIFIERS:
                continue  # "state-of-the-art (SOTA)", "graphics processing units (GPUs)": no entity
            else:
                label = singular_label(clean_label(long_form + (" " + head if head else "")))
                kind = ner.get((long_start, long_end)) or ner.get((short_start, short_end)) or guess_type(label)
                sense = _Sense(label, entity_key(label), kind)
            sense.forms |= {clean_label(f) for f in forms}
            for form in forms:
                local[merge_form(form)] = sense
            local[merge_form(short + "s")] = sense
            first, last = min(long_start, short_start), max(long_end, short_end)
            if "(" not in text[first:last]:
                # "X, dubbed XS": two mentions of one sense, as the text writes two names
                found += [_Candidate(s, e, "kg_abbreviations", sense.type, term, sense,
                                     self.confidence["kg_abbreviations"]) for s, e in ((long_start, long_end),
                                                                                       (short_start, short_end))]
                continue
            found.append(_Candidate(first, _definition_end(text, last, head), "kg_abbreviations",
                                    sense.type, term, sense, self.confidence["kg_abbreviations"], long_end,
                                    definition=True))
            if " " in short:
                found += self._uses_of_short_form(text, short, short_end, sense, term)
        return found

    def _uses_of_short_form(self, text: str, short: str, defined_end: int, sense: _Sense,
                            term: Term | None) -> list[_Candidate]:
        """Later uses of a short form of two words ("representation group flow (RG flow)" ... "RG flow
        leads to"): no other component finds them whole (the acronym pattern finds "RG" alone), so the
        definition does."""
        pattern = re.compile(r"(?<![\w\-])" + re.escape(short) + r"s?(?![\w\-])")
        return [_Candidate(m.start(), m.end(), "kg_abbreviations", sense.type, term, sense,
                           self.confidence["kg_abbreviations"] - 0.05) for m in pattern.finditer(text, defined_end)]

    def _candidate(self, text: str, start: int, end: int, component: str, kind: EntityType,
                   local: dict[str, _Sense], ner: dict) -> _Candidate | None:
        if (newline := text.find("\n", start, end)) >= 0:
            end = newline  # a name never runs from the title into the abstract
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not (text[end - 1].isalnum() or text[end - 1] in "+)"):
            end -= 1
        if text[end - 1:end] == ")" and text.count("(", start, end) < text.count(")", start, end):
            end -= 1  # "(CIFAR-10)" seen as "CIFAR-10)", or "( both asymptotic and finitary )"
            while end > start and not (text[end - 1].isalnum() or text[end - 1] in "+)"):
                end -= 1
        if text.endswith("-RRB", start, end) and text[end:end + 1] == "-" and "-LRB-" in text[start:end]:
            end += 1  # Penn Treebank brackets in tokenised text: "field -LRB- CRF -RRB-" keeps its last "-"
        start = _after_unopened_bracket(text, start, end)  # "faceted ) summaries": the bracket closes before
        if text.count("(", start, end) > text.count(")", start, end):
            end = text.rfind("(", start, end)  # "language models (LLMs": the name ends before the bracket
            while end > start and text[end - 1] == " ":
                end -= 1
        name_start = start
        if component == COMPONENT_NER:
            start = self._after_leading_verb(text, start, end)
            if " " not in text[start:end] and text[start:start + 1].islower() \
                    and _AFTER_PRONOUN.search(text, max(0, start - 24), start):
                return None  # "As we pre-train larger models": one word after "we" is the verb
            end = _before_value(text, start, end)
            name_start = _skip_leading(text, start, end)
            start = _skip_leading(text, start, end, _NOT_IN_PHRASE)
            end = _capitalised_continuation(text, name_start, _trim_trailing(text, name_start, end))
            end = _before_title_verb(text, name_start, end)
            if name_start == start:
                start = name_start = _technical_adverb_before(text, start)
            if _inside_word(text, name_start, end):
                return None  # "rotation" of "rotation-invariant features": the detector cut a word
        # The span stays as found (the evidence, less articles and verbs); the name inside it drops
        # evaluative words before it ("efficient") and a container noun after it ("approach").
        name_end = _trim_generic_head(text, name_start, end) if component == COMPONENT_NER else end
        if component == COMPONENT_NER and " " not in text[name_start:name_end]:
            name_end = _before_name_modifier(text, name_start, name_end)
        if component == COMPONENT_NER and text[name_end - 1:name_end] == ")" \
                and (bracket := text.rfind(" (", name_start, name_end)) > name_start:
            # "Foo Sampler (FS-2)" that no definition rule read: the name is before it, and the span
            # ends there too, leaving the bracket's words to other rules ("question (like attractors)").
            name_end = end = bracket
        surface = text[name_start:name_end]
        if end <= start or (component not in ("kg_vocabulary", COMPONENT_NER) and is_generic(surface)):
            return None
        vague = component == COMPONENT_NER and (is_generic(surface) or _hardware(surface))
        confidence = self.confidence[component]
        sense = local.get(merge_form(surface))
        if sense is not None:
            return _Candidate(start, end, component, sense.type, None, sense,
                              max(confidence, self.confidence["kg_abbreviations"] - 0.05), name_end,
                              name_start=name_start)
        named = _DATASET_SUFFIX.sub("", surface)
        term = self.vocabulary.lookup(named)
        if term is not None and named in term.ambiguous:
            term = None
        if term is not None:
            # "information extraction techniques" links to the task it names, but the phrase is a method.
            phrase_type = _named_type(text[name_start:end]) if name_end < end else _method_phrase(surface, term)
            if term.type is EntityType.DATASET and end == name_end and (year := _YEAR_AFTER.match(text, end)):
                end = name_end = year.end()  # "COCO 2017", "iNat 2019": the edition is how the paper names it
            return _Candidate(start, end, component, phrase_type or term.type, term, None,
                              vocabulary_confidence(surface, text, term.generic), name_end, name_start=name_start)
        if component == "kg_patterns":  # "Human Face Manipulation" in Title Case is a task
            # A pattern's Dataset comes from a cue ("X dataset", "the X challenge"), which outranks the detector.
            kind = _named_type(surface) or (kind if kind is EntityType.DATASET else ner.get((start, end))) or kind
            if kind is EntityType.DATASET and (_MODEL_SIZE.search(surface) or _DESCRIBED_AS_METHOD.match(text, end)):
                kind = EntityType.METHOD  # "EfficientNet-B0", "LLaMA-30B": a model and its size
            elif kind is EntityType.DATASET and not data_named_here(text, start, end) \
                    and not self._edition_of_dataset(surface):
                kind = undata_type(surface)  # "2.7x faster than PowerInfer": compared with, not evaluated on
            elif kind is not EntityType.DATASET and self._edition_of_dataset(surface):
                kind = EntityType.DATASET  # "UVG8", "DAVIS50": a known dataset's subset or edition
        if component == "kg_patterns" and (start, end) in ner:
            return _Candidate(start, end, component, kind, None, None, confidence + 0.1, name_end,
                              name_start=name_start)
        specialisation = self._specialisation(surface) if component == COMPONENT_NER else 0.0
        if component == COMPONENT_NER:
            confidence = min(termhood(surface, text, name_start) + specialisation, confidence)
            kind = _named_type(text[name_start:end]) or kind
            if kind is EntityType.DATASET and (self._ends_in_method(surface) or _DESCRIBED_AS_METHOD.match(text, end)):
                kind = EntityType.METHOD  # "Poincaré ResNet" is a kind of ResNet, not a dataset
            elif kind is EntityType.TASK and not _PREPOSITION.search(surface) and self._ends_in_method(surface):
                kind = EntityType.METHOD  # "stochastic gradient ascent" is a kind of gradient ascent
            elif kind is EntityType.DATASET and NAME.fullmatch(surface) and not data_named_here(text, start, end):
                kind = EntityType.METHOD  # "Eigen-CAM: Class Activation Map ...": a coined name, no data
            if vague:
                confidence = VAGUE_CONFIDENCE
        if component in (COMPONENT_NER, COMPONENT_TITLE) and _broad_phrase(surface):
            confidence = min(confidence, BROAD_PHRASE_CONFIDENCE)  # "Deep Learning Framework", "Best Practices"
        if component == COMPONENT_NER and _described_generic(surface) and not specialisation:
            confidence = min(confidence, BROAD_PHRASE_CONFIDENCE)  # "image dataset", "probabilistic model"
        return _Candidate(start, end, component, kind, None, None, confidence, name_end, name_start=name_start)

    def _of_parts(self, text: str, start: int, end: int, kind: EntityType, local: dict[str, _Sense],
                  ner: dict) -> list[_Candidate]:
        """The terms on either side of the "of" in a learned span: "Poincaré ball model of hyperbolic space",
        "union of low-dimensional manifolds". The whole phrase is a description (it scores low: a function
        word inside); a side that scores as a term on its own is a mention of it. Only one "of" is split,
        and only sides worth an edge are kept."""
        span = text[start:end]
        if span.count(" of ") != 1:
            return []
        of = start + span.index(" of ")
        parts = []
        for part_start, part_end in ((start, of), (of + len(" of "), end)):
            cand = self._candidate(text, part_start, part_end, COMPONENT_NER, kind, local, ner)
            if cand is not None and cand.confidence >= PART_CONFIDENCE:
                cand.part = True
                parts.append(cand)
        return parts

    def _named_by_cue(self, text: str, candidates: list[_Candidate | None], local: dict[str, _Sense],
                      ner: dict) -> list[_Candidate]:
        """A lowercase phrase the text introduces as a name ("This process is known as backfilling",
        "known as the open set problem", "the methods of feature reuse and forward parallelization")
        that no component found: the cue is the evidence."""
        starts = {c.start for c in candidates if c is not None}
        found = []
        spans = []
        for match in _NAMED_PHRASE.finditer(text):
            spans.append(match.span(1))
            if (second := _AND_NAMED.match(text, match.end(1))) is not None:
                spans.append(second.span(1))  # "the methods of feature reuse and forward parallelization"
        for start, end in spans:
            if start in starts:
                continue
            cand = self._candidate(text, start, end, "kg_patterns", EntityType.CONCEPT, local, ner)
            phrase = text[cand.start:cand.end] if cand is not None else ""
            if cand is None or cand.term is not None or cand.sense is not None or is_generic(phrase) \
                    or (" " not in phrase and not _NOUN_ENDING.search(phrase)):
                continue  # known, vague, or one word that is no noun ("known as early as 1990")
            cand.type = guess_type(phrase, EntityType.CONCEPT)
            cand.confidence = NAMED_CONFIDENCE
            found.append(cand)
        return found

    def _numbered_siblings(self, text: str, candidates: list[_Candidate | None]) -> list[_Candidate]:
        """"CIFAR-10/100", "Kinetics-400/600": a known numbered name followed by "/N" also names its
        sibling ("CIFAR-100") when the vocabulary knows it; the sibling's evidence is the "100"."""
        found: list[_Candidate] = []
        for cand in candidates:
            if cand is None or cand.component not in ("kg_vocabulary", "kg_patterns") or cand.sense is not None:
                continue
            name = text[cand.start:cand.end]
            stem = _NUMBER_END.sub("", name)
            if stem == name or (cand.term is None and NAME.fullmatch(name) is None):
                continue
            end = cand.end
            for match in _SIBLING_NUMBERS.finditer(text, cand.end):
                if match.start() != end:
                    break
                sibling = stem + match.group(1)
                term = self.vocabulary.lookup(sibling)
                if term is not None and merge_form(sibling) in {merge_form(n) for n in (term.label, *term.aliases)}:
                    found.append(_Candidate(match.start(1), match.end(1), cand.component, term.type, term,
                                            confidence=cand.confidence))
                elif cand.term is None and term is None:  # a new name's sibling is new too: "ResNet-18/50"
                    sense = _Sense(sibling, entity_key(sibling), cand.type)
                    found.append(_Candidate(match.start(1), match.end(1), cand.component, cand.type,
                                            sense=sense, confidence=cand.confidence))
                else:
                    break  # "Kinetics-600" may fold to a family entry; only an entry of that very name counts
                end = match.end()
        return found

    def _known_modifier_compounds(self, text: str, candidates: list[_Candidate | None],
                                  local: dict[str, _Sense], ner: dict) -> list[_Candidate]:
        """"softmax attention", "sigmoid activations", "Gaussian kernel": a one-word known term used as the
        modifier of a technical head noun names a kind of that head, not the term itself. The compound
        replaces the modifier's mention (when the pair is not itself a vocabulary term). A kind named
        before the term wins over a head after it: "linear self-attention layer" is a layer of linear
        self-attention."""
        found = []
        for cand in candidates:
            if cand is None or cand.component != "kg_vocabulary" or cand.term is None:
                continue
            word = text[cand.start:cand.end]
            if " " in word:
                continue
            spans = []
            if singular_word(word.lower()).rsplit("-", 1)[-1] in KIND_HEADS and (before := _PREVIOUS_WORD.search(
                    text, max(0, cand.start - 30), cand.start)) is not None and _kind_modifier(before.group(1)):
                spans.append((before.start(1), cand.end))  # "depthwise convolution", "linear self-attention"
            if (after := _NEXT_WORD.match(text, cand.end)) is not None \
                    and (head := singular_word(after.group(1).lower().rsplit("-", 1)[-1])) in COMPOUND_HEADS \
                    and (after.group(1).islower() or cand.end < text.find("\n\n")) \
                    and not (head == "layer" and _is_architecture(cand.term)):
                spans.append((cand.start, after.end()))  # "softmax attention": the term modifies a head
            for start, end in spans:
                compound = self._candidate(text, start, end, "kg_patterns", EntityType.METHOD, local, ner)
                if compound is not None and compound.term is None and compound.sense is None:
                    compound.confidence = max(termhood(text[start:end], text, start), cand.confidence)
                    found.append(compound)
                    break
        return found

    def _bases_of_editions(self, text: str, chosen: list[_Candidate]) -> list[_Candidate]:
        """The known dataset inside a new edition of it: "UVG8" (eight of UVG's videos) also mentions UVG,
        so a query for the papers that use UVG finds this one; the edition stays an entity of its own."""
        taken = {(c.start, c.end) for c in chosen}
        found = []
        for cand in chosen:
            if cand.term is not None or cand.sense is not None or cand.type is not EntityType.DATASET:
                continue
            surface = text[cand.start:cand.end]
            base = _EDITION.sub("", surface)
            if base == surface or not surface.startswith(base) or (cand.start, cand.start + len(base)) in taken:
                continue
            term = self.vocabulary.lookup(base) if len(base) >= 2 else None
            if term is not None and term.type is EntityType.DATASET:
                found.append(_Candidate(cand.start, cand.start + len(base), cand.component, EntityType.DATASET,
                                        term, None, cand.confidence))
        return found

    def _edition_of_dataset(self, surface: str) -> bool:
        """A known dataset's name with a number after it: "UVG8", "DAVIS50", "COCO-2017"."""
        base = _EDITION.sub("", surface)
        term = self.vocabulary.lookup(base) if base != surface and len(base) >= 2 else None
        return term is not None and term.type is EntityType.DATASET

    def _ends_in_method(self, surface: str) -> bool:
        """The phrase ends in a known method ("Poincaré ResNet", "Poincaré 2D convolutions")."""
        words = surface.split()
        for cut in range(max(1, len(words) - 2), len(words)):
            term = self.vocabulary.lookup(" ".join(words[cut:]))
            if term is not None and term.type is EntityType.METHOD and not is_generic(" ".join(words[cut:])):
                return True
        return False

    def _specialisation(self, surface: str) -> float:
        """Evidence that a learned span names a kind of something the vocabulary knows: "supervised
        contrastive learning", "linear self-attention" end in a known term after a modifier that is not
        an everyday or descriptive adjective ("large transformers" and "deep networks" stay descriptions).
        Title Case counts as lower case ("Multimodal Transformers" in a title)."""
        words = surface.split()
        first = words[0][:1].lower() + words[0][1:] if words else ""
        if not 2 <= len(words) <= 4 or not _MODIFIER.fullmatch(first) or first in _DESCRIBING \
                or first.split("-")[0] in VAGUE_PREFIXES:
            return 0.0
        for cut in range(1, len(words)):
            suffix = " ".join(words[cut:])
            if not is_generic(suffix) and self.vocabulary.lookup(suffix) is not None:
                return SPECIALISATION_BONUS
        return 0.0

    def _mentions(self, text: str, chosen: list[_Candidate]) -> list[dict]:
        sentences = sentence_bounds(text)
        starts = [start for start, _ in sentences]  # in order and disjoint: a bisection finds a sentence
        mentions = []
        forms: dict[str, set[str]] = {}
        for cand in chosen:
            surface = text[cand.start:cand.end]
            if cand.sense is not None:
                label, key = cand.sense.label, cand.sense.key
                forms.setdefault(key, set()).update(cand.sense.forms)
            elif cand.term is not None:
                label, key = cand.term.label, cand.term.key
            else:
                first = max(cand.start, cand.name_start)
                name = text[first:cand.name_end] if cand.name_end > first else text[first:cand.end]
                label = _name_label(clean_label(_DATASET_SUFFIX.sub("", name)), text)
                key = self.vocabulary.new_key(label)
            # A definition's text is evidence (its two forms are the names), so is a bare number.
            if not cand.definition and _has_letter(surface):
                forms.setdefault(key, set()).add(clean_label(surface))
            index = bisect_right(starts, cand.start) - 1
            sentence = sentences[index] if index >= 0 and cand.start < sentences[index][1] else (0, len(text))
            mentions.append({
                "start": cand.start, "end": cand.end, "text": surface, "type": str(cand.type), "label": label,
                "entity_key": key, "component": cand.component, "confidence": round(cand.confidence, 4),
                "sentence_start": sentence[0], "sentence_end": sentence[1], "role": "mentions",
                "known": cand.term is not None or (cand.sense is not None and cand.sense.key in self.vocabulary.terms),
            })
        for mention in mentions:
            mention["aliases"] = sorted(forms.get(mention["entity_key"], set()) - {mention["label"]})
        return mentions


_TITLE_DESCRIBED = re.compile(r"([^:\n]+?)\s?:\s+An?\s+")


def _title_description(text: str, chosen: list[_Candidate]) -> None:
    """"NAISR: A 3D Neural Additive Model for ...", "HNeRV: A Hybrid Neural Representation for Videos":
    a new phrase after a title's "NAME: A" describes the named proposal, so it is a mention of the name's
    entity (one more name of it), not an entity of its own. Only a new name and a new phrase count:
    "BERT: A ..." or "...: A Transformer for ..." link to what the vocabulary knows."""
    match = _TITLE_DESCRIBED.match(text)
    title_end = text.find("\n\n")
    if match is None or not 0 < match.end() < title_end:
        return
    name = next((c for c in chosen if c.start == match.start(1) and c.end == match.end(1) and c.term is None),
                None)
    if name is None:
        return
    if name.sense is None:
        label = _name_label(clean_label(text[name.start:name.end]), text)
        name.sense = _Sense(label, entity_key(label), name.type, {label})
    for cand in chosen:
        if cand is name or cand.term is not None or cand.sense is not None or cand.start >= title_end \
                or cand.start < match.end() \
                or not all(w.lower() in _LEADING for w in text[match.end():cand.start].split()):
            continue
        first = max(cand.start, cand.name_start)
        name.sense.forms.add(clean_label(text[first:cand.name_end if cand.name_end > first else cand.end]))
        cand.sense, cand.type = name.sense, name.sense.type


def _name_label(name: str, text: str) -> str:
    """The singular label of a new name, except for a coined CamelCase name whose final "s" is part of
    it ("EvoNorms", "OrthoTrans"): such a word is plural only where the text also writes it without
    the "s" ("ResNets" beside "ResNet")."""
    last = name.rsplit(" ", 1)[-1]
    if _COINED_PLURAL.fullmatch(last) and re.search(r"(?<![\w\-])" + re.escape(last[:-1]) + r"(?![\w\-])",
                                                    text) is None:
        return name
    return singular_label(name)


def _method_phrase(surface: str, term: Term) -> EntityType | None:
    """Method when the words in the text end in a method noun the term's name does not ("object
    detector" for Object Detection, "search engine" for Web Search): the phrase names the tool, the
    entity is still the term."""
    head = singular_word(surface.split()[-1].lower()) if surface.split() else ""
    label_head = singular_word(term.label.split()[-1].lower())
    if term.type is not EntityType.METHOD and head in _METHOD_HEADS and head != label_head:
        return EntityType.METHOD
    return None


def _broad_phrase(surface: str) -> bool:
    """Broad words only, or led by an everyday adjective: "Deep Learning Framework", "Best Practices"."""
    return _only_broad_words(surface) or surface.split()[0].lower() in PLAIN_ADJECTIVES


def _described_generic(surface: str) -> bool:
    """A lowercase phrase whose head is a vague noun: "probabilistic model", "image dataset",
    "labeled data" describe a thing; the established ones ("diffusion model") are in the vocabulary."""
    words = surface.split()
    return len(words) > 1 and not any(w[:1].isupper() for w in words) \
        and singular_word(words[-1]) in _DESCRIBED_HEADS


def _only_broad_words(surface: str) -> bool:
    """Every word is a vague noun or an everyday adjective: "deep model", "model architecture",
    "mathematical functions" describe; however often a text repeats them, they name nothing.

    >>> [_only_broad_words(t) for t in ("model architecture", "deep models", "linear models", "CNN model")]
    [True, True, False, False]
    """
    words = [singular_word(w) for w in surface.lower().split()]
    return len(words) > 1 and all(w in GENERIC_WORDS or w in _DESCRIBING for w in words)


def _after_unopened_bracket(text: str, start: int, end: int) -> int:
    """Start after the last closing bracket inside the span that the span never opened."""
    depth, cut = 0, start
    for index in range(start, end):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth < 0:
                depth, cut = 0, index + 1
    while cut < end and not text[cut].isalnum():
        cut += 1
    return cut if cut < end else start


def _opening_gerund(text: str, start: int, space: int) -> bool:
    """A capitalised "-ing" word that opens the title or a part of it (after its colon, "for", "via"...)
    is the title's verb: "Learning Hierarchical Polynomials with ...", "Maestro: Uncovering Low-Rank
    Structures via ...", "... for Learning Chaotic Dynamics" are about polynomials, structures and
    dynamics ("Learning to Compose ..." stays whole: a verb phrase follows, not a name). In the
    abstract a sentence's opening gerund phrase stays, as SciERC's annotators mark it ("Creating
    summaries" a task)."""
    word = text[start:space]
    return len(word) > 5 and word.endswith("ing") and word[0].isupper() and word[1:].islower() \
        and not text.startswith("to ", space + 1)  \
        and (start == 0 or (start < text.find("\n\n") and _TITLE_PART_START.search(text, 0, start) is not None))


# Where a title's part starts: after its colon or a joining word ("... for Learning Chaotic Dynamics").
_TITLE_PART_START = re.compile(r"(?::|\b(?:for|via|by|with|through|towards?|and))\s$", re.IGNORECASE)


def _skip_leading(text: str, start: int, end: int, droppable: frozenset[str] | None = None) -> int:
    """Start of the span without leading words from ``droppable`` (default: ``_LEADING``, function
    words, enumerators and adverbs such as "practically")."""
    while True:
        space = text.find(" ", start, end)
        word = text[start:space]
        if space < 0 or not (_droppable(word) if droppable is None else word.lower() in droppable
                             or _ENUMERATOR.fullmatch(word) is not None or word.isdigit() or _is_adverb(word)):
            return start
        start = space + 1


_OF_VALUE = re.compile(r"\s+(?:of|=|at)\s+[<>≈~]?\s*\d[\d.,]*\s*%?$")


def _before_value(text: str, start: int, end: int) -> int:
    """End of a learned span before the value it reports: "an Inception score of 9.46" names the
    Inception score, "accuracy = 85.1%" the accuracy."""
    found = _OF_VALUE.search(text, start, end)
    return found.start() if found is not None and found.start() > start else end


def _trim_trailing(text: str, start: int, end: int) -> int:
    """End of the span without trailing adverbs, function words or a symbol of the notation
    ("referring expressions mainly", "representational power of", "energy functional E(u)"), nor
    the "as well" of "trade-offs as well as"."""
    while True:
        if text.endswith(" as well", start, end):
            end -= len(" as well")  # also after the "as" of "as well as" went
        space = text.rfind(" ", start, end)
        word = text[space + 1:end]
        if space < 0 or not (_is_adverb(word) or word.lower() in FUNCTION_WORDS or _SYMBOL.fullmatch(word)
                             or word in _TRAILING_VERBS or _PARTICIPLE.fullmatch(word)):
            return end
        end = space


_TITLE_VERBS = _TRAILING_VERBS | frozenset("prevents meets beats unlocks boosts matters explains emerges arises drives "
                                           "gives connects".split())


def _before_title_verb(text: str, start: int, end: int) -> int:
    """End of a title span before the title's verb: "Early-Learning Regularization Prevents
    Memorization of Noisy Labels" names Early-Learning Regularization."""
    if start >= max(text.find("\n\n"), 0):
        return end
    position = text.find(" ", start, end)
    while position >= 0:
        word_end = text.find(" ", position + 1, end)
        word = text[position + 1:word_end if word_end >= 0 else end]
        if word[:1].isupper() and word.endswith("s") and word.lower() in _TITLE_VERBS:
            return position
        position = word_end
    return end


def _trim_generic_head(text: str, start: int, end: int) -> int:
    """End of the span without a trailing container noun when a term remains: "Frobenius norm
    objective", "feature fusion approach", "video regression tasks" name "Frobenius norm", "feature
    fusion", "video regression". One remaining word stays whole ("adjoint method" is the name) unless it
    is a coined name ("Self-Mask operation" is Self-Mask), and so does a phrase that ends in an
    adjectival compound ("exemplar-free class-incremental methods")."""
    space = text.rfind(" ", start, end)
    if space < 0 or singular_word(text[space + 1:end].lower()) not in CONTAINER_HEADS:
        return end
    rest = text[start:space].rstrip()
    if (" " not in rest and not _coined_word(rest)) or is_generic(rest) or _ADJECTIVAL_COMPOUND.search(rest):
        return end  # "attention-based methods", "model-agnostic approach": the container noun is the head
    return start + len(rest)


def _coined_word(word: str) -> bool:
    """A word shaped as a coined name: a capital after its first letter or a digit ("Self-Mask",
    "DeepZero", "RES", "N2N"), not a sentence-initial capital ("Adjoint")."""
    return len(word) > 1 and any(c.isupper() or c.isdigit() for c in word[1:])


def _kind_modifier(word: str) -> bool:
    """A lowercase word that names a kind ("depthwise", "causal", "graph") rather than describing or
    belonging to the sentence ("the", "strong", "using", "more")."""
    return not (word in _DESCRIBING or word in _NOT_IN_PHRASE or word in _EVALUATIVE or word in VAGUE_MODIFIERS
                or _is_adverb(word) or word.split("-")[0] in VAGUE_PREFIXES or word in GENERIC_WORDS
                or word in _TRAILING_VERBS or word.endswith(("ing", "ed")) or len(word) < 3
                or word in _NOT_MODIFIERS)


def _capitalised_continuation(text: str, start: int, end: int) -> int:
    """End of a learned span that stops inside a Title Case name in running text: "the Shortest
    Hamiltonian Path problem" found as "Shortest Hamiltonian" runs on over the capitalised words that
    follow (not in the title, where every word is capitalised, and never into a new sentence)."""
    title_end = text.find("\n\n")
    last = text[text.rfind(" ", start, end) + 1:end]
    if end <= title_end or not last[:1].isupper():
        return end
    while (match := _CAPITALISED_WORD.match(text, end)) is not None and match.group(1) not in _NOT_CONTINUATION:
        end = match.end()
    return end


def _technical_adverb_before(text: str, start: int) -> int:
    """Start of a learned span that left out the technical adverb before it: "(fully) connected
    networks", "(doubly) stochastic cluster membership"."""
    space = text.rfind(" ", 0, max(start - 1, 0))
    word = text[space + 1:start - 1] if start > 0 and text[start - 1] == " " else ""
    return space + 1 if word.lower() in _TECHNICAL_ADVERBS else start


def _before_name_modifier(text: str, start: int, end: int) -> int:
    """"PDE-inputs", "LLM-based": a name with a modifier suffix names the name ("PDE")."""
    word = text[start:end]
    stripped = NAME_MODIFIER.sub("", word)
    return start + len(stripped) if stripped != word and NAME.fullmatch(stripped) else end


def _hardware(surface: str) -> bool:
    """"TPUs", "H100 GPUs": the hardware of the experiments; "GB", "GHz": a unit of it; "IBM", "Saudi
    Arabia": where the work was done."""
    last = surface.split()[-1] if surface.split() else ""
    return last.rstrip("s") in HARDWARE or surface in NOT_NAMES or surface in PLACES_AND_ORGANISATIONS


def _inside_word(text: str, start: int, end: int) -> bool:
    """The span starts or ends inside a hyphenated word."""
    return (text[end:end + 1] == "-" and text[end + 1:end + 2].isalpha()) or (
        start > 1 and text[start - 1] == "-" and text[start - 2].isalpha())


def _droppable(word: str) -> bool:
    lowered = word.lower()
    return lowered in _LEADING or lowered in FUNCTION_WORDS or _ENUMERATOR.fullmatch(word) is not None \
        or _is_adverb(word)


def _is_adverb(word: str) -> bool:
    return _ADVERB.fullmatch(word) is not None and word not in _NOT_ADVERBS


def _same_words(long_form: str, term: Term) -> bool:
    """Whether a defined long form can be this vocabulary term: its words start like the words of one
    of the term's names ("Low-Rank Adapters" and "Low-Rank Adaptation"; one word may differ in a long
    form of four or more), so a shared acronym alone never links a new definition to a different
    known concept ("fully connected networks (FCNs)" is not Fully Convolutional Network)."""
    stems = {w[:4] for w in re.split(r"[\s\-]+", fold(long_form)) if len(w) > 2}
    if not stems:
        return True
    allowed = 0 if len(stems) <= 3 else 1
    for name in (term.label, *term.aliases):
        known = {w[:4] for w in re.split(r"[\s\-]+", fold(name)) if len(w) > 2}
        if len(stems - known) <= allowed:
            return True
    return False


def _is_architecture(term: Term) -> bool:
    """A known network architecture ("MLP", "CNN", "Transformer"): its "layer" is a layer that is one
    ("no MLP layer"), not a new kind of layer as a "softmax attention" is a kind of attention."""
    words = term.label.lower().split()
    return bool(words) and singular_word(words[-1]) in _ARCHITECTURE_HEADS


def _definition_end(text: str, inner_end: int, head: str) -> int:
    """End of a definition's evidence span: its closing parenthesis, or the noun after it that the
    definition qualifies ("closest surface-point (CSP) representation", "Markov random field (MRF)
    models"). One span, as annotators mark a definition; the label keeps only a naming head."""
    match = _HEAD_AFTER.match(text, inner_end)
    if match is not None and (head or singular_word(match.group(1)) in _DEFINITION_TAILS):
        return match.end()
    close = text.find(")", inner_end)
    return close + 1 if close >= 0 and not text[inner_end:close].strip() else inner_end


def _head_after(text: str, short_end: int, long_form: str) -> str:
    """"(CSP) representation": the head noun that follows an abbreviation's closing parenthesis. A
    long form that ends in a modifier has its head there whatever the noun: "Universal RPE-based
    (URPE) Attention" is an attention."""
    match = _HEAD_AFTER.match(text, short_end)
    if match and match.group(1) in _HEAD_NOUNS:
        return match.group(1)
    if _ADJECTIVAL_COMPOUND.search(long_form) and (match := _ANY_HEAD_AFTER.match(text, short_end)) \
            and match.group(1).lower() not in FUNCTION_WORDS:
        return match.group(1)
    return ""


def _select(candidates: list[_Candidate], text: str) -> list[_Candidate]:
    """Outer spans that do not overlap (abbreviation definitions, then longest, then most confident and
    by component priority), plus vocabulary and pattern spans nested inside a learned span ("GAN" in
    "GAN structure"): the outer span is the phrase, the nested one the name it contains. A learned
    span that cuts through a vocabulary match ("Empirical scaling" of "empirical scaling laws") has
    its boundary wrong and gives way to the known term."""
    known = [c for c in candidates if c.component == "kg_vocabulary"]
    candidates = [c for c in candidates if c.component != COMPONENT_NER or not any(_crosses(c, k) for k in known)]
    order = sorted(
        candidates,
        key=lambda c: (c.component != "kg_abbreviations", -(c.end - c.start), -c.confidence,
                       -PRIORITY[c.component], c.start),
    )
    outer = _non_overlapping(order)
    hosts = [c for c in outer if c.component == COMPONENT_NER or c.host]
    # A span strictly inside a host overlaps it, so it cannot be one of the non-overlapping outer spans:
    # the (dataclass-equality) membership test comes last and almost never runs.
    nested = _non_overlapping([
        c for c in order
        if (c.component != COMPONENT_NER or c.part)
        and any(h.start <= c.start and c.end <= h.end and (c.start, c.end) != (h.start, h.end) for h in hosts)
        and _names_itself(text[c.start:c.end]) and c not in outer
    ])
    return sorted(outer + nested, key=lambda c: (c.start, c.end))


_YEAR_AFTER = re.compile(r" (?:19|20)\d\d(?![\w\-])")
# A model's size after its name: "-T", "-XL", "-B0" (EfficientNet), "-30B" (parameters); not "-1K" or "-200",
# which number datasets ("ImageNet-1K", "TinyImageNet-200").
# "Interaction Basis, a tractable technique to ...": the apposition says what the name is.
_DESCRIBED_AS_METHOD = re.compile(r",\s+(?:an?|the)\s+(?:[\w\-]+\s+){0,3}(?:technique|method|approach|framework|"
                                  r"algorithm|architecture|model|network|procedure|operator)s?\b")
# What a sentence that names a dataset says about it: a word for data ("on the CAPE and Renderpeople
# datasets", "10K videos"), or a list of names after "on"/"from" ("experiments on CIFAR-10/100, UrbanCars").
_DATA_WORD = re.compile(r"\b(?:datasets?|benchmarks?|corpus|corpora|databases?|collections?|splits?|images|videos|"
                        r"scans|recordings|annotations|challenges?|competitions?)\b", re.IGNORECASE)
_ON_NAMES = re.compile(r"\b(?:[Oo]n|[Ff]rom)\s+(?:the\s+)?(?:[A-Z0-9][\w\-/.+]*(?:\s*,\s*|\s+and\s+|\s+or\s+|\s+))*$")


def data_named_here(text: str, start: int, end: int) -> bool:
    """Whether the sentence around a name gives any sign that it names data. The learned detector
    types many coined names Dataset (SciERC's Material covers anything data-like), also methods
    compared with ("a 2.7x speedup over PowerInfer") or used ("RL with SoftMoEs"); without such a sign,
    a coined name in an ML abstract is a method."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(ends) if ends else len(text)
    return _DATA_WORD.search(text, left, right) is not None or _ON_NAMES.search(text, left, start) is not None


_DATA_HEADS = frozenset("data datum image video sample example text label annotation record scan signal".split())


def undata_type(phrase: str) -> EntityType:
    """The type of a phrase typed Dataset without a sign of naming data (``data_named_here``): a notion
    of data ("Secure LLM Inference over Encrypted Data") is a Concept, anything else a Method."""
    words = phrase.lower().split()
    return EntityType.CONCEPT if words and singular_word(words[-1]) in _DATA_HEADS else EntityType.METHOD


_EDITION = re.compile(r"[-_ ]?\d+[kKM]?$")
_MODEL_SIZE = re.compile(r"[A-Za-z]-(?:T|S|B|L|H|XS|XL|XXL|Ti|Tiny|Small|Base|Large|Huge|B[0-7]|\d+(?:\.\d+)?B)$")


# Heads that name a method under ANNOTATION.md ("layer, training procedure or operator"), beyond those the
# detector's own typing uses: "HNeRV block", "uniform quantization", "Nested Transformer".
_GRAPH_METHOD_HEADS = _METHOD_HEADS | frozenset(
    "transformer layer block convolution normalization regularization dropout quantization mlp rnn cnn lstm gan "
    "vae autoencoder sampler module mechanism initialization pooling attention decomposition".split())
# Heads that name a notion, not a method, whatever the detector said: "shape representation", "Gaussian
# distribution", "Levy-Desplanques theorem", "regression loss" (a quantity, not a training technique).
_GRAPH_CONCEPT_HEADS = frozenset(
    "representation distribution theorem matrix entropy covariance functional bound limit regime landscape "
    "space loss property".split())
# Heads of measures a paper reports: an unknown "Metric" without one is a notion ("optimal approximation
# rate", "temporal Pearson correlation matrix") or a misread name ("NUPES", "MCL JVC").
_GRAPH_METRIC_HEADS = frozenset(
    "accuracy score error precision recall distance similarity latency throughput bleu rouge fid psnr ssim auc "
    "f1 perplexity likelihood coverage ratio".split())


TITLE_LEAD_CONFIDENCE = 0.7
"""A title that opens with a new kind of a known method names the paper's contribution: an edge."""


_LIST_SEPARATOR = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*/\s*)")


def _without_run_together_names(text: str, candidates: list[_Candidate | None]) -> list[_Candidate | None]:
    """Drops a learned span that is two or more known datasets with only spaces between: a list that
    lost its commas ("MNIST FASHIONMNIST, CIFAR10"), whose names are found on their own. (Known
    terms of other types run together into real terms: "Gaussian process regression".)"""
    known = {(c.start, c.end) for c in candidates
             if c is not None and c.component == "kg_vocabulary" and c.type is EntityType.DATASET}
    starts = {start: end for start, end in known}

    def run_together(cand: _Candidate) -> bool:
        position, names = cand.start, 0
        while position in starts and starts[position] <= cand.end:
            position, names = starts[position], names + 1
            if position == cand.end:
                return names >= 2
            if text[position:position + 1] != " ":
                return False
            position += 1
        return False

    return [c for c in candidates if c is None or c.component != COMPONENT_NER or not run_together(c)]


def _outermost(chosen: list[_Candidate]) -> list[_Candidate]:
    """The candidates no other (longer) candidate contains, in text order; one pass over them sorted."""
    outer: list[_Candidate] = []
    reach = -1
    for cand in sorted(chosen, key=lambda c: (c.start, -c.end)):
        if cand.end <= reach and not (outer and (outer[-1].start, outer[-1].end) == (cand.start, cand.end)):
            continue
        outer.append(cand)
        reach = max(reach, cand.end)
    return outer


def _type_by_list(text: str, chosen: list[_Candidate]) -> None:
    """A new name listed with datasets is a dataset: "unseen 3DPW and RICH", "on CIFAR-10/100,
    UrbanCars and ...", "the CAPE and Renderpeople datasets", "UVG, MCL JVC, and Bunny". Only coined
    names (every word name-shaped) no vocabulary knows
    change, and only when nothing but a comma, "and" or "or" stands between them and a dataset."""
    order = _outermost(chosen)  # "MCL" inside "MCL JVC" is not a list item
    changed = True
    while changed:
        changed = False
        for left, right in zip(order, order[1:], strict=False):
            if not _LIST_SEPARATOR.fullmatch(text, left.end, right.start):
                continue
            for name, other in ((left, right), (right, left)):
                if other.type is EntityType.DATASET and name.type is not EntityType.DATASET and name.term is None \
                        and name.sense is None and all(NAME.fullmatch(w) for w in text[name.start:name.end].split()):
                    name.type = EntityType.DATASET
                    changed = True


NAMED_CONFIDENCE = 0.6
# "known as backfilling", "referred to as the open set problem": one to three lowercase words after a
# cue that says they are a name, up to a function word or punctuation.
_NAMED_PHRASE = re.compile(
    r"\b(?:known as|referred to as|so-called|termed|dubbed|a phenomenon called|"
    r"the (?:methods?|techniques?|frameworks?|paradigm|notion|concept|phenomenon|principle) of)\s+(?:the\s+)?"
    r"((?!(?:of|and|or|the|a|an|for|in|on|to|with|by|as|is|are|that|which|can|may)\b)[a-z][a-z\-]*[a-z]"
    r"(?:\s+(?!(?:of|and|or|the|a|an|for|in|on|to|with|by|as|is|are|that|which|can|may)\b)[a-z][a-z\-]*[a-z]){0,2})"
    r"(?=\s*[,.;:)]|\s+(?:of|and|or|for|in|on|to|with|by|as|is|are|that|which|can|may)\b)")

_AND_NAMED = re.compile(r"\s+and\s+((?!(?:the|a|an)\b)[a-z][a-z\-]*[a-z](?:\s+[a-z][a-z\-]*[a-z]){0,2})"
                        r"(?=\s*[,.;:)]|\s+(?:to|for|in|of|with|by|as|is|are|that|which)\b)")

LISTED_CONFIDENCE = 0.6
"""A learned phrase listed among terms is worth an edge even when written once in lower case."""
# A single word that is a noun by its ending: "sparsification", "curvelets" (not "shallow" of "a shallow,
# asymmetric autoencoder", which a comma also separates from the next word).
_NOUN_ENDING = re.compile(r"(?:tion|sion|ment|ity|ness|ism|ance|ence|ing|[^s]s)$")
_LISTED_FLOOR = 0.3  # below: a clause, a URL or a vague word, which no list makes a name


def _confidence_by_list(text: str, chosen: list[_Candidate]) -> None:
    """A learned phrase in a list of three or more items, one of which is a confident entity, names
    an entity too: "pruning, sparsification or quantization", "curvelets, shearlets, ridgelets,
    wavelets". Authors list things of one kind, so the list vouches for its weaker items, which the
    detector found but scored below an edge (a lowercase phrase written once). Two items are not a
    list ("A and B" joins far more unlike things: measured, it added twice as many wrong edges as right)."""
    order = _outermost(chosen)
    runs: list[list[_Candidate]] = []
    for cand in order:
        if runs and _LIST_SEPARATOR.fullmatch(text, runs[-1][-1].end, cand.start):
            runs[-1].append(cand)
        else:
            runs.append([cand])
    for run in runs:
        if len(run) < 3 or not any(c.confidence >= LISTED_CONFIDENCE for c in run):
            continue
        for cand in run:
            surface = text[cand.start:cand.end]
            words = surface.split()
            if cand.component == COMPONENT_NER and _LISTED_FLOOR <= cand.confidence < LISTED_CONFIDENCE \
                    and (len(words) > 1 or _NOUN_ENDING.search(words[0])) and not _broad_phrase(surface):
                cand.confidence = LISTED_CONFIDENCE


def _title_lead_kind(text: str, candidates: list[_Candidate | None]) -> list[_Candidate]:
    """The opening phrase of a title without a colon, when it is a new kind of a known method: one or two
    capitalised modifiers (not evaluative, not a verb) before a known method that ends the phrase
    ("Generalized Teacher Forcing for ...", "Long-term Recurrent Convolutional Networks for ...").
    The roles component marks it as the paper's proposal; the known term stays a mention inside it."""
    title_end = text.find("\n\n")
    if title_end <= 0 or ":" in text[:title_end]:
        return []
    first_break = _TITLE_BREAK.search(text, 0, title_end)
    lead_end = first_break.start() if first_break else title_end
    for cand in candidates:
        if cand is None or cand.component != "kg_vocabulary" or cand.end != lead_end or cand.start <= 0 \
                or cand.term is None or cand.term.type is not EntityType.METHOD:
            continue
        modifiers = text[:cand.start].split()
        if 1 <= len(modifiers) <= 2 and all(
                w[:1].isupper() and not w.lower().endswith("ing") and w.lower() not in _DESCRIBING | LEADING_WORDS
                for w in modifiers):
            return [_Candidate(0, lead_end, COMPONENT_TITLE, EntityType.METHOD, confidence=TITLE_LEAD_CONFIDENCE,
                               name_end=lead_end, name_start=0, host=True)]
    return []


def graph_type(label: str, voted: EntityType) -> EntityType:
    """The type an entity the vocabulary does not know gets in the graph, from its label and the type
    its mentions voted for. Mentions are typed by the learned detector, which learned SciERC's
    conventions (its Material covers data-like notions, its OtherScientificTerm many components);
    the graph follows ANNOTATION.md, so where the label says what it is, the label decides: a phrase
    headed by a method word or a coined name is a Method, a "method" headed by a notion word a
    Concept, a "dataset" that only describes data a Concept, and a "metric" without a measure's head
    a Concept (or a Method when it is a coined name). (Measured on the two dev golds: 41 entities
    retyped as annotated, 3 against; then the metric rule: none of 9 such "metrics" was annotated one.)

    >>> [graph_type(t, EntityType.CONCEPT).value for t in ("HNeRV block", "E-NeRV", "loss landscape")]
    ['Method', 'Method', 'Concept']
    >>> graph_type("shape representation", EntityType.METHOD).value
    'Concept'
    >>> graph_type("softmax-based self-attention", EntityType.TASK).value
    'Method'
    >>> [graph_type(t, EntityType.METRIC).value for t in ("top-1 accuracy", "optimal approximation rate", "NUPES")]
    ['Metric', 'Concept', 'Method']
    """
    if voted is EntityType.DATASET:
        return EntityType.CONCEPT if describes_data(label) else voted
    words = _PREPOSITION.split(label.lower())[0].split()
    if voted is EntityType.METRIC and not (words and singular_word(words[-1]) in _GRAPH_METRIC_HEADS):
        return EntityType.METHOD if NAME.fullmatch(label) else EntityType.CONCEPT
    if voted is not EntityType.METHOD and words and singular_word(words[-1].split("-")[-1]) in _GRAPH_METHOD_HEADS:
        return EntityType.METHOD
    if voted is EntityType.CONCEPT and NAME.fullmatch(label):
        return EntityType.METHOD
    if voted is EntityType.METHOD and words and singular_word(words[-1]) in _GRAPH_CONCEPT_HEADS:
        return EntityType.CONCEPT
    return voted


def describes_data(label: str) -> bool:
    """Whether a label the detector typed Dataset only describes data ("noisy annotation", "supervision
    signal", "pre-trained weight"): the detector learned SciERC's Material type, which covers such
    notions, while a Dataset in the graph is a named dataset. Names ("Starman", "GB"), Title Case names
    ("Open Images") and phrases ending in a type's head ("... corpus", "... layer") are not.

    >>> [describes_data(t) for t in ("noisy annotation", "Starman", "Open Images", "ADNI shape dataset")]
    [True, False, False, False]
    """
    words = label.split()
    return bool(words) and NAME.fullmatch(label) is None and not all(w[:1].isupper() for w in words) \
        and _named_type(label) is None


def _may_link(text: str) -> bool:
    """Whether ``URL`` can match in ``text``: each of its forms has a "/" or "www.", "arXiv:" or "doi:".
    Its last form (a domain with a path) is tried at every position, an eighth of the resolver's time
    on texts with nothing to find (most abstracts)."""
    if "/" in text:
        return True
    folded = text.lower()
    return "www." in folded or "arxiv:" in folded or "doi:" in folded


def _has_letter(text: str) -> bool:
    """``any(c.isalpha() for c in text)``, without a generator for ASCII text, where letters are the
    characters that have a case."""
    if text.isascii():
        return text.lower() != text.upper()
    return any(c.isalpha() for c in text)


def _crosses(a: _Candidate, b: _Candidate) -> bool:
    """Whether two spans overlap without either containing the other."""
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


def _names_itself(surface: str) -> bool:
    """Whether a name inside a longer phrase is a mention of its own: a name ("GAN" in "GAN
    structure", "Transformer" in "Transformer-based"), a phrase ("contrastive learning" in "supervised
    contrastive learning objective") or a number that names a sibling ("100" of "CIFAR-10/100"), not
    one lowercase common word that is part of the phrase ("convolution" in "linear 1x1 convolution")."""
    return not (surface.isalpha() and surface.islower())


def _non_overlapping(order: list[_Candidate]) -> list[_Candidate]:
    taken: list[_Candidate] = []
    for cand in order:
        if not any(cand.start < t.end and t.start < cand.end for t in taken):
            taken.append(cand)
    return taken
