"""In-text abbreviation definitions: "Implicit Neural Representations (INRs)".

Schwartz & Hearst's algorithm (A. S. Schwartz and M. A. Hearst, "A simple algorithm for identifying
abbreviation definitions in biomedical text", Pacific Symposium on Biocomputing 2003): a short form
in parentheses is matched character by character, right to left, against the words before it; the
long form starts where the short form's first character begins a word. The same idea as scispaCy's
``AbbreviationDetector``, written over the raw text so it costs one regular-expression scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.doctext import doc_text

_PAREN = re.compile(r"\(\s*([^()]{1,12}?(?:\s+for\s+short)?)\s*\)")
# A long form named by a cue word ("..., called CRATE-MAE") runs back at most to a comma: the letters
# of a short form can be found far back in a clause ("(masked) completion, deriving a deep ...").
_BRACKET_OR_COMMA = re.compile(r"[()\[\],]")
_FOR_SHORT = re.compile(r"\s+for\s+short$")
# "Zero-shot Anchored Prompt Tuning, dubbed ZAPT", "the kernel regime, or KR for short": a long form,
# then its short form introduced by a naming word instead of a bracket.
_NAMED_SHORT = re.compile(r",?\s+(?:dubbed|called|termed|named|coined|abbreviated(?:\s+as)?|or)\s+(?:as\s+)?"
                          r"([A-Za-z][\w\-]{1,9})(?:\s+for\s+short)?(?=[\s,.;:)]|$)")
# "BERT (Bidirectional Encoder Representations from Transformers)": a short form, then its long form.
_SHORT_FIRST = re.compile(r"(?<![\w\-])([A-Za-z][\w\-]{1,9})\s*\(\s*([^()]{8,100}?)\s*\)")
# Words an acronym skips when it takes the initials of its long form ("histograms of oriented gradients").
_SKIPPED = frozenset("of for and the to in on with a an at by from".split())
_WORD = re.compile(r"[^\s]+")
# Words a long form never starts with (Schwartz-Hearst's window is generous; these trim it).
_LEADING_STOP = frozenset(
    "a an the of for to in on and or with by we our this that these its their is are as via from called "
    "termed dubbed named coined".split()
)


# A digit between letters that stands for a word: "D2C" (discrete-to-continuous), "seq2seq", "P4P".
_DIGIT_WORD = re.compile(r"(?<=[A-Za-z])[24](?=[A-Za-z])")
_DIGIT_INITIALS = {"2": "t", "4": "f"}


def _spell_digit(match: re.Match[str]) -> str:
    return _DIGIT_INITIALS[match.group()]


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """A definition found in a text: long form and short form as character offsets."""

    long_start: int
    long_end: int
    short_start: int
    short_end: int


def _valid_short(short: str) -> bool:
    if not 2 <= len(short) <= 10 or len(short.split()) > 2:
        return False
    if not short[0].isalnum() or not any(c.isalpha() for c in short):
        return False
    # An abbreviation has at least one capital letter (INR, NeuMeta, kNN); this rejects "(e.g.)".
    return any(c.isupper() for c in short)


def _long_start(short: str, words: list[re.Match[str]], text: str) -> int | None:
    """Offset where the long form begins, or None when the words cannot spell the short form."""
    chars = [c.lower() for c in short if c.isalnum()]
    if chars and chars[-1] == "s" and len(chars) > 2 and short[-1] == "s":
        chars = chars[:-1]  # plural short form "INRs": the long form carries the plural itself
    if not words:
        return None
    start, end = words[0].start(), words[-1].end()
    span = text[start:end].lower()
    position = len(span) - 1
    for index in range(len(chars) - 1, -1, -1):
        char = chars[index]
        while position >= 0 and (
            span[position] != char or (index == 0 and position > 0 and span[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return None
        position -= 1
    first = start + position + 1
    # Extend to the start of the word the first character sits in.
    while first > start and text[first - 1].isalnum():
        first -= 1
    return first


def _initials_start(chars: list[str], words: list[re.Match[str]]) -> int | None:
    """Where the long form starts when the short form is exactly the initials of the last words
    (function words skipped, hyphenated parts counted): "Category Cooccurrence Restrictions (CCRs)",
    where character matching alone would stop at "Cooccurrence"."""
    needed = list(chars)
    for word in reversed(words):
        parts = [part for part in word.group().lower().split("-") if part]
        if not parts or (len(parts) == 1 and parts[0] in _SKIPPED):
            continue
        initials = [part[0] for part in parts]
        if needed[-len(initials):] != initials:
            return None
        needed = needed[:-len(initials)]
        if not needed:
            return word.start()
    return None


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Every "long form (SHORT)", "long form, dubbed SHORT" and "SHORT (long form)" definition in
    ``text``, in order.

    >>> t = "We study Implicit Neural Representations (INRs) here."
    >>> [(t[a.long_start:a.long_end], t[a.short_start:a.short_end]) for a in find_abbreviations(t)]
    [('Implicit Neural Representations', 'INRs')]
    """
    found: list[Abbreviation] = []
    for match in _PAREN.finditer(text):
        short = _FOR_SHORT.sub("", match.group(1))
        definition = _long_form_before(text, short, match.start(1), match.start())
        if definition is not None:
            found.append(definition)
    taken = {a.short_start for a in found}
    for match in _NAMED_SHORT.finditer(text):
        if match.start(1) not in taken and not match.group(1).islower() and not match.group(1).istitle():
            definition = _long_form_before(text, match.group(1), match.start(1), match.start())
            if definition is not None \
                    and not _BRACKET_OR_COMMA.search(text, definition.long_start, definition.long_end):
                found.append(definition)
    found.extend(_short_first(text, {a.short_start for a in found}))
    return sorted(found, key=lambda a: min(a.long_start, a.short_start))


def _long_form_before(text: str, short: str, short_start: int, before: int) -> Abbreviation | None:
    """The definition whose short form ``short`` (at ``short_start``) spells a long form ending at ``before``."""
    if not _valid_short(short):
        return None
    sentence_start = max(_after(text, ". ", before), _after(text, "\n", before))
    words = list(_WORD.finditer(text, sentence_start, before))
    limit = min(len(short) + 5, len(short) * 2)
    window = words[-limit:]
    first = _long_start(short, window, text)
    if first is None and _DIGIT_WORD.search(short):
        first = _long_start(_DIGIT_WORD.sub(_spell_digit, short), window, text)  # "D2C": "Discrete-to-continuous"
    if first is None:
        return None
    initials = _initials_start(_short_chars(short), window)
    if initials is not None and initials < first:
        first = initials
    long_end = window[-1].end()
    while long_end > first and not text[long_end - 1].isalnum():
        long_end -= 1
    long_form = text[first:long_end]
    kept = long_form.split()
    while kept and kept[0].lower() in _LEADING_STOP:
        first = text.index(kept[1], first) if len(kept) > 1 else long_end
        kept = kept[1:]
    if len(kept) < 2 and not _is_compound(long_form, short):
        return None
    if first >= long_end or len(text[first:long_end]) <= len(short):
        return None
    return Abbreviation(first, long_end, short_start, short_start + len(short))


def _short_first(text: str, taken: set[int]) -> list[Abbreviation]:
    """"KDS (Knowledge Delivery System)": the bracket holds a long form whose words the short form
    before it spells from their initials (stricter than the long-form-first case, since any word
    can precede a bracket)."""
    found = []
    for match in _SHORT_FIRST.finditer(text):
        short = match.group(1)
        if match.start(2) in taken or not _valid_short(short) or short.lower() == short:
            continue
        words = list(_WORD.finditer(text, match.start(2), match.end(2)))
        if len(words) < 2:
            continue
        long_start = _initials_start(_short_chars(short), words)
        if long_start is None and _coined(short) and _title_case(words):
            long_start = _long_start(short, words, text)  # "EntroPE (Entropy-Guided Dynamic Patch Encoder)"
        # The spelling must start at the bracket's first word: the whole bracket is the long form.
        if long_start is None or long_start != words[0].start():
            continue
        found.append(Abbreviation(match.start(2), match.end(2), match.start(1), match.end(1)))
    return found


def _coined(short: str) -> bool:
    """A coined mixed-case name ("EntroPE", "NeuMeta"), which spells its long form from more than initials."""
    return any(c.isupper() for c in short[1:]) and any(c.islower() for c in short)


def _title_case(words: list[re.Match[str]]) -> bool:
    """Every content word capitalised: a name ("Entropy-Guided Dynamic Patch Encoder"), not a gloss."""
    return all(w.group()[:1].isupper() or w.group().lower() in _SKIPPED for w in words)


def _short_chars(short: str) -> list[str]:
    """The letters and digits a short form spells, without a plural "s" ("INRs")."""
    chars = [c.lower() for c in short if c.isalnum()]
    if chars and chars[-1] == "s" and len(chars) > 2 and short[-1] == "s":
        chars = chars[:-1]
    return chars


def _after(text: str, marker: str, end: int) -> int:
    """Offset just after the last ``marker`` before ``end`` (0 when there is none)."""
    found = text.rfind(marker, 0, end)
    return 0 if found < 0 else found + len(marker)


def _is_compound(long_form: str, short: str) -> bool:
    """A one-word long form is allowed when it is a compound ("Metamorphosis-Net (MNet)")."""
    return "-" in long_form and len(long_form) > len(short) + 2


@Language.factory(
    "kg_abbreviations",
    assigns=["doc._.kg_abbreviations"],
    default_config={},
)
def make_abbreviations(nlp: Language, name: str) -> AbbreviationDetector:
    """spaCy factory: finds abbreviation definitions (see module docstring)."""
    return AbbreviationDetector(name)


class AbbreviationDetector:
    """Stores each definition as ``(long_start, long_end, short_start, short_end)`` character offsets."""

    def __init__(self, name: str = "kg_abbreviations") -> None:
        self.name = name
        if not Doc.has_extension("kg_abbreviations"):
            Doc.set_extension("kg_abbreviations", default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_abbreviations = [
            (a.long_start, a.long_end, a.short_start, a.short_end) for a in find_abbreviations(doc_text(doc))
        ]
        return doc
