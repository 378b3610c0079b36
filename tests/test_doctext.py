"""Docs made by the extractor carry the string they were made from (``kg.extract.doctext``)."""

from __future__ import annotations

import spacy

from kg.extract.doctext import doc_text, make_docs


def test_made_docs_return_their_input_string_without_joining_tokens() -> None:
    texts = ["Title\n\nWe use  LoRA~(H.264) here. ", "Another one."]
    docs = list(make_docs(spacy.blank("en"), texts))
    assert [doc.text for doc in docs] == texts
    assert all(doc_text(doc) is text for doc, text in zip(docs, texts, strict=True))


def test_other_docs_join_their_text_once() -> None:
    doc = spacy.blank("en")("Plain text here.")
    assert doc_text(doc) == "Plain text here." and doc_text(doc) is doc_text(doc)
