"""Canonical forms of entity labels: what makes "Transformers", "transformer" and "Transformer"
one entity, and "sphere-tracing" the same as "sphere tracing".

``merge_form`` is the comparison key (never shown to users); ``clean_label`` and ``singular_label``
make the human-readable label a mention proposes for its entity. All three are pure and called for
every candidate span, so they are memoised.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.iri import fold

_LATEX = (
    (re.compile(r"(?<=\w)cdot(?=[A-Z0-9])"), "·"),
    (re.compile(r"(?<=\d)\s?times\b"), "×"),
    (re.compile(r"\\(?:mathrm|textbf|textit|mathbf|text)\{([^{}]*)\}"), r"\1"),
    (re.compile(r"[{}$\\]"), ""),
)
_PUNCT = re.compile(r"[^\w\s·×+#.]|_")
_SPACE = re.compile(r"\s+")
# Words whose final "s" is not a plural marker, including surnames in eponyms ("Navier-Stokes",
# "Metropolis-Hastings"); short words ("gas", "bias") are kept as they are.
_NOT_PLURAL = re.compile(r"(?:ss|us|is|ics|ness|sis|ous|as|-stokes|-hastings)$", re.IGNORECASE)
_IES = re.compile(r"ies$", re.IGNORECASE)
# Plurals no suffix rule undoes: Latin and Greek ones ("matrices", "hypotheses") and words the same in
# both numbers ("series", "species"): the suffix rules would make "time sery" and "matrice" of them.
_IRREGULAR = {
    "series": "series", "species": "species", "matrices": "matrix", "vertices": "vertex", "indices": "index",
    "simplices": "simplex", "appendices": "appendix", "hypotheses": "hypothesis", "analyses": "analysis",
    "syntheses": "synthesis", "theses": "thesis", "parentheses": "parenthesis", "diagnoses": "diagnosis",
    "axes": "axis", "radii": "radius", "nuclei": "nucleus",
}


@lru_cache(maxsize=1 << 16)
def clean_label(text: str) -> str:
    """Surface text without LaTeX residue, outer punctuation and irregular whitespace.

    >>> clean_label("HyperZcdotZcdotW")
    'HyperZ·Z·W'
    >>> clean_label(" 16times  speed-up,")
    '16× speed-up'
    """
    for pattern, replacement in _LATEX:
        text = pattern.sub(replacement, text)
    return _SPACE.sub(" ", text).strip(" ,;:.!?\"'()[]")


@lru_cache(maxsize=1 << 16)
def singular_word(word: str) -> str:
    """The singular of an English plural noun, conservatively ("NeRFs" → "NeRF", "bias" stays).

    >>> [singular_word(w) for w in ["representations", "INRs", "bias", "families", "Transformers", "classes",
    ...                                  "biases", "Navier-Stokes"]]
    ['representation', 'INR', 'bias', 'family', 'Transformer', 'class', 'bias', 'Navier-Stokes']
    >>> [singular_word(w) for w in ["series", "Matrices", "hypotheses", "NUPES", "DARTS", "ReLUs", "corpus"]]
    ['series', 'Matrix', 'hypothesis', 'NUPES', 'DARTS', 'ReLU', 'corpus']
    """
    irregular = _IRREGULAR.get(word.lower())
    if irregular is not None:
        return word[0] + irregular[1:] if word[:1].isupper() else irregular
    if len(word) >= 3 and word.endswith("s") and (word[:-1].isupper() or (word[-2].isupper() and word[0].isupper())):
        return word[:-1]  # "INRs"; "ReLUs", whose "Us" is no Latin ending as in "corpus"
    if len(word) < 4 or word[-1] != "s" or _NOT_PLURAL.search(word):
        return word  # a capital S ends a name ("NUPES", "DARTS"); acronyms take a small s ("CNNs")
    if _IES.search(word) and len(word) > 4:
        return word[:-3] + "y"
    if word[-2:] == "es" and word[-4:-2] in ("ch", "sh", "ss") or word[-3:] == "xes" or word[-5:] == "iases":
        return word[:-2]
    if word[-2] in "sS'":
        return word
    return word[:-1]


@lru_cache(maxsize=1 << 16)
def singular_label(label: str) -> str:
    """A label with its last word singular: "implicit neural representations" → "... representation"."""
    words = label.split(" ")
    words[-1] = singular_word(words[-1])
    return " ".join(words)


# Prefixes written joined, hyphenated or apart ("multitask", "multi-task", "multi task").
PREFIXES = ("multi", "non", "pre", "post", "semi", "hyper", "sub", "inter", "intra", "co", "bi", "over", "under",
            "re", "cross")
_PREFIX_WORD = re.compile(r"\b(" + "|".join(PREFIXES) + r") (?=\w)")


@lru_cache(maxsize=1 << 16)
def key_form(label: str) -> str:
    """Folded case, hyphens as spaces, singular last word: what an unknown entity's key (its IRI) is
    made from. Kept as it was when IRIs were first given out, so they stay stable.

    >>> key_form("Sphere-Tracing") == key_form("sphere tracing")
    True
    """
    text = fold(clean_label(label)).replace("-", " ")
    text = _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()
    return singular_label(text)


@lru_cache(maxsize=1 << 16)
def merge_form(label: str) -> str:
    """The key under which label variants merge: ``key_form`` with a prefix joined to its word and
    British spelling made American.

    >>> merge_form("Transformers") == merge_form("transformer")
    True
    >>> merge_form("multi-dimensional scaling") == merge_form("Multidimensional Scaling")
    True
    >>> merge_form("generalisation error") == merge_form("Generalization Error")
    True
    """
    return american(_PREFIX_WORD.sub(r"\1", key_form(label)))


# British spellings and their American forms, each rule narrow enough to leave other words alone
# ("noise", "promise", "precise", "calling" keep their spelling).
_BRITISH_ENDINGS = "al|ar|il|it|or|er|en|an|gn|ic|im"
_TO_AMERICAN = (
    (re.compile(r"isation"), "ization"),
    (re.compile(r"(?<=" + _BRITISH_ENDINGS + r")is(?=e\b|es\b|ed\b|er\b|ers\b|ing\b)"), "iz"),
    (re.compile(r"\b(model|label|signal|level|travel|channel|tunnel|cancel)l(?=ing\b|ed\b)"), r"\1"),
    (re.compile(r"\b(behavio|colo|neighbo|favo)ur"), r"\1r"),
    (re.compile(r"\b(cent|fib)re\b"), r"\1er"),
    (re.compile(r"\banalys(?=e\b|es\b|ed\b|ing\b)"), "analyz"),
)
_TO_BRITISH = (
    (re.compile(r"ization"), "isation"),
    (re.compile(r"(?<=" + _BRITISH_ENDINGS + r")iz(?=e\b|es\b|ed\b|er\b|ers\b|ing\b)"), "is"),
    (re.compile(r"\b(model|label|signal|level|travel|channel|tunnel|cancel)(?=ing\b|ed\b)", re.IGNORECASE), r"\1l"),
    (re.compile(r"\b(behavio|colo|neighbo|favo)r", re.IGNORECASE), r"\1ur"),
    (re.compile(r"\b(cent|fib)er\b", re.IGNORECASE), r"\1re"),
    (re.compile(r"\banalyz(?=e\b|es\b|ed\b|ing\b)"), "analys"),
)


def american(text: str) -> str:
    """American spelling of lowercase text: "regularised" → "regularized", "modelling" → "modeling".

    >>> american("normalised behaviour modelling of the optimiser")
    'normalized behavior modeling of the optimizer'
    >>> american("noise promise precise calling")
    'noise promise precise calling'
    """
    return _respell(text, _BRITISH_HINT, _TO_AMERICAN)


_BRITISH_HINT = re.compile(r"is(?:e|es|ed|er|ers|ing|ation)\b|ll(?:ing|ed)\b|our|(?:cent|fib)re\b|analys")


def british(text: str) -> str:
    """British spelling of a name, so a vocabulary term also matches as British authors write it.

    >>> british("Batch Normalization")
    'Batch Normalisation'
    >>> british("sequence modeling")
    'sequence modelling'
    >>> british("Behavior Cloning")
    'Behaviour Cloning'
    """
    return _respell(text, _AMERICAN_HINT, _TO_BRITISH)


_AMERICAN_HINT = re.compile(r"iz|or|er\b|(?:ing|ed)\b", re.IGNORECASE)


def _respell(text: str, hint: re.Pattern[str], rules: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    """``text`` through ``rules``; most text has nothing to respell, which one search of ``hint`` tells
    (merge_form runs for every candidate and the vocabulary's variants for every name)."""
    if not hint.search(text):
        return text
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text
