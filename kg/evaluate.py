"""Extraction quality: paper-entity edges against the hand-annotated dev gold, and exact spans
against SciERC. What ``kg eval`` prints (``run_evaluation``).

Gold scoring follows ``ANNOTATION.md``: an annotated entity is found when its name or one of its
aliases equals the label of an entity linked to that paper, or one of the surface forms by which the
paper mentions it (case-insensitive, punctuation folded, a trailing plural "s" dropped): the
vocabulary may name an entity differently from the annotator ("Implicit Surface" for "implicit
function"), and the surface form shows the entity was found. Recall counts core entities;
precision counts linked entities that match any annotated entity (core or ok). SciERC scoring is
exact character span, with and without the type, over the extractor's outermost mentions (SciERC's
spans are flat).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.extract import Extractor
from kg.extract.scierc import read_scierc
from kg.iri import fold
from kg.link import extract_corpus
from kg.model import Mention, Paper, Role

DEFAULT_SEEDS = Path(__file__).resolve().parents[1] / "seeds"
_NON_WORD = re.compile(r"[\W_]+")


def match_form(name: str) -> str:
    """The ANNOTATION.md comparison form: folded case, punctuation as spaces, no trailing "s".

    >>> match_form("Implicit Neural Representations") == match_form("implicit neural-representation")
    True
    """
    text = " ".join(_NON_WORD.sub(" ", fold(name)).split())
    return text[:-1] if text.endswith("s") and len(text) > 3 else text


@dataclass(frozen=True, slots=True)
class GoldReport:
    """Edge-level scores on the dev gold, with every miss and false positive for inspection."""

    papers: int
    core: int
    core_found: int
    extracted: int
    extracted_correct: int
    misses: tuple[tuple[str, str], ...]
    false_positives: tuple[tuple[str, str], ...]
    seconds: float
    proposed: int = 0
    proposed_found: int = 0
    proposes_edges: int = 0
    proposes_correct: int = 0
    typed_right: int = 0
    """Correct entities whose type is the annotated one (the graph's types are what users query by)."""

    @property
    def recall_core(self) -> float:
        return self.core_found / self.core if self.core else 0.0

    @property
    def precision(self) -> float:
        return self.extracted_correct / self.extracted if self.extracted else 0.0


@dataclass(frozen=True, slots=True)
class SpanScores:
    """Precision, recall and F1 from true-positive, predicted and gold counts."""

    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True, slots=True)
class SciercReport:
    """Exact-span scores over a SciERC split, typed and untyped."""

    documents: int
    typed: SpanScores
    untyped: SpanScores
    seconds: float


def load_gold(gold_path: Path) -> list[dict]:
    """The gold list (``ANNOTATION.md`` format)."""
    try:
        items = json.loads(gold_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{gold_path}: cannot read gold file ({exc.strerror})") from exc
    except ValueError as exc:
        raise InputError(f"{gold_path}: not JSON ({exc})") from exc
    if not isinstance(items, list):
        raise InputError(f"{gold_path}: expected a JSON list of papers")
    return items


def gold_papers(gold: Sequence[dict], seeds: Path = DEFAULT_SEEDS) -> list[Paper]:
    """The seed papers the gold annotates, matched by folded title (as normalised or as written)."""
    from kg.ingest import read_inputs

    by_title = {}
    for paper in read_inputs([seeds]).papers:
        by_title[fold(paper.raw_title or paper.title)] = paper
        by_title[fold(paper.title)] = paper
    missing = [g["title"] for g in gold if fold(g["title"]) not in by_title]
    if missing:
        raise InputError(f"{len(missing)} gold titles are not in {seeds}, e.g. {missing[0]!r}")
    return [by_title[fold(g["title"])] for g in gold]


def evaluate_gold(gold_path: Path, extractor: Extractor, seeds: Path = DEFAULT_SEEDS) -> GoldReport:
    """Edge recall (core tier) and precision of the linked corpus built from the gold's papers."""
    gold = load_gold(gold_path)
    papers = gold_papers(gold, seeds)
    started = time.perf_counter()
    entities, edges, _ = extract_corpus(papers, extractor)
    seconds = time.perf_counter() - started
    labels = {e.key: e.label for e in entities}
    types = {e.label: str(e.type) for e in entities}
    found: dict[str, dict[str, set[str]]] = {p.key: {} for p in papers}
    proposes: dict[str, list[set[str]]] = {p.key: [] for p in papers}
    for edge in edges:
        label = labels[edge.entity_key]
        forms = {match_form(label)} | {match_form(n) for m in edge.mentions for n in m.names}
        found[edge.paper_key][label] = forms
        if Role.PROPOSES in edge.roles:
            proposes[edge.paper_key].append(forms)
    core = core_found = extracted_count = correct = typed_right = 0
    proposed = proposed_found = proposes_edges = proposes_correct = 0
    misses: list[tuple[str, str]] = []
    false_positives: list[tuple[str, str]] = []
    for item, paper in zip(gold, papers, strict=True):
        extracted = found[paper.key]
        extracted_forms = set().union(*extracted.values())
        annotated: set[str] = set()
        annotated_type: dict[str, str] = {}
        for entity in item["entities"]:
            forms = {match_form(n) for n in (entity["name"], *entity.get("aliases", ()))}
            annotated |= forms
            for form in forms:
                annotated_type.setdefault(form, entity.get("type", ""))
            if entity.get("role") == "proposed":
                proposed += 1
                proposed_found += any(forms & f for f in proposes[paper.key])
            if entity.get("tier") == "core":
                core += 1
                if forms & extracted_forms:
                    core_found += 1
                else:
                    misses.append((item["title"], entity["name"]))
        own = [{match_form(n) for n in (e["name"], *e.get("aliases", ()))}
               for e in item["entities"] if e.get("role") == "proposed"]
        proposes_edges += len(proposes[paper.key])
        proposes_correct += sum(any(f & o for o in own) for f in proposes[paper.key])
        for label, forms in sorted(extracted.items()):
            extracted_count += 1
            if forms & annotated:
                correct += 1
                typed_right += types[label] == annotated_type[min(forms & annotated)]
            else:
                false_positives.append((item["title"], label))
    return GoldReport(len(papers), core, core_found, extracted_count, correct, tuple(misses), tuple(false_positives),
                      seconds, proposed, proposed_found, proposes_edges, proposes_correct, typed_right)


def outermost(mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions not nested inside another: SciERC annotates flat spans, so nested names are not scored."""
    return [m for m in mentions
            if not any(o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end)
                       for o in mentions)]


def evaluate_scierc(jsonl_path: Path, extractor: Extractor) -> SciercReport:
    """Exact-span P/R/F1 of the extractor's mentions against a SciERC split (types mapped)."""
    documents = list(read_scierc(jsonl_path))
    started = time.perf_counter()
    predicted = [
        {(m.start, m.end, m.type) for m in outermost(mentions)}
        for mentions in extractor.annotate(d.text for d in documents)
    ]
    seconds = time.perf_counter() - started
    typed, untyped = [0, 0, 0], [0, 0, 0]
    for doc, spans in zip(documents, predicted, strict=True):
        gold = set(doc.spans)
        typed[0] += len(spans & gold)
        typed[1] += len(spans)
        typed[2] += len(gold)
        bare_pred, bare_gold = {s[:2] for s in spans}, {s[:2] for s in gold}
        untyped[0] += len(bare_pred & bare_gold)
        untyped[1] += len(bare_pred)
        untyped[2] += len(bare_gold)
    return SciercReport(len(documents), SpanScores(*typed), SpanScores(*untyped), seconds)


def _stages(extractor: Extractor) -> list[str]:
    """Pipeline component names, with the factory where it differs ("ner[kg_biluo_ner]" for the lean
    detector), so a report says which detector it measured."""
    nlp = extractor.nlp
    return [name if (factory := nlp.get_pipe_meta(name).factory) == name else f"{name}[{factory}]"
            for name in nlp.pipe_names]


def format_report(gold: GoldReport | None = None, scierc: SciercReport | None = None, *,
                  extractor: Extractor | None = None, details: int = 0, heldout: GoldReport | None = None,
                  dev2: GoldReport | None = None) -> str:
    """Human-readable scores; ``details`` lists that many misses and false positives of each dev set
    (never of the held-out gold: reading its misses is how a set stops being held out)."""
    lines = []
    if extractor is not None:
        lines.append(f"extractor: {extractor.name} {extractor.version} ({' → '.join(_stages(extractor))})")
    for name, report in (("dev gold", gold), ("second dev gold", dev2), ("held-out gold", heldout)):
        if report is None:
            continue
        lines.append(
            f"{name}: {report.papers} papers, core recall {report.recall_core:.3f} "
            f"({report.core_found}/{report.core}), precision {report.precision:.3f} "
            f"({report.extracted_correct}/{report.extracted}), {report.papers / report.seconds:.1f} papers/s"
        )
        lines.append(
            f"  proposes: {report.proposed_found}/{report.proposed} proposed methods found with role proposes, "
            f"{report.proposes_correct}/{report.proposes_edges} proposes edges correct; "
            f"{report.typed_right}/{report.extracted_correct} correct entities typed as annotated"
        )
        if report is not heldout:
            lines.extend(f"  miss: {n}  [{title}]" for title, n in report.misses[:details])
            lines.extend(f"  extra: {n}  [{title}]" for title, n in report.false_positives[:details])
    if scierc is not None:
        for name, scores in (("typed", scierc.typed), ("untyped", scierc.untyped)):
            lines.append(
                f"SciERC ({scierc.documents} docs) {name}: P {scores.precision:.3f} R {scores.recall:.3f} "
                f"F1 {scores.f1:.3f}"
            )
        lines.append(f"SciERC speed: {scierc.documents / scierc.seconds:.1f} abstracts/s")
    return "\n".join(lines)


def run_evaluation(gold: Path | None = None, scierc: Path | None = None, *, details: int = 0,
                   heldout: Path | None = None, dev2: Path | None = None, extractor: Extractor | None = None) -> str:
    """``kg eval``: score the default extractor (or another one, for experiments such as
    ``bench/lean_detector``) on whichever of the sets exists."""
    extractor = extractor or Extractor.default()

    def score(path: Path | None) -> GoldReport | None:
        return evaluate_gold(path, extractor) if path is not None and path.exists() else None

    gold_report, dev2_report, heldout_report = score(gold), score(dev2), score(heldout)
    scierc_report = evaluate_scierc(scierc, extractor) if scierc is not None and scierc.exists() else None
    if gold_report is None and scierc_report is None and heldout_report is None and dev2_report is None:
        raise InputError("nothing to evaluate: none of the gold files nor the SciERC file exists")
    return format_report(gold_report, scierc_report, extractor=extractor, details=details,
                         heldout=heldout_report, dev2=dev2_report)
