"""Train the extractor's learned span detector on SciERC train, plus the project's own annotations.

    nice -n 10 .venv/bin/python scripts/train_ner.py ../shared/data/scierc/train.json kg/models/scierc_ner \
        [--annotated tests/gold/seed_gold_dev2.json --annotated-weight 2]
    nice -n 10 .venv/bin/python scripts/train_ner.py ../shared/data/scierc/train.json kg/models/scierc_lean \
        --config scripts/train_lean.cfg

The second trains the lean detector (``kg.extract.biluo``, ``kg build --lean``) instead of the default one.

SciERC's abstracts are older and follow another span convention; ``--annotated`` adds modern ML
abstracts annotated under ``ANNOTATION.md`` (paper-level entities with every surface form, turned into
mention spans by ``kg.extract.annotated``), repeated ``--annotated-weight`` times. Holds out every tenth
abstract of each source to pick the checkpoint, so SciERC dev and the gold sets stay unseen until
``kg eval`` scores the whole extractor on them. Writes only the trained pipeline (no data) to the
output folder. Seeded and single-threaded, so a rerun reproduces the model.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

import spacy
from spacy.cli.train import train
from spacy.tokens import DocBin
from spacy.training.iob_utils import doc_to_biluo_tags
from spacy.util import filter_spans
from thinc.api import Config

from kg.evaluate import gold_papers, load_gold
from kg.extract.annotated import annotated_spans
from kg.extract.scierc import SciercDoc, read_scierc
from kg.extract.tokenizer import make_tokenizer_callback

CONFIG = Path(__file__).with_name("train_ner.cfg")


def _docbin(nlp: spacy.Language, docs: list[SciercDoc], mode: str) -> DocBin:
    """Docs with their spans as entities, and as BILUO tags for a tagger-based detector
    (``bench/lean_detector``); ``mode`` is spaCy's char-span alignment mode."""
    store = DocBin()
    for source in docs:
        doc = nlp.make_doc(source.text)
        spans = [doc.char_span(s, e, label=str(t), alignment_mode=mode) for s, e, t in source.spans]
        doc.ents = filter_spans([span for span in spans if span is not None])
        for token, tag in zip(doc, doc_to_biluo_tags(doc), strict=True):
            token.tag_ = tag
        store.add(doc)
    return store


def _annotated_docs(paths: list[Path]) -> list[SciercDoc]:
    """The seed papers of ``ANNOTATION.md``-format files, with their mention spans."""
    docs = []
    for path in paths:
        gold = load_gold(path)
        for entry, paper in zip(gold, gold_papers(gold), strict=True):
            spans = tuple(annotated_spans(paper.text, entry["entities"]))
            docs.append(SciercDoc(key=paper.key, text=paper.text, spans=spans))
    return docs


def _split(docs: list[SciercDoc]) -> tuple[list[SciercDoc], list[SciercDoc]]:
    """(training, held out): every tenth document is held out to pick the checkpoint."""
    return [d for i, d in enumerate(docs) if i % 10 != 9], [d for i, d in enumerate(docs) if i % 10 == 9]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train_json", type=Path, help="SciERC train.json")
    parser.add_argument("output", type=Path, help="folder for the trained pipeline")
    parser.add_argument("--annotated", type=Path, nargs="*", default=[],
                        help="ANNOTATION.md-format files of seed papers to train on as well")
    parser.add_argument("--annotated-weight", type=int, default=1,
                        help="how many times each annotated abstract is repeated in training")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="config override, e.g. training.max_steps=3000 (value parsed as JSON)")
    parser.add_argument("--config", type=Path, default=CONFIG,
                        help="training config (default: scripts/train_ner.cfg)")
    parser.add_argument("--code", type=Path,
                        help="Python file to import first, registering the config's components")
    args = parser.parse_args()
    if args.code is not None:
        spacy.util.import_file("kg_training_code", args.code)

    nlp = make_tokenizer_callback()(spacy.blank("en"))  # tokenise as the extractor does
    scierc_train, scierc_held = _split(list(read_scierc(args.train_json)))
    own_train, own_held = _split(_annotated_docs(args.annotated))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        training = _docbin(nlp, scierc_train, "expand")
        training.merge(_docbin(nlp, own_train * args.annotated_weight, "strict"))
        training.to_disk(work / "train.spacy")
        held_out = _docbin(nlp, scierc_held, "expand")
        held_out.merge(_docbin(nlp, own_held, "strict"))
        held_out.to_disk(work / "dev.spacy")
        overrides = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy")}
        for item in args.set:
            key, _, value = item.partition("=")
            overrides[key] = json.loads(value)
        train(args.config, work / "out", overrides=overrides)
        if args.output.exists():
            shutil.rmtree(args.output)
        shutil.copytree(work / "out" / "model-best", args.output)
    _drop_word_list(args.output)
    print(f"wrote {args.output}")


def _drop_word_list(model: Path) -> None:
    """Keep only the label names in the string store: the model reads hashed features, and the
    store would otherwise ship every token of the training text as a word list. Also forget the
    temporary training paths in the saved config."""
    labels = sorted({str(label) for label in spacy.load(model).get_pipe("ner").labels})
    (model / "vocab" / "strings.json").write_text(json.dumps(labels), encoding="utf-8")
    config = Config().from_disk(model / "config.cfg", interpolate=False)
    config["paths"].update(train=None, dev=None)  # the temporary DocBin files are gone
    config.to_disk(model / "config.cfg")


if __name__ == "__main__":
    main()
