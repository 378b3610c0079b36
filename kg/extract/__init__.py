"""Entity extraction: a spaCy pipeline (``config.cfg``) of a learned span detector, the curated
vocabulary, abbreviation definitions, lexical patterns, a resolver and a role tagger.

>>> extractor = Extractor.default()  # doctest: +SKIP
>>> [(m.text, m.type.value, m.label) for m in next(extractor.annotate(["We fine-tune LoRA on ImageNet."]))]
... # doctest: +SKIP
[('LoRA', 'Method', 'Low-Rank Adaptation'), ('ImageNet', 'Dataset', 'ImageNet')]
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import Config

from kg.errors import InputError

# Importing the component modules registers their factories with spaCy.
from kg.extract import abbreviations, biluo, ops, patterns, resolve, roles, tokenizer, vocabulary  # noqa: F401
from kg.extract.doctext import make_docs
from kg.extract.vocabulary import DEFAULT_PATH, Vocabulary, load_vocabulary
from kg.model import EntityType, Mention, Role, mention_of

CONFIG_PATH = Path(__file__).with_name("config.cfg")
MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "scierc_ner"
LEAN_MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "scierc_lean"
BASE_VERSION = "0.2.0"

__all__ = ["Extractor", "ExtractorIdentity", "CONFIG_PATH", "MODEL_PATH", "LEAN_MODEL_PATH"]


class Extractor:
    """Finds typed entity mentions in texts; one list of ``Mention`` per input text."""

    name = "paperkg-extractor"

    def __init__(self, nlp: Language, version: str = BASE_VERSION) -> None:
        self.nlp = nlp
        self.version = version

    @classmethod
    def default(cls, vocabularies: Sequence[Path] = ()) -> Extractor:
        """The shipped pipeline: committed model, curated vocabulary plus any extra Turtle files."""
        return cls.from_config(CONFIG_PATH, vocabularies=_shipped(vocabularies), ner_model=MODEL_PATH)

    @classmethod
    def fast(cls, vocabularies: Sequence[Path] = ()) -> Extractor:
        """The shipped pipeline without the learned detector: several times faster (vocabulary,
        abbreviations and patterns are regular-expression and phrase-matcher work), more precise,
        and blind to unnamed lowercase concepts; for very large corpora."""
        return cls.from_config(CONFIG_PATH, vocabularies=_shipped(vocabularies), ner_model=None)

    @classmethod
    def lean(cls, vocabularies: Sequence[Path] = ()) -> Extractor:
        """The shipped pipeline with the lean learned detector (``kg.extract.biluo``): about 1.8 times
        the default's speed, 0.01-0.02 less recall and precision; finds unnamed lowercase concepts
        as the default does, unlike ``fast``. For large corpora where ``fast`` loses too much."""
        return cls.from_config(CONFIG_PATH, vocabularies=_shipped(vocabularies), ner_model=LEAN_MODEL_PATH)

    @classmethod
    def from_config(cls, config_path: Path, *, vocabularies: Sequence[Path] = (),
                    ner_model: Path | None = None) -> Extractor:
        """Build from a spaCy config; without a trained model (``ner_model=None``) the learned detector
        is left out. A model folder that is not a trained pipeline is an error, never a silent
        fallback to a weaker extractor."""
        config = Config().from_disk(config_path, interpolate=False)
        config["paths"]["vocabularies"] = [str(p) for p in vocabularies]
        if ner_model is not None:
            _check_model(ner_model)
            config["paths"]["ner_model"] = str(ner_model)
        else:
            config["nlp"]["pipeline"] = [p for p in config["nlp"]["pipeline"] if p != "ner"]
            config["components"].pop("ner", None)
        nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
        return cls(nlp, version=_version(vocabularies, ner_model if "ner" in nlp.pipe_names else None))

    @classmethod
    def identity(cls, *, fast: bool = False, lean: bool = False,
                 vocabularies: Sequence[Path] = ()) -> ExtractorIdentity:
        """What a build needs of ``default``/``fast``/``lean`` when other processes extract: the name
        and version the build state records, and the vocabulary the linker links with; without the
        spaCy pipeline, whose vocabulary matcher alone takes seconds to build."""
        paths = _shipped(vocabularies)
        model = None if fast else LEAN_MODEL_PATH if lean else MODEL_PATH
        if model is not None:
            _check_model(model)
        return ExtractorIdentity(cls.name, _version(paths, model), load_vocabulary(paths))

    @property
    def vocabulary(self) -> Vocabulary:
        """The vocabulary the pipeline matches (empty when it has no vocabulary component)."""
        return next((c.vocabulary for _, c in self.nlp.pipeline if hasattr(c, "vocabulary")), Vocabulary(()))

    def annotate(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[list[Mention]]:
        """Mentions of each text, sorted by start; offsets index that exact text."""
        for doc in self.nlp.pipe(make_docs(self.nlp, texts), batch_size=batch_size):
            yield [_mention(item) for item in doc._.kg_mentions or ()]


@dataclass(frozen=True)
class ExtractorIdentity:
    """An extractor's name, version and vocabulary, without its pipeline (``Extractor.identity``)."""

    name: str
    version: str
    vocabulary: Vocabulary


def _shipped(vocabularies: Sequence[Path]) -> list[Path]:
    """The curated vocabulary and any extra ones; a missing curated file is a broken install, which
    must not pass for an extractor that knows no terms."""
    if not DEFAULT_PATH.is_file():
        raise InputError("the curated vocabulary is missing; reinstall paperkg", path=DEFAULT_PATH)
    return [DEFAULT_PATH, *vocabularies]


def _check_model(model: Path) -> None:
    if not (model / "config.cfg").is_file():
        raise InputError("no trained detector here (config.cfg is missing); reinstall paperkg, or build with "
                         "--fast to go without it", path=model)


_TYPE = {kind.value: kind for kind in EntityType}
_ROLE = {role.value: role for role in Role}


def _mention(item: dict) -> Mention:
    """The mention the resolver's record describes (``mention_of``: its fields are already plain
    ``str``, ``int`` and ``float``); an unknown type or role is a ``ValueError``, as ``EntityType(...)``
    would raise."""
    try:
        kind, role = _TYPE[item["type"]], _ROLE[item["role"]]
    except KeyError as error:
        raise ValueError(f"not a mention type or role: {error}") from None
    return mention_of(item["start"], item["end"], item["text"], kind, item["label"], item["entity_key"],
                      item["component"], item["confidence"], item["sentence_start"], item["sentence_end"], role,
                      item["aliases"])


def _version(vocabularies: Sequence[Path], ner_model: Path | None) -> str:
    """The base version plus a digest of everything that changes output: the component code and
    pipeline config, the vocabularies and the model weights. Builds cache mentions by this string,
    so any such change re-extracts instead of reusing stale mentions."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    files = sorted(here.glob("*.py")) + [CONFIG_PATH] + [Path(p) for p in vocabularies]
    if ner_model is not None:
        files += sorted(p for p in ner_model.rglob("*") if p.is_file())
    for path in files:
        digest.update(path.read_bytes())
    return f"{BASE_VERSION}+{digest.hexdigest()[:10]}"
