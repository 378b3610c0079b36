"""A small hand-made corpus for the Python API tests: six implicit-representation papers.

Mentions are located in each paper's real ``Paper.text`` (offsets and sentence bounds computed,
never typed in), so evidence tests exercise true offsets. Covers every entity type, every role,
an acronym with plural and long-form aliases (INR), a broader link, a paper with only a month
and day, and papers with and without arXiv ids and upvotes.
"""

from __future__ import annotations

import re

from kg.corpus import Corpus, Provenance
from kg.iri import entity_key, paper_key
from kg.model import Edge, Entity, EntityType, Mention, Paper, Role, Source

M, D, T, ME, C = EntityType.METHOD, EntityType.DATASET, EntityType.TASK, EntityType.METRIC, EntityType.CONCEPT

ENTITIES: dict[str, tuple[EntityType, tuple[str, ...], tuple[str, ...]]] = {
    # label: (type, aliases, broader labels)
    "Implicit Neural Representation": (C, ("INR", "INRs", "implicit neural representations"), ()),
    "Deep Implicit Function": (C, ("DIF", "DIFs", "deep implicit functions"), ("Implicit Neural Representation",)),
    "Unsigned Distance Function": (C, ("UDF", "UDFs"), ()),
    "Neural Tangent Kernel": (C, ("NTK",), ()),
    "Spectral Bias": (C, (), ()),
    "Closest Surface-Point Representation": (M, ("CSP", "CSP representation"), ()),
    "NAISR": (M, ("3D Neural Additive Model for Interpretable Shape Representation",), ()),
    "NeRV": (M, ("neural representation for videos",), ()),
    "HiNeRV": (M, (), ()),
    "Fourier Feature Mapping": (M, ("Fourier features",), ()),
    "Multilayer Perceptron": (M, ("MLP",), ()),
    "ShapeNet": (D, (), ()),
    "UVG": (D, ("UVG dataset",), ()),
    "MCL-JCV": (D, (), ()),
    "Video Compression": (T, (), ()),
    "3D Shape Reconstruction": (T, (), ()),
    "Novel View Synthesis": (T, (), ()),
    "Peak Signal-to-Noise Ratio": (ME, ("PSNR",), ()),
}

# (title, abstract, arxiv id, date, month_day, upvotes, authors,
#  [(surface, entity label, role, confidence, component)])
PAPERS = [
    ("Deep Implicit Surface Point Prediction Networks",
     "Unsigned distance function (UDF) based approaches have been proposed recently as a promising alternative "
     "to represent both open and closed shapes. This paper presents a novel approach that models such surfaces "
     "using a new class of implicit representations called the closest surface-point (CSP) representation. "
     "Extensive experimental evaluation on the ShapeNet dataset validate the above contributions.",
     None, "2021-06-10", None, None, 7,
     [("Unsigned distance function", "Unsigned Distance Function", Role.MENTIONS, 0.9, "vocabulary"),
      ("UDF", "Unsigned Distance Function", Role.MENTIONS, 0.95, "abbreviations"),
      ("closest surface-point (CSP) representation", "Closest Surface-Point Representation", Role.PROPOSES,
       0.85, "roles"),
      ("ShapeNet", "ShapeNet", Role.EVALUATES_ON, 0.97, "vocabulary")]),
    ("NAISR: A 3D Neural Additive Model for Interpretable Shape Representation",
     "Deep implicit functions (DIFs) have emerged as a powerful paradigm for many computer vision tasks such as "
     "3D shape reconstruction, generation and registration. We propose a 3D Neural Additive Model for "
     "Interpretable Shape Representation (NAISR) which describes individual shapes by deforming a shape atlas.",
     None, "2023-03-16", None, 1, 6,
     [("NAISR", "NAISR", Role.PROPOSES, 0.9, "roles"),
      ("Deep implicit functions", "Deep Implicit Function", Role.MENTIONS, 0.8, "ner"),
      ("3D shape reconstruction", "3D Shape Reconstruction", Role.ADDRESSES_TASK, 0.75, "ner")]),
    ("NeRV: Neural Representations for Videos",
     "We propose a novel neural representation for videos (NeRV) which encodes videos in neural networks. "
     "Unlike conventional implicit neural representations (INRs) that take frame index and pixel coordinates "
     "as input, NeRV takes only the frame index. On the UVG dataset NeRV improves PSNR for video compression.",
     "2110.13903", "2021-10-26", None, None, 5,
     [("NeRV", "NeRV", Role.PROPOSES, 0.92, "roles"),
      ("implicit neural representations (INRs)", "Implicit Neural Representation", Role.MENTIONS, 0.88, "ner"),
      ("UVG dataset", "UVG", Role.EVALUATES_ON, 0.9, "vocabulary"),
      ("PSNR", "Peak Signal-to-Noise Ratio", Role.MEASURES_WITH, 0.96, "vocabulary"),
      ("video compression", "Video Compression", Role.ADDRESSES_TASK, 0.7, "ner")]),
    ("On the Spectral Bias of Implicit Neural Representations",
     "Implicit neural representations (INRs) struggle to fit high frequencies, a phenomenon known as "
     "spectral bias. We analyse INR training through the neural tangent kernel (NTK) and show how the "
     "input encoding reshapes the NTK spectrum.",
     None, "2024-01-31", None, 5, 3,
     [("Implicit neural representations", "Implicit Neural Representation", Role.MENTIONS, 0.9, "ner"),
      ("INR", "Implicit Neural Representation", Role.MENTIONS, 0.93, "abbreviations"),
      ("spectral bias", "Spectral Bias", Role.MENTIONS, 0.8, "ner"),
      ("neural tangent kernel (NTK)", "Neural Tangent Kernel", Role.MENTIONS, 0.91, "vocabulary")]),
    ("HiNeRV: Video Compression with Hierarchical Encoding-based Neural Representation",
     "Learning-based video compression is a popular research topic. Implicit neural representations (INRs) "
     "offer a new approach, but existing INR codecs lag behind. We propose HiNeRV, which outperforms NeRV "
     "on the UVG and MCL-JCV datasets in PSNR.",
     None, "2023-06-16", None, 12, 3,
     [("video compression", "Video Compression", Role.ADDRESSES_TASK, 0.8, "ner"),
      ("Implicit neural representations (INRs)", "Implicit Neural Representation", Role.MENTIONS, 0.9, "ner"),
      ("HiNeRV", "HiNeRV", Role.PROPOSES, 0.9, "roles"),
      ("NeRV", "NeRV", Role.USES_METHOD, 0.6, "roles"),
      ("UVG", "UVG", Role.EVALUATES_ON, 0.9, "vocabulary"),
      ("MCL-JCV", "MCL-JCV", Role.EVALUATES_ON, 0.85, "vocabulary"),
      ("PSNR", "Peak Signal-to-Noise Ratio", Role.MEASURES_WITH, 0.95, "vocabulary")]),
    ("Fourier Features Let Networks Learn High Frequency Functions in Low Dimensional Domains",
     "We show that passing input points through a simple Fourier feature mapping enables a multilayer "
     "perceptron (MLP) to learn high-frequency functions. We use neural tangent kernel (NTK) theory to "
     "explain this and apply it to novel view synthesis.",
     "2006.10739", None, "06-18", 3, 5,
     [("Fourier feature mapping", "Fourier Feature Mapping", Role.PROPOSES, 0.8, "roles"),
      ("multilayer perceptron (MLP)", "Multilayer Perceptron", Role.USES_METHOD, 0.9, "vocabulary"),
      ("neural tangent kernel (NTK)", "Neural Tangent Kernel", Role.MENTIONS, 0.9, "vocabulary"),
      ("novel view synthesis", "Novel View Synthesis", Role.ADDRESSES_TASK, 0.85, "ner")]),
]


def _sentence(text: str, start: int) -> tuple[int, int]:
    """Bounds of the sentence holding ``start``: the title, or a piece of the abstract ending in ". "."""
    breaks = list(re.finditer(r"\. |\n\n", text))
    begins = [0, *(b.end() for b in breaks)]
    ends = [*(b.start() + (b.group() == ". ") for b in breaks), len(text)]
    index = max(i for i, begin in enumerate(begins) if begin <= start)
    return begins[index], ends[index]


def _roles(found: set[Role]) -> tuple[Role, ...]:
    """The corpus convention: ``mentions`` first, then the specific roles in enum order."""
    return tuple(role for role in Role if role in found or role is Role.MENTIONS)


def _paper(spec: tuple) -> tuple[Paper, list[Edge]]:
    title, abstract, arxiv, date, month_day, upvotes, authors, mentions = spec
    paper = Paper(key=paper_key(title, arxiv), title=title, abstract=abstract, raw_title=title,
                  raw_abstract=abstract, arxiv_id=arxiv, author_count=authors, date=date, month_day=month_day,
                  upvotes=upvotes, url=f"https://arxiv.org/abs/{arxiv}" if arxiv else None,
                  sources=(Source("seeds/fixture.txt", "2024-02-01"),))
    text, cursor = paper.text, 0
    by_entity: dict[str, list[Mention]] = {}
    for surface, label, role, confidence, component in mentions:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        sentence_start, sentence_end = _sentence(text, start)
        entity_type, aliases, _ = ENTITIES[label]
        by_entity.setdefault(label, []).append(Mention(
            start=start, end=start + len(surface), text=surface, type=entity_type, label=label,
            entity_key=entity_key(label), component=component, confidence=confidence,
            sentence_start=sentence_start, sentence_end=sentence_end, role=role, aliases=aliases))
    edges = [Edge(paper.key, entity_key(label), _roles({m.role for m in found}), tuple(found))
             for label, found in by_entity.items()]
    return paper, edges


def make_corpus() -> Corpus:
    """The fixture corpus, built fresh (records are frozen, so sharing would also be safe)."""
    papers, edges = [], []
    for spec in PAPERS:
        paper, paper_edges = _paper(spec)
        papers.append(paper)
        edges.extend(paper_edges)
    entities = [Entity(entity_key(label), label, entity_type, aliases,
                       tuple(entity_key(b) for b in broader), in_vocabulary=not aliases)
                for label, (entity_type, aliases, broader) in ENTITIES.items()]
    provenance = Provenance(tool_version="0.1.0", extractor="fixture 1", settings=(("format", "hf"),))
    return Corpus.of(papers, entities, edges, provenance=provenance)
