"""Train the extractor's learned span detector on SciERC train.

    nice -n 10 .venv/bin/python scripts/train_ner.py ../shared/data/scierc/train.json kg/models/scierc_ner

Holds out every tenth training abstract to pick the checkpoint, so SciERC dev stays unseen until
``kg eval`` scores the whole extractor on it. Writes only the trained pipeline (no data) to the
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
from spacy.util import filter_spans
from thinc.api import Config

from kg.extract.scierc import read_scierc

CONFIG = Path(__file__).with_name("train_ner.cfg")


def _docbin(nlp: spacy.Language, docs: list) -> DocBin:
    store = DocBin()
    for source in docs:
        doc = nlp.make_doc(source.text)
        spans = [doc.char_span(s, e, label=str(t), alignment_mode="expand") for s, e, t in source.spans]
        doc.ents = filter_spans([span for span in spans if span is not None])
        store.add(doc)
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train_json", type=Path, help="SciERC train.json")
    parser.add_argument("output", type=Path, help="folder for the trained pipeline")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="config override, e.g. training.max_steps=3000 (value parsed as JSON)")
    args = parser.parse_args()

    nlp = spacy.blank("en")
    docs = list(read_scierc(args.train_json))
    held_out = [d for i, d in enumerate(docs) if i % 10 == 9]
    training = [d for i, d in enumerate(docs) if i % 10 != 9]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _docbin(nlp, training).to_disk(work / "train.spacy")
        _docbin(nlp, held_out).to_disk(work / "dev.spacy")
        overrides = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy")}
        for item in args.set:
            key, _, value = item.partition("=")
            overrides[key] = json.loads(value)
        train(CONFIG, work / "out", overrides=overrides)
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
