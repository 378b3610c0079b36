"""How much a span found by the learned detector looks like the name of an entity.

The detector is trained on SciERC, whose annotators marked every scientific noun phrase ("closed
shape", "computation of ..."); a knowledge graph wants names. This score, in [0, 1], is the
mention's confidence: spans shaped like names (acronyms, CamelCase, "CIFAR-10") and technical
multi-word terms score high; single common words, phrases led by everyday adjectives, spans that
start or end with a function word and long clauses score low. The linker keeps an edge only when
some mention reaches its threshold, so ``kg extract`` still shows every span with its score.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.patterns import NAME

FUNCTION_WORDS = frozenset(
    """of and or the a an for in on to with by from via as at into that which is are was were be been being
    this these those its their our his her it they we than then while when where whose both each such
    not no can may also has have had do does using used based within without across among amongst between
    through throughout upon beyond toward towards against during inside outside onto""".split()
)
# Everyday adjectives that make a phrase a description ("complex surface") rather than a term.
PLAIN_ADJECTIVES = frozenset(
    """complex simple closed open local global high low large small new novel different various other several
    many few more most less better best good great strong weak fast slow efficient effective accurate robust
    powerful important key main major minor specific general generic common standard typical traditional
    conventional existing previous prior recent current modern future additional further extensive limited
    significant substantial considerable wide broad full partial whole entire single multiple individual
    downstream upstream practical real realistic challenging difficult hard easy scientific complete
    incomplete missing underlying original final initial overall possible potential unique diverse rich
    arbitrary certain particular given desired natural natural-looking fine coarse detailed high-quality
    low-quality high-fidelity state-of-the-art sota superior inferior competitive comparable promising
    crucial critical fundamental essential valuable useful interpretable expressive flexible scalable plain
    lower higher larger smaller longer shorter bigger deeper wider cheaper simpler richer greater poor minimal
    maximal rigorous demanding default revised shared""".split()
)
# Head nouns of technical terms: a lowercase phrase ending in one of these, after a technical
# modifier, names a notion ("nuclear norm", "pointwise convolution", "object recognition",
# "mean-field inference", "low-rank compression") rather than describing one. Most are the nouns of
# a procedure (inference, estimation, compression, embedding...): an everyday adjective before one
# ("efficient inference") is still caught by PLAIN_ADJECTIVES. Weak heads ("representations",
# "functions", "networks") also end many descriptions ("visual representations"), so they count only
# after a compound modifier ("geometry-adaptive", "low-rank").
TECHNICAL_HEADS = frozenset(
    """kernel bias regime loss norm entropy prior inverse solver classifier manifold complexity transfer
    recognition reconstruction integration decomposition quantization convolution normalization initialization
    interpolation inpainting manipulation regularization attention modeling coding inference estimation sampling
    search descent optimization detection segmentation synthesis compression pruning distillation encoding
    matching retrieval embedding""".split()
)
WEAK_HEADS = frozenset(
    "representation function network transformation equation distribution field rate layer learning operator".split()
)
# Modifiers that describe rather than name ("deep networks", "hidden representations").
DESCRIPTIVE = frozenset(
    """deep shallow intermediate internal external hidden visual continuous specialized trivial massive huge
    mathematical noisy clean latent symbolic numerical heavy light computational enhanced improved""".split()
)
# Adjectives of the two lists above that name a kind rather than rate it: "Large Language Models",
# "Partial Differential Equations", "Visual Question Answering", "High Dimensional Datasets", "Novel
# View Synthesis" lose their meaning without them, where "Robust" or "Efficient" only praise what follows.
KIND_ADJECTIVES = frozenset(
    """novel complex closed open local global high low large small wide broad full partial whole entire single
    multiple individual downstream upstream scientific complete incomplete missing natural fine coarse real
    plain minimal maximal shared deep shallow intermediate internal external hidden visual continuous latent
    symbolic numerical noisy clean mathematical computational heavy light""".split()
)
# First parts of compound modifiers that quantify or qualify ("one-step", "end-to-end",
# "data-driven", "task-specific") rather than name a technique.
VAGUE_PREFIXES = frozenset("one two three single any end in out data task model problem".split())
# Words that introduce a phrase as a name: "known as X", "dubbed X", "referred to as \"X\"".
_NAMING_CUE = re.compile(r"\b(?:known as|referred to as|so-called|the notion of|the concept of|"
                         r"a phenomenon called|we call|dubbed|termed|coined)\s+(?:the\s+|an?\s+)?[\"“']?$",
                         re.IGNORECASE)
EPONYM_BONUS = 0.1
# Heads after which a proper noun only says whose or which ("Bayesian view", "Huggingface implementation").
_VAGUE_HEADS = frozenset("view perspective treatment implementation variant version model method approach "
                         "framework setting interpretation analysis".split())
# A proper noun or symbol that qualifies a term: "Laplacian", "Newton's", "Euler-Lagrange", "L1" (not
# "Transformer-based", a name with a modifier suffix, nor a one-letter symbol).
_EPONYM = re.compile(r"(?:[A-Z][a-z\u00df-\u024f]{2,}(?:-[A-Z][a-z]+)?(?:'s)?|L[0-9p])(?<!-based)")
_ADJECTIVE_END = re.compile(r"(?:ic|al|ive|ous|ible|able|ful|less|ed|ing|level|wise|based|like|free|aware|"
                            r"specific|dependent|independent|agnostic|efficient|friendly)$")
_TERM_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][a-z\u00df-\u024f]*(?:-[a-z\u00df-\u024f]+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n)$")
"""Where a sentence starts: at the text's start, after a line break, or after ., !, ? or : and spaces;
``at_sentence_start`` tells the same without searching the whole text before the span."""


def at_sentence_start(text: str, start: int) -> bool:
    r"""``_SENTENCE_START.search(text[:start])``, looking back only over the spaces before ``start``.
    The search tried the pattern at every position of the text before the span, for most learned spans.

    >>> [at_sentence_start(t, len(t) - 1) for t in ("X", "a. X", "a\nX", "a: \tX", "a X", "a.X")]
    [True, True, True, True, False, False]
    """
    if start == 0 or text[start - 1] == "\n":
        return True
    before = start
    while before > 0 and text[before - 1].isspace():
        before -= 1
    return 0 < before < start and text[before - 1] in ".!?:"


@lru_cache(maxsize=8)
def _lowered(text: str) -> str:
    """The text in lower case, once per text rather than once per span scored in it."""
    return text.lower()


def vocabulary_confidence(surface: str, text: str, generic: bool = False) -> float:
    """A vocabulary match is certain about the name. Whether it is worth an edge depends on the term:
    a specific one ("perplexity", "hypernetwork") is, even written once in lower case; a lone broad
    field word ("regularization", "clustering") only when the text repeats it."""
    if " " in surface or "-" in surface or not surface.islower():
        return 0.95
    if not generic:
        return 0.6
    return 0.6 if _lowered(text).count(surface.lower()) > 1 else 0.45


def termhood(surface: str, text: str, start: int) -> float:
    """A confidence in [0, 1] that ``surface`` (found at ``start`` in ``text``) names an entity."""
    words = surface.split()
    lowered = [w.lower() for w in words]
    if not words or "http" in surface or "_" in surface or "^" in surface:  # URLs and LaTeX residue
        return 0.1
    if lowered[0] in FUNCTION_WORDS or lowered[-1] in FUNCTION_WORDS or len(words) > 5 or "," in surface:
        return 0.2  # a clause or a list ("PDE-based, inverse problems"), not a name
    named = [i for i, w in enumerate(words) if NAME.fullmatch(w)]
    if named:
        # A name alone, or a name closing a capitalised phrase, is a name; "GAN structure" or
        # "NUPES leverages" is a description around one (the name itself is found on its own).
        if len(words) == 1 or (start >= text.find("\n\n") and all(w[:1].isupper() or w[:1].isdigit()
                                                                     for w in words)):
            return 0.8
        return 0.6 if _NAMING_CUE.search(text, max(0, start - 30), start) else 0.45
    if any(w in FUNCTION_WORDS for w in lowered):
        return 0.35
    repeated = _lowered(text).count(surface.lower()) > 1
    if len(words) == 1 and not _compound(lowered[0]):
        if _NAMING_CUE.search(text, max(0, start - 30), start):
            return 0.6  # "This process is known as backfilling": the text says the word is a name
        capitalised = words[0][:1].isupper() and not at_sentence_start(text, start)
        return 0.55 if capitalised else (0.45 if repeated else 0.35)
    score = 0.55
    if lowered[0] in PLAIN_ADJECTIVES:
        score -= 0.2
    elif technical_phrase(words):
        score += 0.1
    if repeated or _NAMING_CUE.search(text, max(0, start - 30), start):
        score += 0.15  # used twice, or introduced as a name ("known as X", "the so-called X")
    in_title = start < text.find("\n\n")
    if all(w[:1].isupper() for w in words) and not in_title and not at_sentence_start(text, start):
        score += 0.15  # Title Case mid-sentence marks a name; in a title every word is capitalised
    elif _EPONYM.fullmatch(words[0]) and not in_title and not at_sentence_start(text, start) \
            and lowered[0] not in PLAIN_ADJECTIVES and _singular(lowered[-1]) not in _VAGUE_HEADS:
        score += EPONYM_BONUS  # a proper-noun modifier mid-sentence: "Laplacian commutativity", "Newton's iterations"
    return round(min(score, 0.85), 4)


def _compound(word: str) -> bool:
    """A hyphenated compound of two words is a coined term ("pseudo-features", "hyper-kernels"),
    scored like a two-word phrase; quantifying prefixes ("one-step", "end-to-end") are not."""
    parts = word.split("-")
    return len(parts) == 2 and all(len(p) > 2 and p.isalpha() for p in parts) and parts[0] not in VAGUE_PREFIXES \
        and parts[0] not in PLAIN_ADJECTIVES and parts[0] not in DESCRIPTIVE \
        and _ADJECTIVE_END.search(parts[1]) is None  # "part-level", "photo-realistic" qualify


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def technical_phrase(words: list[str]) -> bool:
    """Two to four plain words (no digits or symbols) ending in a technical head noun, none of them
    an everyday adjective, function word or descriptive modifier: "nuclear norm", "non-uniform
    quantization", "geometry-adaptive harmonic representations" (not "deep networks").

    >>> [technical_phrase(p.split()) for p in ("nuclear norm", "deep networks", "low-rank representations")]
    [True, False, True]
    """
    if not 2 <= len(words) <= 4 or not all(_TERM_WORD.fullmatch(w) for w in words):
        return False
    lowered = [w.lower() for w in words]
    head = _singular(lowered[-1])
    if head not in TECHNICAL_HEADS and not (head in WEAK_HEADS and "-" in lowered[0]):
        return False
    return not any(w in PLAIN_ADJECTIVES or w in FUNCTION_WORDS or w in DESCRIPTIVE
                   or w.split("-")[0] in VAGUE_PREFIXES for w in lowered)
