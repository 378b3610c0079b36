"""Tokenizer adjustments: "codecs~(H.264" (LaTeX residue) and "CIFAR-10/100" are several tokens.

Registered as the config callback ``kg.tokenizer.v1`` (``[nlp.after_creation]`` in ``config.cfg``).
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex


@spacy.registry.callbacks("kg.tokenizer.v1")
def make_tokenizer_callback() -> Callable[[Language], Language]:
    """Split LaTeX's non-breaking "~" off words, and "/" after a digit ("CIFAR-10/100")."""

    def adjust(nlp: Language) -> Language:
        prefixes = ["~", *nlp.Defaults.prefixes]
        infixes = [r"~\(?", r"(?<=[0-9])/(?=[0-9A-Za-z])", *nlp.Defaults.infixes]
        nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        return nlp

    return adjust
