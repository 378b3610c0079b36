"""Seeded synthetic corpora of ML abstracts in JSON Lines, for benchmarks.

Reshuffling the seed sentences alone would flatter every stage: spaCy's tokenizer caches each
whitespace-delimited string, so a corpus of 1,200 recycled sentences tokenises ~20x faster than real
text, and a linker that only ever sees a few hundred names never grows its memory. So every abstract
here mixes seed sentences with fresh material, the way a real arXiv stream does:

- a proposed method per paper with a new name (CamelCase, hyphenated, suffixed), often defined with an
  acronym ("Gradient Morphic Tessellation (GMT)") and reused bare in a later sentence;
- datasets, tasks and methods drawn from a growing, Zipf-distributed pool of invented names, so popular
  ones recur across papers (shared entities, acronym memory) and the long tail stays unique;
- numbers, pseudo-word content words and names substituted into the seed sentences' own names.

``corpus_stats`` reports how fresh the result is (share of word types seen once, share of tokens that
are a first occurrence); the generator is tuned so at least a quarter of word types are unique.

Usage::

    python bench/make_corpus.py 10000 --out bench/out/corpus-10k.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_NAME = re.compile(r"\b(?:[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,}\w*|\w+-\d+\w*)\b")

_ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "k", "l", "m", "n", "p", "pr", "qu",
           "r", "s", "st", "t", "tr", "v", "w", "z", "x", "sh", "th", "pl"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y"]
_CODAS = ["", "", "n", "r", "s", "x", "l", "m", "t", "k", "nd", "rt"]
_METHOD_NOUNS = ["Network", "Transformer", "Diffusion", "Attention", "Encoder", "Decoder", "Autoencoder",
                 "Flow", "Adapter", "Tuning", "Distillation", "Field", "Operator", "Policy", "Retriever",
                 "Embedding", "Pruning", "Quantization", "Sampler", "Mixer", "Router", "Memory"]
_METHOD_ADJS = ["Gradient", "Sparse", "Adaptive", "Hierarchical", "Contrastive", "Latent", "Neural", "Implicit",
                "Recurrent", "Masked", "Residual", "Variational", "Spectral", "Causal", "Modular", "Dynamic",
                "Low-Rank", "Cross-Modal", "Self-Supervised", "Equivariant", "Graph", "Temporal"]
_TASK_HEADS = ["segmentation", "retrieval", "reconstruction", "question answering", "captioning",
               "forecasting", "detection", "summarization", "translation", "pose estimation",
               "depth estimation", "classification", "planning", "alignment", "generation"]
_METRICS = ["accuracy", "F1", "BLEU", "PSNR", "SSIM", "mAP", "FID", "perplexity", "recall@10", "ROUGE-L",
            "top-1 accuracy", "exact match", "IoU", "LPIPS", "success rate"]
_DATASET_SUFFIXES = ["", "-1K", "-10K", "-100K", "Bench", "-QA", "-3D", "-XL", "Set", "-Eval"]
_TEMPLATES = [
    "We propose {method}, a {adj} {noun} for {task}.",
    "In this paper we introduce {long} ({acr}), which addresses {task} without task-specific supervision.",
    "Experiments on {dataset} and {dataset2} show that {method} improves {metric} by {num} points.",
    "{acr} outperforms {other} on {dataset} with {num}% fewer parameters.",
    "We evaluate on {dataset}, where our approach reaches {num} {metric}.",
    "Unlike {other}, {method} scales to {big} tokens on a single {gpu}.",
    "We further release {dataset}, a benchmark of {big} {noun_lower} examples for {task}.",
    "Code and models for {method} are available at https://github.com/{user}/{repo}.",
]


@dataclass(frozen=True, slots=True)
class SeedText:
    """Titles and sentences cut crudely from the seed pages: raw material, not parsed papers."""

    titles: tuple[str, ...]
    sentences: tuple[str, ...]


def read_seeds(folder: Path = SEEDS) -> SeedText:
    """Take every paragraph longer than 300 characters as an abstract and the one before as its title."""
    titles: list[str] = []
    sentences: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        paragraphs = [p.strip() for p in _PARAGRAPH.split(path.read_text(encoding="utf-8")) if p.strip()]
        for before, paragraph in zip(paragraphs, paragraphs[1:], strict=False):
            if len(paragraph) > 300 and len(before) < 300:
                titles.append(" ".join(before.split()))
                sentences.extend(" ".join(s.split()) for s in _SENTENCE.split(paragraph) if len(s) > 20)
    return SeedText(tuple(dict.fromkeys(titles)), tuple(dict.fromkeys(sentences)))


class NameMaker:
    """Invents pronounceable words and entity names; a Zipf-weighted pool makes some names popular."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.methods: list[str] = []
        self.datasets: list[str] = []
        self.tasks: list[str] = []

    def word(self, syllables: int | None = None) -> str:
        count = syllables or self.rng.choice((2, 2, 3, 3, 4))
        return "".join(self.rng.choice(_ONSETS) + self.rng.choice(_VOWELS) for _ in range(count)) + \
            self.rng.choice(_CODAS)

    def method(self) -> str:
        shape = self.rng.random()
        if shape < 0.4:
            return self.word(2).capitalize() + self.word(2).capitalize()
        if shape < 0.6:
            return self.word().capitalize() + "-" + self.rng.choice(("XL", "v2", "Net", "GPT", "Former", "Diff"))
        if shape < 0.8:
            return self.word().upper()[:self.rng.randint(3, 6)]
        return self.word().capitalize() + self.rng.choice(_METHOD_NOUNS)

    def long_form(self) -> tuple[str, str]:
        words = [self.rng.choice(_METHOD_ADJS), self.word(2).capitalize(), self.rng.choice(_METHOD_NOUNS)]
        acronym = "".join(w[0] for w in words).upper()
        if self.rng.random() < 0.5:
            acronym += self.word(1)[:2].upper()
        return " ".join(words), acronym

    def dataset(self) -> str:
        return self.word().capitalize() + self.rng.choice(_DATASET_SUFFIXES)

    def task(self) -> str:
        return f"{self.word(2)} {self.rng.choice(_TASK_HEADS)}"

    def pick(self, pool: list[str], fresh: float, make) -> str:
        """Reuse a pool name (Zipf-like: low indices far likelier) or invent and remember a new one."""
        if not pool or self.rng.random() < fresh:
            pool.append(make())
            return pool[-1]
        return pool[min(int(self.rng.paretovariate(1.1)) - 1, len(pool) - 1)]


def _abstract(rng: random.Random, names: NameMaker, seeds: SeedText) -> tuple[str, str]:
    method = names.method()
    long, acronym = names.long_form()
    slots = {
        "method": method, "long": long, "acr": acronym,
        "adj": rng.choice(_METHOD_ADJS).lower(), "noun": rng.choice(_METHOD_NOUNS).lower(),
        "noun_lower": names.word(2), "task": names.pick(names.tasks, 0.3, names.task),
        "dataset": names.pick(names.datasets, 0.25, names.dataset),
        "dataset2": names.pick(names.datasets, 0.25, names.dataset),
        "other": names.pick(names.methods, 0.2, names.method), "metric": rng.choice(_METRICS),
        "num": f"{rng.uniform(0.1, 40):.1f}", "big": f"{rng.randint(2, 900)}{rng.choice(('K', 'M', 'k', ''))}",
        "gpu": rng.choice(("GPU", "A100", "H100", "TPU core")), "user": names.word(2), "repo": method.lower(),
    }
    names.methods.append(method)
    parts = [t.format(**slots) for t in rng.sample(_TEMPLATES, rng.randint(2, 4))]
    parts += [_NAME.sub(lambda _: names.pick(names.methods, 0.5, names.method), s)
              for s in rng.sample(seeds.sentences, rng.randint(3, 6))]
    rng.shuffle(parts)
    title = _NAME.sub(lambda _: method, rng.choice(seeds.titles))
    if method not in title:
        title = f"{method}: {title}"
    return title, " ".join(parts)


def generate(n: int, seed: int = 0, seeds: SeedText | None = None) -> Iterator[dict[str, object]]:
    """``n`` synthetic papers as JSON Lines records (``id``, ``title``, ``abstract``, ``authors``, ...)."""
    rng = random.Random(seed)
    names = NameMaker(rng)
    seeds = seeds or read_seeds()
    for i in range(n):
        title, abstract = _abstract(rng, names, seeds)
        # 90,000 ids a month (YYMM.NNNNN with NNNNN from 10000), so ids never repeat.
        year, month = 20 + i // 1_080_000, 1 + (i // 90_000) % 12
        yield {
            "id": f"{year:02d}{month:02d}.{10000 + i % 90000:05d}",
            "title": title,
            "abstract": abstract,
            "authors": [f"{names.word(2).capitalize()} {names.word().capitalize()}" for _ in range(rng.randint(1, 6))],
            "date": f"20{year:02d}-{month:02d}-{1 + i % 28:02d}",
            "upvotes": rng.randint(0, 50),
        }


def corpus_stats(texts: Iterator[str]) -> dict[str, float]:
    """Word tokens and types (whitespace-split, as the tokenizer cache keys them) and how fresh they are."""
    counts: Counter[str] = Counter()
    documents = 0
    for text in texts:
        counts.update(text.split())
        documents += 1
    tokens = sum(counts.values())
    hapax = sum(1 for c in counts.values() if c == 1)
    return {
        "documents": documents,
        "tokens": tokens,
        "types": len(counts),
        "unique_type_share": round(hapax / max(len(counts), 1), 3),
        "new_token_share": round(len(counts) / max(tokens, 1), 3),
    }


def write_corpus(n: int, out: Path, seed: int = 0) -> dict[str, float]:
    """Write ``n`` papers to ``out`` (JSON Lines) and return ``corpus_stats`` of titles and abstracts."""
    out.parent.mkdir(parents=True, exist_ok=True)
    texts: list[str] = []
    with out.open("w", encoding="utf-8") as handle:
        for record in generate(n, seed):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            texts.append(f"{record['title']}\n\n{record['abstract']}")
    return corpus_stats(iter(texts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of abstracts")
    parser.add_argument("--out", type=Path, required=True, help="JSON Lines file to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    args = parser.parse_args()
    print(json.dumps(write_corpus(args.n, args.out, args.seed)))


if __name__ == "__main__":
    main()
