"""Would a learned edge scorer beat the linker's fixed threshold? (eleventh session: no)

The linker keeps an edge when one mention reaches ``EDGE_THRESHOLD`` (0.6). This experiment fits a
logistic regression over 28 features of every candidate edge (mention confidences and counts, the
components and types involved, title position, name shape, termhood word lists, role) on the
second dev gold, whose annotation is complete, and scores the first dev gold with it at several
cut-offs, against the fixed threshold on the same candidates. The held-out gold is not used.

    OMP_NUM_THREADS=1 .venv/bin/python bench/edge_scorer/experiment.py

Measured: no cut-off beats the threshold on the set it was not fitted on (see docs/benchmarks.md,
"Eleventh session"), so the threshold stays.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from kg.evaluate import gold_papers, load_gold, match_form  # noqa: E402
from kg.extract import Extractor  # noqa: E402
from kg.extract.patterns import NAME  # noqa: E402
from kg.extract.termhood import DESCRIPTIVE, PLAIN_ADJECTIVES, TECHNICAL_HEADS, WEAK_HEADS  # noqa: E402
from kg.link import EDGE_THRESHOLD, CorpusLinker  # noqa: E402
from kg.model import Role  # noqa: E402

COMPONENTS = ("kg_vocabulary", "ner", "kg_abbreviations", "kg_patterns", "kg_title")
TYPES = ("Method", "Concept", "Task", "Dataset", "Metric")
FLOOR = 0.3
"""Candidate edges: every entity some mention supports at least this confidently."""


def candidates(gold_file: Path, extractor: Extractor) -> tuple[np.ndarray, np.ndarray, list, dict]:
    """Features, labels (matches an annotated entity), (paper, forms) per edge, and each paper's core
    entities as sets of match forms."""
    gold = load_gold(gold_file)
    papers = gold_papers(gold)
    linker = CorpusLinker(extractor.vocabulary, min_confidence=FLOOR)
    for paper, mentions in zip(papers, extractor.annotate([p.text for p in papers]), strict=True):
        linker.add(paper, mentions)
    entities, edges, _ = linker.finish()
    by_key = {e.key: e for e in entities}
    features, labels, meta, cores = [], [], [], {}
    for item, paper in zip(gold, papers, strict=True):
        annotated: set[str] = set()
        cores[paper.key] = []
        for entity in item["entities"]:
            forms = {match_form(n) for n in (entity["name"], *entity.get("aliases", ()))}
            annotated |= forms
            if entity["tier"] == "core":
                cores[paper.key].append(forms)
        title_end = paper.text.find("\n\n")
        for edge in (e for e in edges if e.paper_key == paper.key):
            entity, mentions = by_key[edge.entity_key], edge.mentions
            forms = {match_form(entity.label)} | {match_form(n) for m in mentions for n in m.names}
            confidences = [m.confidence for m in mentions]
            components = {m.component for m in mentions}
            texts = {m.text for m in mentions}
            words = [w.lower() for w in entity.label.split()]
            features.append([
                1.0, max(confidences), float(np.mean(confidences)), min(len(mentions), 5) / 5,
                min(len(texts), 3) / 3, *[float(c in components) for c in COMPONENTS],
                *[float(str(entity.type) == t) for t in TYPES],
                float(any(m.start < title_end for m in mentions)), float(any(NAME.fullmatch(t) for t in texts)),
                float(any(t.islower() for t in texts)), min(len(words), 5) / 5, float(len(words) == 1),
                float(words[0] in PLAIN_ADJECTIVES), float(words[0] in DESCRIPTIVE),
                float(words[-1].rstrip("s") in TECHNICAL_HEADS), float(words[-1].rstrip("s") in WEAK_HEADS),
                float(Role.PROPOSES in edge.roles), float(len(edge.roles) > 1), min(mentions[0].start, 1500) / 1500,
                float(max(confidences) >= EDGE_THRESHOLD),
            ])
            labels.append(float(bool(forms & annotated)))
            meta.append((paper.key, forms))
    return np.array(features), np.array(labels), meta, cores


def fit(features: np.ndarray, labels: np.ndarray, l2: float = 1.0, steps: int = 50) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (the bias unregularised)."""
    weights = np.zeros(features.shape[1])
    penalty = l2 * np.eye(len(weights))
    penalty[0, 0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-features @ weights))
        gradient = features.T @ (p - labels) + penalty @ weights
        hessian = features.T @ (features * (p * (1 - p))[:, None]) + penalty
        weights -= np.linalg.solve(hessian, gradient)
    return weights


def scores(kept: np.ndarray, labels: np.ndarray, meta: list, cores: dict) -> str:
    """Core recall and precision of the kept edges, as ``kg eval`` counts them."""
    found: dict[str, set[str]] = {}
    for (paper, forms), keep in zip(meta, kept, strict=True):
        if keep:
            found.setdefault(paper, set()).update(forms)
    total = sum(len(c) for c in cores.values())
    hit = sum(bool(forms & found.get(paper, set())) for paper, core in cores.items() for forms in core)
    return f"core recall {hit / total:.3f}, precision {labels[kept].mean():.3f} ({int(kept.sum())} edges)"


def main() -> None:
    extractor = Extractor.default()
    gold = REPO / "tests" / "gold"
    train = candidates(gold / "seed_gold_dev2.json", extractor)
    test = candidates(gold / "seed_gold.json", extractor)
    weights = fit(train[0], train[1])
    for name, (features, labels, meta, cores) in (("second dev (fitted on)", train), ("dev", test)):
        print(f"{name}: threshold {EDGE_THRESHOLD}: {scores(features[:, -1] > 0.5, labels, meta, cores)}")
        probability = 1 / (1 + np.exp(-features @ weights))
        for cut in (0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
            print(f"  learned >= {cut}: {scores(probability >= cut, labels, meta, cores)}")


if __name__ == "__main__":
    main()
