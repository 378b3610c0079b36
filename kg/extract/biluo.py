"""The lean learned detector: BILUO entity tags from a spaCy tagger, no transition state loop.

A ``Tagger`` (its own CNN tok2vec and a softmax) predicts one BILUO tag per token ("B-Method",
"U-Task", "O", ...); ``viterbi`` decodes them under the BILUO constraints and ``set_annotations``
writes the spans to ``doc.ents``, so ``kg_resolver`` reads them as it reads the default ``ner``.
Registered as the factory ``kg_biluo_ner``; ``Extractor.lean()`` sources the trained component
from ``kg/models/scierc_lean`` (``scripts/train_ner.py --config scripts/train_lean.cfg``).

Why: the default transition-based detector spends about a fifth of its time in its state loop and
two thirds in a wider, deeper encoder (docs/benchmarks.md, "Tenth session"); this design drops the
loop and halves the encoder, for about 1.8 times the whole extractor's speed at 0.01-0.02 less
recall and precision (measured over several training seeds, "Eleventh session").
"""

from __future__ import annotations

import numpy
from spacy.language import Language
from spacy.pipeline.tagger import Tagger
from spacy.tokens import Span

# The tagger's model when a config does not give one (``scripts/train_lean.cfg`` does: a smaller encoder).
DEFAULT_MODEL = {
    "@architectures": "spacy.Tagger.v2",
    "nO": None,
    "normalize": False,
    "tok2vec": {
        "@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": 96, "depth": 4,
        "embed_size": 2000, "window_size": 1, "maxout_pieces": 3, "subword_features": True,
    },
}


def viterbi(batch_scores: list, labels: tuple[str, ...]) -> list:
    """Each doc's best tag sequence under the BILUO constraints, from the softmax scores, for the
    whole batch at once. O(tags) per position rather than O(tags²): O, B-y and U-y can only follow a
    "closed" tag (O, L-*, U-*), I-x and L-x only B-x or I-x, so each takes the best of its group.
    Greedy reading of the same scores (argmax per token) scores SciERC typed F1 0.41 against 0.53."""
    n = len(labels)
    parts = [(label.split("-", 1)[0], label.split("-", 1)[1]) if "-" in label else ("O", "") for label in labels]
    names = sorted({t for p, t in parts if t})
    index = {part: i for i, part in enumerate(parts)}
    missing = n  # a column of -inf appended to delta stands for a tag the model does not have
    closed = numpy.array([i for i, (p, _) in enumerate(parts) if p in ("O", "L", "U")])
    idx_b = numpy.array([index.get(("B", t), missing) for t in names])
    idx_i = numpy.array([index.get(("I", t), missing) for t in names])
    group = numpy.array([0 if p in ("O", "B", "U") else 1 + names.index(t) for p, t in parts])
    first = numpy.array([p in ("O", "B", "U") for p, _ in parts])
    last = numpy.array([p in ("O", "L", "U") for p, _ in parts])
    lengths = numpy.array([len(s) for s in batch_scores])
    B, T = len(batch_scores), int(lengths.max()) if len(lengths) else 0
    if T == 0:
        return [numpy.zeros(0, dtype="int64") for _ in batch_scores]
    logp = numpy.zeros((B, T, n), dtype="float32")
    for b, sc in enumerate(batch_scores):
        logp[b, : len(sc)] = numpy.log(numpy.maximum(numpy.asarray(sc), 1e-9))
    rows = numpy.arange(B)
    neg = numpy.full((B, 1), -numpy.inf, dtype="float32")
    delta = logp[:, 0] + numpy.where(first, 0.0, -numpy.inf).astype("float32")[None, :]
    back = numpy.zeros((B, T, n), dtype="int32")
    ident = numpy.arange(n, dtype="int32")[None, :]
    for t in range(1, T):
        d = numpy.concatenate((delta, neg), axis=1)
        ci = d[:, closed].argmax(axis=1)
        cprev = closed[ci]
        cmax = d[rows, cprev]
        ob, oi = d[:, idx_b], d[:, idx_i]
        use_i = oi > ob
        src_max = numpy.concatenate((cmax[:, None], numpy.where(use_i, oi, ob)), axis=1)
        src_arg = numpy.concatenate((cprev[:, None], numpy.where(use_i, idx_i[None, :], idx_b[None, :])), axis=1)
        new = src_max[:, group] + logp[:, t]
        live = (t < lengths)[:, None]
        delta = numpy.where(live, new, delta)
        back[:, t] = numpy.where(live, src_arg[:, group], ident)
    delta = delta + numpy.where(last, 0.0, -numpy.inf).astype("float32")[None, :]
    tags = numpy.zeros((B, T), dtype="int64")
    cur = delta.argmax(axis=1)
    for t in range(T - 1, -1, -1):
        tags[:, t] = cur
        cur = back[rows, t, cur]
    return [tags[b, : lengths[b]] for b in range(B)]


class BiluoNer(Tagger):
    """A tagger whose tags are BILUO entity tags, decoded under their constraints into ``doc.ents``."""

    def predict(self, docs: list) -> list:
        scores = self.model.predict(docs)
        return viterbi([self.model.ops.to_numpy(s) for s in scores], self.labels)

    def set_annotations(self, docs: list, batch_tag_ids: list) -> None:
        """Spans from the tags: a span ends at L/U or where the type changes, so any sequence reads."""
        labels = self.labels
        n = len(labels)
        kinds = numpy.zeros(n, dtype="int32")  # 0 O, else index of the type + 1
        opens = numpy.zeros(n, dtype=bool)  # B or U: a span starts here
        closes = numpy.zeros(n, dtype=bool)  # L or U: a span ends here
        names = sorted({label.split("-", 1)[1] for label in labels if "-" in label})
        for i, label in enumerate(labels):
            if "-" in label:
                prefix, name = label.split("-", 1)
                kinds[i] = names.index(name) + 1
                opens[i] = prefix in ("B", "U")
                closes[i] = prefix in ("L", "U")
        for doc, ids in zip(docs, batch_tag_ids, strict=True):
            if hasattr(ids, "get"):
                ids = ids.get()
            ids = numpy.asarray(ids, dtype="int64")
            if len(ids) == 0:
                doc.ents = []
                continue
            kind = kinds[ids]
            # boundary[j]: a span boundary lies between token j-1 and token j (j = 0 .. len)
            padded = numpy.concatenate(([0], kind, [0]))
            boundary = padded[:-1] != padded[1:]
            boundary[1:-1] |= closes[ids[:-1]] | opens[ids[1:]]
            boundary[0] = True
            boundary[-1] = True
            inside = kind != 0
            starts = numpy.flatnonzero(inside & boundary[:-1])
            ends = numpy.flatnonzero(inside & boundary[1:]) + 1
            doc.ents = [Span(doc, int(s), int(e), label=names[kind[s] - 1]) for s, e in zip(starts, ends, strict=True)]


@Language.factory(
    "kg_biluo_ner",
    default_config={"model": DEFAULT_MODEL, "overwrite": True, "scorer": {"@scorers": "spacy.ner_scorer.v1"},
                     "neg_prefix": "!", "label_smoothing": 0.0},
)
def make_biluo_ner(nlp: Language, name: str, model: object, overwrite: bool, scorer: object, neg_prefix: str,
                   label_smoothing: float) -> BiluoNer:
    """spaCy factory of ``BiluoNer``, with the ``tagger`` factory's settings and the NER scorer."""
    return BiluoNer(nlp.vocab, model, name, overwrite=overwrite, scorer=scorer, neg_prefix=neg_prefix,
                    label_smoothing=label_smoothing)
