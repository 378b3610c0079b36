"""Conservative text normalisation for titles and abstracts.

Scraped pages carry HTML tags, LaTeX that lost its backslashes (``HyperZcdotZcdotW``,
``16times``), LaTeX that kept them (``Fr\\'echet``, ``\\etc``, ````quotes''``), typographic
dashes and quotes, and invisible characters (zero-width, bidi controls). Extraction and keys work
on the normalised text; the raw text is kept on the ``Paper`` so nothing is lost.

Every rule is a fixed rewrite of a pattern that is residue, never prose; each is listed in
``RULES`` order below and covered by a test. What is left alone on purpose: maths residue with no
unambiguous reading (``mathcal{O}(d^k)``, ``sigmaleft(``), citation-key residue
(``reductionlibing_generalSDR``), Markdown emphasis and non-ASCII letters (no NFKC: ``²``, ``ﬁ``
and full-width forms are kept as written, only NFC composition is applied).

>>> normalize_text("HyperZcdotZcdotW  Operator")
'HyperZ⋅Z⋅W Operator'
>>> normalize_text("Fr\\\\'echet ``mean'' \\\\etc")
'Fréchet "mean" etc.'
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

_INLINE_TAGS = "a|abbr|b|big|cite|code|em|font|i|mark|s|small|span|strike|strong|sub|sup|tt|u|math|mi|mo|mn|mrow"
_INLINE_TAG = re.compile(rf"</?(?:{_INLINE_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"</?(?:br|p|div|li|ul|ol|h[1-6])(?:\s[^<>]*)?/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
            ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b"}
_ACCENT = re.compile(r"""\\(['`^"~=.])\{?([A-Za-z])\}?|\\([cvuH])\{([A-Za-z])\}""")
_STYLE = re.compile(r"\\(?:emph|textbf|textit|textsc|texttt|textrm|mathrm|text)\{([^{}]*)\}")
_OLD_STYLE = re.compile(r"\{\\(?:em|bf|it|sc|tt|rm)\s+([^{}]*)\}")
_ESCAPED = re.compile(r"\\([_&%#$])")
_ABBREVIATIONS = {"etc": "etc.", "eg": "e.g.", "ie": "i.e.", "etal": "et al.", "vs": "vs."}
_ABBREVIATION = re.compile(r"\\(etc|eg|ie|etal|vs)\b\.?")
_GREEK_NAMES = ("alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi "
                "pi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma "
                "Upsilon Phi Psi Omega").split()
_GREEK_CHARS = "αβγδεϵζηθϑικλμνξπρστυφϕχψωΓΔΘΛΞΠΣΥΦΨΩ"
_GREEK = dict(zip(_GREEK_NAMES, _GREEK_CHARS, strict=True))
_GREEK_MACRO = re.compile(r"\\(" + "|".join(sorted(_GREEK, key=len, reverse=True)) + r")(?![A-Za-z])")
_TEX_QUOTES = re.compile(r"``(.*?)''", re.DOTALL)
# Residue of ``\cdot`` / ``\times`` whose backslash the page dropped: only between an
# uppercase letter or digit and an uppercase letter, digit or brace (``HyperZcdotZ``,
# ``HyperZ{cdotZ{cdot}W}``), and ``times`` right after a number (``16times``).
_CDOT = re.compile(r"(?<=[A-Z0-9}])\{?cdot\}?(?=[A-Z0-9{])")
_TIMES = re.compile(r"(?<=\d)times\b")
# ``\href{url}{url}`` rendered as ``url{url}``: a token immediately repeated inside braces.
_DOUBLED = re.compile(r"(\S+)\{\1\}")
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_SINGLE_QUOTES = re.compile("[\u2018\u2019\u201a\u201b\u2032]")
_DOUBLE_QUOTES = re.compile("[\u201c\u201d\u201e\u201f\u2033]")
# Zero-width characters, BOMs and bidirectional controls are formatting, not text.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _accent(match: re.Match[str]) -> str:
    mark, letter = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return unicodedata.normalize("NFC", letter + _ACCENTS[mark])


def _strip_markup(text: str) -> str:
    text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    text = _INLINE_TAG.sub("", text)
    return _BLOCK_TAG.sub(" ", text)


def _latex(text: str) -> str:
    text = _ACCENT.sub(_accent, text)
    text = _STYLE.sub(r"\1", text)
    text = _OLD_STYLE.sub(r"\1", text)
    text = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1)], text)
    text = _GREEK_MACRO.sub(lambda m: _GREEK[m.group(1)], text)
    text = _ESCAPED.sub(r"\1", text)
    return _TEX_QUOTES.sub(r'"\1"', text)


def _residue(text: str) -> str:
    text = _DOUBLED.sub(r"\1", text)
    text = _CDOT.sub("\u22c5", text)
    text = _drop_unbalanced_braces(text)
    return _TIMES.sub("\u00d7", text)


def _drop_unbalanced_braces(text: str) -> str:
    """Remove braces left unmatched inside one token (``HyperZ⋅Z⋅W}``); balanced ones are kept."""
    tokens = text.split(" ")
    return " ".join(_balance(token) if ("{" in token or "}" in token) else token for token in tokens)


def _balance(token: str) -> str:
    keep = [True] * len(token)
    opened: list[int] = []
    for index, char in enumerate(token):
        if char == "{":
            opened.append(index)
        elif char == "}":
            if opened:
                opened.pop()
            else:
                keep[index] = False
    for index in opened:
        keep[index] = False
    return "".join(c for c, k in zip(token, keep, strict=True) if k)


def _typography(text: str) -> str:
    text = _DASHES.sub("-", text)
    text = _SINGLE_QUOTES.sub("'", text)
    return _DOUBLE_QUOTES.sub('"', text)


def _whitespace(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


RULES: tuple[Callable[[str], str], ...] = (_whitespace, _strip_markup, _latex, _whitespace, _residue,
                                           _typography, _whitespace)
"""Applied in order; whitespace first so patterns see single spaces, and last to tidy up."""

_MAX_PASSES = 4
# ASCII text without a character or word any rule but whitespace looks for: markup ("&", "<"),
# LaTeX ("\\", "`", braces) and lost-backslash residue ("cdot", "times").
_MARKERS = ("&", "<", "\\", "`", "{", "}", "cdot", "times")


def normalize_text(text: str) -> str:
    """The normalised form of a title or abstract (see the module docstring for every rule).

    The rules are repeated until nothing changes (a rewrite can expose another, e.g. an escaped
    entity ``&amp;lt;``), so normalising normalised text is a no-op.
    """
    if text.isascii() and not any(marker in text for marker in _MARKERS):
        # no rule but whitespace applies (most abstracts): a third of the cost
        return " ".join(text.split()) if text.isprintable() else _whitespace(text)
    return by_rules(text)


def by_rules(text: str) -> str:
    """``normalize_text`` without its shortcut for plain text: every rule, until nothing changes."""
    for _ in range(_MAX_PASSES):
        before = text
        text = unicodedata.normalize("NFC", text)
        for rule in RULES:
            text = rule(text)
        if text == before:
            break
    return text
