"""The pipeline's tokenizer keeps its cache once the vocabulary matcher is built.

spaCy's tokenizer caches the split of each whitespace-delimited chunk, but stops caching for good once
``max_cache_size`` chunks are stored (emptying it does not reset the count). The vocabulary matcher
tokenises tens of thousands of forms; done with the pipeline's tokenizer, that silently turned the
cache off and made tokenisation four times slower. Counting the affix-splitting calls (spaCy is
compiled with profiling hooks) shows whether a repeated chunk is split again.
"""

from __future__ import annotations

import cProfile
import pstats

import spacy

from kg.extract.vocabulary import Term, Vocabulary, VocabularyMatcher
from kg.model import EntityType


def _splits(nlp: spacy.Language, text: str, times: int) -> int:
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(times):
        nlp.make_doc(text)
    profile.disable()
    return sum(stat[1] for key, stat in pstats.Stats(profile).stats.items() if key[2] == "_split_affixes")


def test_a_large_vocabulary_leaves_the_tokenizer_cache_working() -> None:
    nlp = spacy.blank("en")
    terms = [Term(f"t{i}", f"Made Up Term{i}", EntityType.CONCEPT) for i in range(12_000)]
    VocabularyMatcher(nlp, Vocabulary(terms))
    assert _splits(nlp, "hello world again", times=5) == 3  # split once, then served from the cache


def test_the_matcher_still_finds_its_terms() -> None:
    nlp = spacy.blank("en")
    matcher = VocabularyMatcher(nlp, Vocabulary([Term("lr", "Learning Rate", EntityType.CONCEPT)]))
    doc = matcher(nlp.make_doc("A small learning rate helps."))
    assert [(span.text, span.kb_id_) for span in doc.spans["kg_vocabulary"]] == [("learning rate", "lr")]
