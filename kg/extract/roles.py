"""How the paper relates to each mention: proposes, evaluates on, addresses, uses, measures with.

Cue-word rules over the mention's sentence, deliberately simple so they are predictable:
- ``proposes``: a span the pattern component marked (title "NAME: ...", "called/termed X",
  "we propose X"), the first new (non-vocabulary) method or concept after "we propose/introduce/
  present" in the same sentence, a new name after "called the"/"our" or before ", a novel ...",
  or a new name-shaped word in the title;
- ``evaluatesOn`` (datasets) and ``measuresWith`` (metrics): the sentence talks about experiments;
- ``addressesTask`` (tasks): in the title, or the sentence speaks for the paper ("we", "this paper");
- ``usesMethod`` (methods not proposed): the sentence says the method is used ("using", "based on").
Everything else keeps ``mentions``, which every edge carries anyway.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.canonical import singular_word
from kg.extract.doctext import doc_text
from kg.extract.patterns import _TITLE_BREAK, NAME
from kg.extract.resolve import CONTAINER_HEADS
from kg.extract.resolve import LEADING_WORDS as _LEADING
from kg.model import EntityType, Role

# "We propose", "this paper introduces", "we proposed" (not "prior work proposed"), "we ... by introducing".
_PROPOSE = re.compile(r"\b(?:we|paper|work|this study)\s+(?:\w+\s+){0,2}"
                      r"(?:(?:propose|introduce|devise|contribute)s?|present|presents|develop|develops|design|designs|"
                      r"build|builds)\b"
                      r"|\bwe\s+(?:\w+\s+){0,2}(?:proposed|introduced|devised|presented|developed|designed|built)\b"
                      r"|\bwe\b[^.!?]{0,80}?\bby\s+(?:introducing|proposing|developing|designing|devising)\b",
                      re.IGNORECASE)
# Between a proposal and a phrase that describes it: "NeuRI, a fully automated approach".
_APPOSITION = re.compile(r"\s*(?:\([^()]{1,12}\)\s*)?,\s*(?:an?|the)\s+$", re.IGNORECASE)
# The passive: "an efficient symmetric normalization technique is introduced".
_PROPOSED_AFTER = re.compile(r"\s+(?:is|are)\s+(?:then\s+|also\s+|further\s+|thus\s+)?(?:proposed|introduced|"
                             r"presented|developed|designed|devised)\b", re.IGNORECASE)
_EVALUATE = re.compile(r"\b(?:evaluat|experiment|benchmark|test|result|outperform|achiev|state-of-the-art|"
                       r"trained on|validat|demonstrat|surpass|improv|compar|report|measur|accura)", re.IGNORECASE)
_OWN = re.compile(r"\b(?:we|our|this paper|this work|propose|present|address|tackle|focus)", re.IGNORECASE)
_USE = re.compile(r"\b(?:us(?:e|es|ed|ing)|based on|leverag|employ|adopt|buil[dt] (?:on|upon)|via|appl(?:y|ies|ied)|"
                  r"combin|incorporat|integrat|extend|relying on|exploit|with)\b", re.IGNORECASE)
_TO_VERB = re.compile(r"\s+to\s+[a-z]")
# Words that put a phrase among others' work: "converting several popular architectures".
_EXISTING_BEFORE = re.compile(r"\b(?:popular|existing|standard|several|many|various|common|conventional|prior|"
                              r"previous|classical|well-known|traditional|current|off-the-shelf)\s+(?:[\w\-]+\s+){0,2}$",
                              re.IGNORECASE)
_PROPOSE_WINDOW = 120
_PROPOSED_PER_CUE = 2
_NAMEABLE = 0.3
"""Below this confidence a span is a vague phrase, never the name of a proposal."""
PROPOSAL_FLOOR = 0.45
PROPOSAL_CONFIDENCE = 0.6
"""A multi-word phrase at least PROPOSAL_FLOOR confident that a "we propose" sentence names as its
direct object is the paper's contribution: worth an edge (PROPOSAL_CONFIDENCE) on that evidence."""
TITLE_LEAD_CONFIDENCE = 0.7
"""A new name opening a colon-less title is the paper's contribution: worth an edge on its own."""
# "We term this decentralized approach X", "we call our framework X": the name after what it names.
_WE_NAME_THE = (r"\bwe\s+(?:call|term|name|dub)\s+(?:this|our|the|these|such\s+an?)\s+(?:[\w\-]+\s+){1,3}?"
                r"[\"“']?$")
# Text just before a mention that names the paper's own contribution: "called the X", "our X",
# "this new X", "the proposed X", 'which we call "X"', "referred to as X".
_NAMED_BEFORE = re.compile(r"\b(?:called|termed|dubbed|named|coined|namely|our|we\s+call(?:\s+it)?|we\s+term|"
                           r"referred\s+to\s+as)\s+(?:the\s+|a\s+|an\s+|proposed\s+|new\s+|novel\s+)?[\"“']?$"
                           r"|\bthis\s+(?:new|novel)\s+$|\bthe\s+proposed\s+$|" + _WE_NAME_THE,
                           re.IGNORECASE)
# The cues by which authors give a name, even one the vocabulary knows: "a simple method called X".
_CALLED_BEFORE = re.compile(r"\b(?:called|termed|dubbed|coined|we\s+call(?:\s+it)?|we\s+term|referred\s+to\s+as)\s+"
                            r"(?:the\s+|a\s+|an\s+)?[\"“']?$|" + _WE_NAME_THE, re.IGNORECASE)
_CUE_WINDOW = 64
"""Characters before a mention searched for a naming cue (room for "we term this decentralized approach")."""
# Text just after: "X, a novel ...", "X, which we propose".
_NAMED_AFTER = re.compile(r"^\s*(?:\([^()]{1,12}\)\s*)?,\s*(?:(?:an?|the|our)\s+(?:[\w\-]+\s+){0,3}?(?:novel|new|"
                          r"simple|unified|general|proposed)\b|which\s+we\s+(?:propose|introduce|call))",
                          re.IGNORECASE)
# "X, a data-adaptive transformation ...": a coined name defined in apposition, in a sentence where the
# authors speak and do not talk about others' work.
_DEFINED_AFTER = re.compile(r"\s*,\s*an?\s+(?:[\w\-]+\s+){0,4}?(?:transformation|module|layer|block|method|"
                            r"framework|architecture|network|model|mechanism|algorithm|technique|strategy|scheme|"
                            r"loss|operator|objective|regularizer|estimator|encoder|decoder|pipeline)\b",
                            re.IGNORECASE)
# A name that only qualifies what follows it: "DoF-based Curriculum Learning" is not about a new DoF.
_MODIFIED_AFTER = re.compile(r"-(?:based|style|like|type|driven|guided|inspired|aware|free|specific)\b", re.IGNORECASE)
_AUTHORS_SPEAK = re.compile(r"\b(?:we|our)\b", re.IGNORECASE)
_OTHERS_WORK = re.compile(r"\b(?:existing|previous|prior|recent|baselines?|compared?|unlike|such as|e\.g\.|"
                          r"state-of-the-art|popular|standard|widely|et\s+al)\b", re.IGNORECASE)


@Language.factory("kg_roles", assigns=["doc._.kg_mentions"], requires=["doc._.kg_mentions"], default_config={})
def make_roles(nlp: Language, name: str) -> RoleTagger:
    """spaCy factory: sets each mention's role (see module docstring)."""
    return RoleTagger(name=name)


class RoleTagger:
    """Rewrites the ``role`` field of ``doc._.kg_mentions`` from cue words (see module docstring)."""

    def __init__(self, *, name: str = "kg_roles", proposed_key: str = "kg_proposed") -> None:
        self.name = name
        self.proposed_key = proposed_key

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.kg_mentions or []
        text = doc_text(doc)
        title_end = text.find("\n\n") if "\n\n" in text else -1
        marked = [(s.start_char, s.end_char) for s in doc.spans.get(self.proposed_key, [])]
        proposed = {m["entity_key"] for m in mentions if any(m["start"] < e and s < m["end"] for s, e in marked)}
        for mention, direct in _after_propose_cue(text, mentions):
            proposed.add(mention["entity_key"])
            if direct and mention["confidence"] >= PROPOSAL_FLOOR and " " in mention["text"].strip() \
                    and not _kind_of_container(mention["text"]):
                mention["confidence"] = max(mention["confidence"], PROPOSAL_CONFIDENCE)
        proposed |= {m["entity_key"] for m in mentions if _named_as_own(text, m, title_end)}
        for mention in _leading_title_phrase(text, mentions, title_end):
            proposed.add(mention["entity_key"])
            mention["confidence"] = max(mention["confidence"], TITLE_LEAD_CONFIDENCE)
        proposed |= {m["entity_key"] for m in _title_means(text, mentions, title_end)}
        proposed |= _sized_variants(mentions, proposed)
        proposed |= _parts_of_proposal(text, mentions, proposed)
        proposed |= _named_after_proposal(mentions, proposed)
        for mention in mentions:
            sentence = text[mention["sentence_start"]:mention["sentence_end"]]
            mention["role"] = str(_role(mention, sentence, proposed, mention["start"] < title_end))
        return doc


def _after_propose_cue(text: str, mentions: list[dict]) -> list[tuple[dict, bool]]:
    """New (non-vocabulary) methods and concepts a "we propose/introduce" sentence names after its cue:
    the contribution and its named parts ("we propose X, with a Y and a Z"); known terms in between
    ("a Transformer-based X") are what the contribution builds on, not part of it. Each comes with
    whether it is the cue's direct object ("we introduce a novel X": only articles and evaluative
    words between)."""
    keys: set[str] = set()
    chosen: list[tuple[dict, bool]] = []
    for cue in _PROPOSE.finditer(text):
        if _TO_VERB.match(text, cue.end()):
            continue  # "we propose to optimize X": an action on something that exists
        taken = previous_end = 0
        for mention in sorted(mentions, key=lambda m: m["start"]):
            if not cue.end() <= mention["start"] <= cue.end() + _PROPOSE_WINDOW:
                continue
            if mention["sentence_start"] > cue.start() or mention["type"] not in (EntityType.METHOD,
                                                                                 EntityType.CONCEPT):
                continue
            if mention["component"] == "kg_vocabulary" or mention.get("known") or mention["entity_key"] in keys \
                    or mention["confidence"] < _NAMEABLE:
                continue  # a known term, a repeat, or a vague span ("a novel model") is not the proposal
            if _EXISTING_BEFORE.search(text, max(cue.end(), mention["start"] - 40), mention["start"]):
                continue  # "a recipe for converting several popular architectures": others' work
            if any(o["start"] <= mention["start"] and mention["end"] <= o["end"] and o is not mention
                   and (o["start"], o["end"]) != (mention["start"], mention["end"])
                   and o["component"] != "kg_abbreviations" for o in mentions):
                continue  # a name inside a longer phrase ("ZO" of "ZO training protocol") is part of it
            if taken and mention["text"][:1].islower() and _APPOSITION.match(text[previous_end:mention["start"]]):
                continue  # "we propose NeuRI, a fully automated approach": a description of the proposal
            keys.add(mention["entity_key"])
            previous_end = mention["end"]
            between = text[cue.end():mention["start"]].split()
            chosen.append((mention, taken == 0 and all(w.lower() in _LEADING for w in between)))
            taken += 1
            if taken == _PROPOSED_PER_CUE:
                break
    return chosen


def _kind_of_container(phrase: str) -> bool:
    """Two plain words ending in a container noun ("analytic method", "attention module", "model
    architecture") describe what the paper built; its name, if any, is elsewhere."""
    words = phrase.split()
    return len(words) == 2 and phrase.islower() and singular_word(words[1]) in _CONTAINER_WORDS


_CONTAINER_WORDS = CONTAINER_HEADS | {"architecture"}


def _leading_title_phrase(text: str, mentions: list[dict], title_end: int) -> list[dict]:
    """A title without a colon that opens with a new name phrase names the contribution: "Random
    Field Augmentations for Self-Supervised ...", "Poincaré ResNet" (also after a question: "What's
    in a Prior? Learned Proximal Networks for ..."). The phrase runs to the first
    title break ("for", "with", a comma); a title that opens with a break word ("Investigating",
    "Towards") has none. Only new (non-vocabulary) methods and concepts of two or more words, or
    name-shaped, qualify: a known term or a task opening a title is its subject, not its proposal."""
    if title_end <= 0 or ":" in text[:title_end]:
        return []
    # "What's in a Prior? Learned Proximal Networks for ...": after a question, the name leads.
    question = text.find("? ", 0, title_end)
    lead_start = question + 2 if question >= 0 else 0
    first_break = _TITLE_BREAK.search(text, lead_start, title_end)
    lead_end = first_break.start() if first_break else title_end
    if lead_end <= lead_start:
        return []
    return [
        m for m in mentions
        if m["end"] <= lead_end and m["start"] == lead_start and m["component"] != "kg_vocabulary"
        and m["type"] in (EntityType.METHOD, EntityType.CONCEPT)
        and (len(m["text"].split()) >= 2 or NAME.fullmatch(m["text"]) is not None)
    ]


# A title's "via", "through", "by" or "using" before the way the paper does what the title says.
_TITLE_MEANS = re.compile(r"(?<![\w\-])(?:via|through|by|using)\s+$", re.IGNORECASE)


def _title_means(text: str, mentions: list[dict], title_end: int) -> list[dict]:
    """A new method or concept right after a title's "via" (or "through", "by", "using") is how the
    paper does what its title says: "Masked Completion via Structured Diffusion with White-Box
    Transformers". A known term there ("via Tensor Decomposition") is what the paper uses. A title that
    opens with a name ("ECON: ... via Normal Integration") has named its proposal already; what follows
    "via" there is a part it uses (measured: on the dev gold, 2 of 2 right without the colon rule's
    exception, 0 of 3 with it)."""
    if ":" in text[:title_end]:
        return []
    return [m for m in mentions
            if m["end"] <= title_end and m["component"] != "kg_vocabulary" and not m.get("known")
            and m["type"] in (EntityType.METHOD, EntityType.CONCEPT)
            and _TITLE_MEANS.search(text, max(0, m["start"] - 10), m["start"])]


def _named_as_own(text: str, mention: dict, title_end: int) -> bool:
    """A new (non-vocabulary) name the text presents as its own: cue words around it (also the passive,
    "X is introduced"), a name-shaped word the authors define in apposition ("we utilize OrthoTrans, a
    data-adaptive transformation"), or a name-shaped word in the title that no vocabulary knows
    ("DiffuMatch", "HNeRV")."""
    if mention["component"] == "kg_vocabulary" or mention.get("known"):
        # A term the vocabulary knows is not this paper's invention, unless the authors name it so: the
        # vocabulary holds famous proposals ("we term this approach Federated Learning").
        return _CALLED_BEFORE.search(text, max(0, mention["start"] - _CUE_WINDOW), mention["start"]) is not None \
            and _AUTHORS_SPEAK.search(text, mention["sentence_start"], mention["sentence_end"]) is not None \
            and not _OTHERS_WORK.search(text, mention["sentence_start"], mention["sentence_end"])
    if _NAMED_BEFORE.search(text, max(0, mention["start"] - _CUE_WINDOW), mention["start"]):
        return True
    if _NAMED_AFTER.match(text[mention["end"]:mention["end"] + 80]):
        return True
    if _PROPOSED_AFTER.match(text, mention["end"]) and mention["type"] in (EntityType.METHOD, EntityType.CONCEPT) \
            and mention["confidence"] >= _NAMEABLE:
        return True
    if NAME.fullmatch(mention["text"]) and _DEFINED_AFTER.match(text, mention["end"]):
        sentence = text[mention["sentence_start"]:mention["sentence_end"]]
        if _AUTHORS_SPEAK.search(sentence) and not _OTHERS_WORK.search(sentence):
            return True
    return mention["start"] < title_end and NAME.fullmatch(mention["text"]) is not None \
        and not _MODIFIED_AFTER.match(text, mention["end"])


_CONSISTS = re.compile(r"\b(?:consists?\s+of|comprises?|is\s+composed\s+of|is\s+made\s+up\s+of)\b", re.IGNORECASE)


def _parts_of_proposal(text: str, mentions: list[dict], proposed: set[str]) -> set[str]:
    """The named parts of a proposal are proposed too: "EntroPE consists of two key modules, namely an
    Entropy-based Dynamic Patcher (EDP) ... and an Adaptive Patch Encoder (APE)". Only new methods the
    sentence defines with an acronym or writes as names count, after the proposal and the cue."""
    parts: set[str] = set()
    for cue in _CONSISTS.finditer(text):
        in_sentence = [m for m in mentions if m["sentence_start"] <= cue.start() < m["sentence_end"]]
        if not any(m["entity_key"] in proposed and m["end"] <= cue.start() for m in in_sentence):
            continue
        parts |= {m["entity_key"] for m in in_sentence
                  if m["start"] >= cue.end() and EntityType(m["type"]) is EntityType.METHOD and not m.get("known")
                  and m["component"] != "kg_vocabulary"
                  and (m["component"] == "kg_abbreviations" or NAME.fullmatch(m["text"]) is not None)}
    return parts


# A size or version suffix on a name: "InceptionNeXt-T", "MatFormer-XL", "DeiT-Small", "LLaMA-7B".
_SIZE_SUFFIX = re.compile(r"-(?:T|S|M|B|L|H|XS|XL|XXL|Ti|Tiny|Small|Base|Medium|Large|Huge|Nano|Mini|"
                          r"\d+(?:\.\d+)?[KMBT]?)$")


def _sized_variants(mentions: list[dict], proposed: set[str]) -> set[str]:
    """The sizes of a proposed model are proposed too: "InceptionNeXt-T" when "InceptionNeXt" is."""
    names = {m["text"] for m in mentions if m["entity_key"] in proposed and NAME.fullmatch(m["text"])}
    return {m["entity_key"] for m in mentions
            if (suffix := _SIZE_SUFFIX.search(m["text"])) and m["text"][:suffix.start()] in names}


def _named_after_proposal(mentions: list[dict], proposed: set[str]) -> set[str]:
    """A new name the text defines after its proposal is a variant of it: "a 2.6B decoder-only MatFormer
    language model (MatLM)" when MatFormer is proposed. Only abbreviation definitions (the text coins
    a name for it) whose long form holds a proposed coined name as a word."""
    names = {m["text"] for m in mentions if m["entity_key"] in proposed and NAME.fullmatch(m["text"])}
    if not names:
        return set()
    return {m["entity_key"] for m in mentions
            if m["component"] == "kg_abbreviations" and not m.get("known") and m["entity_key"] not in proposed
            and any(word in names for word in re.split(r"[\s\-]+", m["label"]))}


def _role(mention: dict, sentence: str, proposed: set[str], in_title: bool) -> Role:
    kind = EntityType(mention["type"])
    if mention["entity_key"] in proposed:
        return Role.PROPOSES
    if kind is EntityType.DATASET and _EVALUATE.search(sentence):
        return Role.EVALUATES_ON
    if kind is EntityType.METRIC and _EVALUATE.search(sentence):
        return Role.MEASURES_WITH
    if kind is EntityType.TASK and (in_title or _OWN.search(sentence)):
        return Role.ADDRESSES_TASK
    if kind is EntityType.METHOD and _USE.search(sentence):
        return Role.USES_METHOD
    return Role.MENTIONS
