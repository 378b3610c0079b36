"""The text of a doc, built once.

``Doc.text`` joins every token's text and whitespace on each access: about half a millisecond for an
abstract, and five components read it. The text never changes after tokenisation, so the first
reader stores it in ``doc.user_data`` and the others take that copy (a tenth of the extractor's
non-detector time on abstracts). ``make_docs`` stores the string the doc was made from, which spaCy's
tokenizer reproduces exactly, so not even the first reader joins tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

_KEY = "kg_text"


def make_docs(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """Tokenised docs of ``texts``, each knowing its text (for ``nlp.pipe``)."""
    for text in texts:
        doc = nlp.make_doc(text)
        doc.user_data[_KEY] = text
        yield doc


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per doc."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
