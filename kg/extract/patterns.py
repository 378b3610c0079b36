"""Lexical patterns for names no vocabulary knows yet: acronyms and CamelCase names ("NAISR",
"EvoNorms", "NeuMeta", "CIFAR-10"), "X dataset/benchmark/challenge", "called/termed/dubbed X" and a title of
the form "NAME: subtitle", and title phrases the abstract repeats. Regular expressions over the raw
text: one scan per pattern, no model.

Spans go to ``doc.spans["kg_patterns"]`` labelled with a type; spans that the text marks as the
paper's own contribution also go to ``doc.spans["kg_proposed"]`` for the role component; title
phrases go to ``doc.spans["kg_title"]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract.doctext import doc_text
from kg.model import EntityType

_SUFFIX = r"(?:-[A-Za-z0-9.]*[A-Za-z0-9])*"
_NAME_CORE = (
    r"(?:[A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*"  # CamelCase / acronyms: NeuMeta, NAISR, NeRF, ResNet50
    r"|[a-z]{1,3}[A-Z][A-Za-z0-9]*"  # kNN, iTransformer, zkDL
    r"|[a-z]{1,3}-[A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*"  # d-BiNI, e-NeRF
    r"|[A-Z][a-z]+-?[0-9]+[A-Za-z]*"  # Kinetics-400, Llama2
    r"|[A-Z][A-Za-z]+-(?:[0-9]+[A-Za-z]*|[A-Z]{1,3}|v[0-9]+)"  # Drobos-XL, Flethund-v2
    r"|[A-Z]-[A-Z][A-Za-z0-9]+"  # E-NeRV, Q-Transformer
    r"|[A-Z]-[a-z]{3,}(?<!ed)(?<!like)"  # Q-learning, Q-transformers, K-means (not U-shaped)
    r"|[A-Z]{1,3}\.[0-9]{2,4})"  # H.264
)
NAME = re.compile(r"(?<![\w\-.])" + _NAME_CORE + _SUFFIX + r"(?![\w\-]|\.\w)")
# Acronym-shaped strings that do not name a scientific entity: hardware, units, publication words.
NOT_NAMES = frozenset(
    """AI GPU GPUs TPU TPUs CPU CPUs SOTA URL URLs API APIs PhD II III IV VI VII VIII IX XL US UK EU USA
    ID IDs OK PDF HTML JSON CSV ACM IEEE arXiv GitHub LaTeX TB GB MB KB GHz MHz FLOPs FLOP TFLOPs 1D 2D 3D
    4D ND NxN RGB RGBD RGB-D NVIDIA AMD XML JPEG PNG GIF AND OR NOT IF THEN ELSE PERSON LOCATION
    ORGANIZATION""".split()
)
# Places and organisations: capitalised like names, never a method, dataset, task, metric or concept
# ("experiments at IBM", "a survey in Saudi Arabia"). Multi-word names are matched whole.
PLACES_AND_ORGANISATIONS = frozenset(
    """
    Adobe Africa Alibaba Amazon Amsterdam Anthropic Apple Argentina Asia Australia Austria BBN Baidu Bangalore
    Bangladesh Barcelona Beijing Belgium Berkeley Berlin Boston Brazil ByteDance CMU CNRS Caltech Canada
    Chicago Chile China Colombia Copenhagen DARPA DeepMind Delhi Denmark Dubai EPFL ETH Egypt Europe Facebook
    Finland France Germany Google Greece Harvard Helsinki Huawei IBM INRIA India Indonesia Inria Intel Iran
    Ireland Israel Italy Japan KAIST Kenya Korea LIMSI London MIT Madrid Malaysia Melbourne Meta Mexico
    Microsoft Montreal Moscow Mumbai Munich NSF NTHU NTU Netflix Netherlands Nigeria Norway OpenAI Oslo PARC
    Pakistan Paris Philippines Poland Portugal Princeton Qualcomm Rome Russia SRI Salesforce Samsung Seattle
    Seoul Shanghai Shenzhen Singapore Spain Spotify Stanford Stockholm Sweden Switzerland Sydney Taipei Taiwan
    Tencent Tesla Thailand Tokyo Toronto Tsinghua Turkey USA Uber Ukraine Vienna Vietnam Zurich""".split()
) | frozenset((
    'Czech Republic', 'ETH Zurich', 'Facebook AI', 'Google Brain', 'Google DeepMind', 'Google Research',
    'Hong Kong', 'Los Angeles', 'Meta AI', 'Microsoft Research', 'New Delhi', 'New York', 'New Zealand',
    'North America', 'San Francisco', 'Saudi Arabia', 'South Africa', 'South America', 'South Korea',
    'UC Berkeley', 'United Kingdom', 'United States',
))
# "University of Frankfurt", "National Library of Medicine", "France Telecom": an institution's name.
_INSTITUTION = re.compile(r"\b(?:University|Institute|Laboratory|Laboratories|Department|School|College|Academy|"
                          r"Library|Ministry)\s+of\b|\s(?:University|Institute|Laboratory|"
                          r"Laboratories|Inc\.?|Corporation|Ltd\.?|Telecom)$")
_UNIT = re.compile(r"^[0-9.]+[KMBTkmb]?$|^[0-9]+[xX×]$|^[A-Z]?[0-9]+[A-Z]?$")
_DATASET_CUE = re.compile(
    r"(?<![\w\-])(?!(?:The|A|An|Our|This|These|Its|Their|Each|Every)\s)"  # "The BraTS challenge": not "The"
    r"((?:[A-Z][\w\-]*[A-Za-z0-9])(?:\s[A-Z0-9][\w\-]*)*)\s(?:dataset|benchmark|corpus|datasets|benchmarks|"
    r"challenge|competition)\b"
)
_APPOSITION = re.compile(
    r"(?<![\w\-])([A-Z][\w\-]*[A-Za-z0-9]), an? (?:[\w\-]+ ){0,6}(dataset|benchmark|corpus|model|method|"
    r"framework|architecture|network|algorithm|approach)\b"
)
_NAMING = re.compile(
    r"\b(?:called|termed|dubbed|named|coined|namely)\s+(?:the\s+|as\s+)?((?:[A-Z][\w\-]*[A-Za-z0-9]|" + _NAME_CORE
    + r")" + _SUFFIX + r")"
)
_PROPOSE = re.compile(
    r"\b(?:we|We|paper|work)\s+(?:\w+\s+)?(?:propose|proposes|introduce|introduces|present|presents|develop|"
    r"develops|design)\s+((?:[A-Z][\w\-]*[A-Za-z0-9]|" + _NAME_CORE + ")" + _SUFFIX
    + r"(?:\s(?:[A-Z][\w\-]*[A-Za-z0-9]|" + _NAME_CORE + r")" + _SUFFIX + r"){0,3})(?=[\s,.:;(])"
)
"""The capitalised name a propose cue introduces, up to four words ("we propose Learnable SMPLify")."""
_TITLE = re.compile(r"^\s*([A-Z0-9][\w\-+.^]*(?:\s[\w\-+.]+){0,4})\s?:\s")
_DATASET_WORDS = ("dataset", "benchmark", "corpus")
# "NVIDIA TITAN XP GPU", "Tesla V100 GPUs": names of the hardware a paper ran on.
_HARDWARE_AFTER = re.compile(r"(?:\s[A-Z0-9][\w\-]*){0,3}?\s(?:GPU|TPU|CPU|NPU)s?\b")
_DATASET_AFTER = re.compile(r"(?:\s[\w\-]+){0,3}?\s(?:dataset|benchmark|corpus|challenge|competition)s?\b")


# Hardware: "TPUs", "H100 GPUs" are what experiments ran on, never a scientific entity.
HARDWARE = frozenset("GPU TPU CPU NPU FPGA ASIC".split())
# A Title Case phrase in running text: two or more capitalised words, "and"/"of" allowed between
# them ("Batch Inverse Encoding and Shifting", "Latent Codes Expansion").
_CAP = r"[A-Z][a-z]+(?:-[A-Za-z]+)*"
_TITLE_CASE = re.compile(r"(?<![\w\-])" + _CAP + r"(?: (?:(?:and|of) )?" + _CAP + r")+(?![\w\-])")
_OPENER = re.compile(r"(?:^|[.!?:]\s+|\n)$")
_NOT_TITLE_CASE = frozenset("In On For With We Our The This These That It Its As At By From To And Or But "
                            "Each Every All Both Such Many Most Some Their Any "
                            "Table Figure Fig Section Appendix Eq Equation Theorem Lemma".split())
_CITED_TITLE_WORDS = frozenset("Is Are Was Be All You Your We Need Can Do Does Not No What How Why When Is Of".split())
_INSTITUTIONS = frozenset("Laboratory Laboratories Lab Labs University Institute Inc Corporation Company Center "
                          "Centre Group Foundation Department School College Academy".split())
# Links and identifiers of other documents: never an entity of this one. A link may come without its
# scheme ("github.com/user/Repo"); a domain counts then only with a path, so "PyTorch.org" alone is a name.
URL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w\-])(?:arXiv:\s?\d{4}\.\d{4,5}(?:v\d+)?|doi:\s?\S+)"
                 r"|(?<![\w@.\-])(?:[a-z0-9\-]+\.)+(?:com|org|io|net|ai|edu|dev|gov|co|me|uk|de|cn|fr|jp)/\S+",
                 re.IGNORECASE)
# "LLM-based", "ResNet-type", "PDE-inputs": the name is the part before the modifier.
NAME_MODIFIER = _MODIFIER = re.compile(
    r"-(?:based|type|like|style|aware|free|driven|specific|wise|level|guided|inputs?|outputs?"
    r"|only|related|enhanced|induced|agnostic)$", re.IGNORECASE)


def is_name(text: str) -> bool:
    """Whether a name-shaped string is worth a mention (not hardware, a place, an organisation, a unit,
    a number or the LaTeX of a formula such as "KQ^top"; "BT^2" is a name)."""
    return text not in NOT_NAMES and not _UNIT.match(text) and len(text) >= 2 and any(c.isalpha() for c in text) \
        and _LATEX_POWER.search(text) is None and _INSTITUTION.search(text) is None \
        and not all(part in PLACES_AND_ORGANISATIONS for part in text.split(" and "))  # "IBM and NTHU"


_LATEX_POWER = re.compile(r"\^[A-Za-z{\\]")
"""A power that is a symbol, "KQ^top" or "W^T": a formula; "BT^2" (BT²) is a name."""


_TITLE_BREAK = re.compile(
    r"\s*(?:[:;,?!()]|\s-\s|(?<![\w\-])(?:for|with|via|of|in|and|on|using|to|from|by|the|a|an|is|are|as|at|into|"
    r"through|towards?|without|beyond|under|over|what|how|why|when|can|do|does|we|our|all|you|need|"
    r"learn|learning to|make|makes|revisiting|rethinking|understanding|towards|boosts?|connects?|"
    r"unlocking|training|introducing|investigating|interpreting|exploiting|predicting|solving|"
    r"extending|improving|evolving|efficiently|computing)(?![\w\-]))\s*",
    re.IGNORECASE,
)


def title_phrases(text: str) -> list[tuple[int, int]]:
    """Phrases of the title (before the first blank line) that the abstract repeats.

    A title names the paper's subject in few words; those of its phrases the abstract uses again
    ("Lossless Compression with Probabilistic Circuits" → "lossless compression") are key terms.
    """
    title_end = text.find("\n\n")
    if title_end <= 0:
        return []
    abstract = text[title_end:].lower()
    found, position, after_to, after_for, after_via = [], 0, False, False, False
    for piece in [*_TITLE_BREAK.finditer(text, 0, title_end), None]:
        end = piece.start() if piece else title_end
        phrase = text[position:end].strip()
        words = phrase.split()
        # "... for Elastic Inference": the title's last "for" names what the paper is for, repeated or not
        # ("for Robust Representation Learning" less its evaluative adjective).
        target = after_for and piece is None and bool(words) and not words[0].lower().endswith("ing")
        means = after_via and bool(words) and not words[0].lower().endswith("ing") and not _evaluative(words[0])
        target = target or means
        if target:
            while len(words) > 2 and _evaluative(words[0]):
                words = words[1:]
            phrase = " ".join(words)
        if 2 <= len(words) <= 4 and (phrase.lower() in abstract or target) and not after_to:
            start = text.index(phrase, position)
            found.append((start, start + len(phrase)))
        position = piece.end() if piece else title_end
        # "Learning to Explore Sample Relationships", "Single Image to 3D Head": after "to" comes a
        # verb phrase or the far end of a mapping, not the paper's subject.
        after_to = piece is not None and piece.group().strip().lower().endswith("to")
        after_for = piece is not None and piece.group().strip().lower() == "for"
        after_via = piece is not None and piece.group().strip().lower() in ("via", "through", "using", "by")
    return found


def _evaluative(word: str) -> bool:
    """An adjective that rates rather than names ("Robust", "Efficient", "Enhanced", "Photo-Realistic")
    or an intensifier ("Very"); not "Large" or "Visual", which name a kind ("Large Language Models",
    "Visual Question Answering")."""
    from kg.extract.termhood import DESCRIPTIVE, KIND_ADJECTIVES, PLAIN_ADJECTIVES  # termhood imports this module

    lowered = word.lower()
    last = lowered.split("-")[-1]
    rates = lowered in PLAIN_ADJECTIVES or lowered in DESCRIPTIVE or last in PLAIN_ADJECTIVES
    return lowered in _INTENSIFIERS or (rates and lowered not in KIND_ADJECTIVES and last not in KIND_ADJECTIVES)


_INTENSIFIERS = frozenset("very extremely highly ultra super really truly".split())
"""Words that only strengthen the next one: "for Very Deep Networks" is for deep networks."""


@Language.factory(
    "kg_patterns",
    assigns=["doc.spans"],
    default_config={"spans_key": "kg_patterns", "proposed_key": "kg_proposed", "title_key": "kg_title"},
)
def make_patterns(nlp: Language, name: str, spans_key: str, proposed_key: str, title_key: str) -> PatternMatcher:
    """spaCy factory: name-shaped spans, proposal cues and title phrases (see module docstring)."""
    return PatternMatcher(name=name, spans_key=spans_key, proposed_key=proposed_key, title_key=title_key)


class PatternMatcher:
    """Finds name-shaped spans by regular expression and types them from nearby cue words."""

    def __init__(self, *, name: str = "kg_patterns", spans_key: str = "kg_patterns",
                 proposed_key: str = "kg_proposed", title_key: str = "kg_title") -> None:
        self.name = name
        self.spans_key = spans_key
        self.proposed_key = proposed_key
        self.title_key = title_key

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found: list[Span] = []
        proposed: list[Span] = []

        def add(start: int, end: int, kind: EntityType, target: list[Span]) -> None:
            span = doc.char_span(start, end, label=str(kind), alignment_mode="expand")
            if span is not None and is_name(span.text):
                target.append(span)

        datasets = {m.span(1) for m in _DATASET_CUE.finditer(text)}
        for match in _APPOSITION.finditer(text):
            if match.group(2) in _DATASET_WORDS:
                datasets.add(match.span(1))
        for start, end in datasets:
            add(start, end, EntityType.DATASET, found)
        for match in NAME.finditer(text):
            if _HARDWARE_AFTER.match(text, match.end()):
                continue
            end = match.start() + len(_MODIFIER.sub("", match.group()))
            kind = EntityType.DATASET if _followed_by_dataset(text, match.end()) else EntityType.METHOD
            add(match.start(), end, kind, found)
        for start, end in title_case_phrases(text):
            add(start, end, EntityType.METHOD, found)
        title = _TITLE.match(text)
        if title and "\n" not in title.group(1) and _title_name(title.group(1)):
            add(title.start(1), title.end(1), EntityType.METHOD, proposed)
        for pattern in (_NAMING, _PROPOSE):
            for match in pattern.finditer(text):
                add(match.start(1), match.end(1), EntityType.METHOD, proposed)
        doc.spans[self.spans_key] = filter_spans(found + proposed)
        doc.spans[self.proposed_key] = filter_spans(proposed)
        titles = [doc.char_span(s, e, label=str(EntityType.CONCEPT), alignment_mode="expand")
                  for s, e in title_phrases(text)]
        doc.spans[self.title_key] = [span for span in titles if span is not None]
        return doc


def title_case_phrases(text: str) -> list[tuple[int, int]]:
    """Title Case phrases of the abstract: authors capitalise the names they coin ("we apply Batch
    Inverse Encoding and Shifting to ..."). In the title every word is capitalised, and a sentence's
    first word always is, so a phrase there counts only from three words on ("Latent Codes Expansion
    is used ...")."""
    found = []
    for match in _split_coordination(_TITLE_CASE.finditer(text, max(text.find("\n\n"), 0))):
        start, words = match.start(), match.group().split()
        if words[0] in _NOT_TITLE_CASE or words[0].endswith("ing") or any(w in _CITED_TITLE_WORDS for w in words) \
                or words[-1] in _INSTITUTIONS or (len(words) == 3 and words[1] == "and"):
            continue  # a sentence opener, a cited paper or authors ("Ramshaw and Marcus"), a laboratory
        if _OPENER.search(text, 0, start) and sum(w[0].isupper() for w in words) < 3:
            continue
        found.append((start, match.end()))
    return found


def _split_coordination(matches: Iterable[re.Match[str]]) -> Iterator[re.Match[str]]:
    """Each name of "Neural Turing Machines and Memory Networks" on its own: a plural before "and"
    with two or more words on each side lists names ("Batch Inverse Encoding and Shifting" is one)."""
    for match in matches:
        words = match.group().split(" ")
        cut = next((i for i, w in enumerate(words) if w == "and" and 2 <= i <= len(words) - 3
                    and words[i - 1].endswith("s") and not words[i - 1].endswith("ss")), None)
        if cut is None:
            yield match
            continue
        left_end = match.start() + len(" ".join(words[:cut]))
        for start, end in ((match.start(), left_end), (left_end + len(" and "), match.end())):
            part = _TITLE_CASE.match(match.string, start, end)
            if part is not None:
                yield part


def _title_name(prefix: str) -> bool:
    """Whether the part of a title before its colon is a name ("NAISR", "Neural Metamorphosis") and not
    a slogan ("Stop Regressing", "Training the Untrainable"): slogans carry verbs and function words."""
    words = prefix.split()
    return len(words) == 1 or not any(w.lower() in _SLOGAN_WORDS or w.lower().endswith("ing") for w in words)


_SLOGAN_WORDS = frozenset("the a an of to is are be it you we your our all not no more less".split())


def _followed_by_dataset(text: str, end: int) -> bool:
    """"ADNI hippocampus 3D shape dataset": a dataset word within four words, no punctuation between."""
    return _DATASET_AFTER.match(text, end) is not None
