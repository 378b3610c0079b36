"""A small hand-made corpus for the RDF, SPARQL and endpoint tests.

Real-looking records with every optional field used (yearless date, raw text that differs,
acronym conflicts, a broader concept, odd characters), and mentions whose offsets are computed
from the text, so the exports carry genuine evidence.
"""

from __future__ import annotations

from kg.corpus import Corpus, Provenance
from kg.iri import entity_key, paper_key
from kg.model import Edge, Entity, EntityType, Mention, Paper, Role, Source

INR = Entity(entity_key("implicit neural representation"), "implicit neural representation", EntityType.CONCEPT,
             aliases=("INR", "INRs", "implicit neural representations"), in_vocabulary=True)
NERF = Entity(entity_key("Neural Radiance Fields"), "Neural Radiance Fields", EntityType.METHOD,
              aliases=("NeRF", "NeRFs"), broader=(INR.key,), in_vocabulary=True)
LORA = Entity(entity_key("Low-Rank Adaptation"), "Low-Rank Adaptation", EntityType.METHOD, aliases=("LoRA",),
              acronym_conflicts=("LoRA",))
BLENDER = Entity(entity_key("NeRF Synthetic"), "NeRF Synthetic", EntityType.DATASET, aliases=("Blender",))
PSNR = Entity(entity_key("PSNR"), "PSNR", EntityType.METRIC, aliases=("peak signal-to-noise ratio",))
SYNTHESIS = Entity(entity_key("novel view synthesis"), "novel view synthesis", EntityType.TASK)
BETA = Entity(entity_key("β-VAE <C++> \"quoted\""), "β-VAE <C++> \"quoted\"", EntityType.METHOD)
LONG_RANGE = Entity(entity_key("Long Range"), "Long Range", EntityType.CONCEPT, aliases=("LoRA",),
                    acronym_conflicts=("LoRA",))
ENTITIES = (INR, NERF, LORA, BLENDER, PSNR, SYNTHESIS, BETA, LONG_RANGE)


def _paper(title: str, abstract: str, **fields: object) -> Paper:
    return Paper(key=paper_key(title, fields.get("arxiv_id")), title=title, abstract=abstract,  # type: ignore[arg-type]
                 raw_title=fields.pop("raw_title", title), raw_abstract=fields.pop("raw_abstract", abstract),  # type: ignore[arg-type]
                 **fields)  # type: ignore[arg-type]


P_NERF = _paper(
    "FastNeRF: Neural Radiance Fields at 200 FPS",
    "We propose FastNeRF, which speeds up Neural Radiance Fields (NeRF). "
    "On the NeRF Synthetic dataset it keeps PSNR within 0.1 dB for novel view synthesis.",
    raw_abstract="We propose FastNeRF, which speeds up Neural Radiance Fields (NeRF).  "
    "On the NeRF Synthetic dataset it keeps PSNR within 0.1 dB for novel view synthesis.",
    arxiv_id="2103.10380", authors=("Stephan J. Garbin", "Marek Kowalski"), author_count=2, date="2021-03-18",
    upvotes=12, url="https://arxiv.org/abs/2103.10380", categories=("cs.CV", "cs.GR"),
    sources=(Source("seeds/page1.txt", "2021-03-19", 10), Source("seeds/page3.txt", None, 4)),
)
P_INR = _paper(
    "Implicit Neural Representations for Audio",
    "An implicit neural representation (INR) maps coordinates to signals. "
    "We evaluate on the NeRF Synthetic scenes and report PSNR.",
    month_day="06-12", upvotes=30, author_count=5, sources=(Source("seeds/page2.txt", None, 22),),
)
P_LORA = _paper(
    "LoRA for β-VAE <C++> \"quoted\" models",
    "Low-Rank Adaptation (LoRA) fine-tunes β-VAE <C++> \"quoted\" models with few parameters.",
    raw_title="LoRA for β-VAE <C++> \u201cquoted\u201d models", upvotes=3,
)
PAPERS = (P_NERF, P_INR, P_LORA)


def mention(paper: Paper, surface: str, entity: Entity, role: Role = Role.MENTIONS, nth: int = 0,
            confidence: float = 0.9, component: str = "kg_vocabulary") -> Mention:
    """A mention of ``surface`` (its ``nth`` occurrence) in ``paper.text``, with its sentence."""
    text = paper.text
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    boundaries = [text.rfind(mark, 0, start) for mark in (". ", "\n\n")]
    sentence_start = max((b + 2 for b in boundaries if b >= 0), default=0)
    stop = text.find(". ", start)
    sentence_end = len(text) if stop < 0 else stop + 1
    return Mention(start=start, end=start + len(surface), text=surface, type=entity.type, label=entity.label,
                   entity_key=entity.key, component=component, confidence=confidence,
                   sentence_start=sentence_start, sentence_end=sentence_end, role=role)


def edge(paper: Paper, entity: Entity, *mentions: Mention) -> Edge:
    """An edge as the linker makes it: ``mentions`` plus its mentions' roles (``Role`` order), mentions sorted."""
    roles = sorted({Role.MENTIONS} | {m.role for m in mentions}, key=list(Role).index)
    return Edge(paper.key, entity.key, tuple(roles), tuple(sorted(mentions, key=lambda m: (m.start, m.end))))


EDGES = (
    edge(P_NERF, NERF, mention(P_NERF, "Neural Radiance Fields", NERF, Role.USES_METHOD),
         mention(P_NERF, "NeRF", NERF, nth=2, confidence=0.75, component="kg_abbreviations")),
    edge(P_NERF, BLENDER, mention(P_NERF, "NeRF Synthetic", BLENDER, Role.EVALUATES_ON)),
    edge(P_NERF, PSNR, mention(P_NERF, "PSNR", PSNR, Role.MEASURES_WITH)),
    edge(P_NERF, SYNTHESIS, mention(P_NERF, "novel view synthesis", SYNTHESIS, Role.ADDRESSES_TASK)),
    edge(P_INR, INR, mention(P_INR, "Implicit Neural Representations", INR),
         mention(P_INR, "implicit neural representation", INR, Role.PROPOSES)),
    edge(P_INR, BLENDER, mention(P_INR, "NeRF Synthetic", BLENDER, Role.EVALUATES_ON)),
    edge(P_INR, PSNR, mention(P_INR, "PSNR", PSNR)),
    edge(P_LORA, LORA, mention(P_LORA, "Low-Rank Adaptation", LORA, Role.PROPOSES),
         mention(P_LORA, "LoRA", LORA, confidence=0.6, component="kg_abbreviations")),
    edge(P_LORA, BETA, mention(P_LORA, "β-VAE <C++> \"quoted\"", BETA, nth=1)),
)

PROVENANCE = Provenance(
    tool_version="0.1.0", extractor="kg-extractor 1.2",
    inputs=(("seeds/page2.txt", "b" * 64), ("seeds/page1.txt", "a" * 64)),
    settings=(("skip_bad", "false"), ("format", "auto")),
)


def sample_corpus() -> Corpus:
    """The sample corpus in canonical order."""
    return Corpus.of(PAPERS, ENTITIES, EDGES, provenance=PROVENANCE,
                     notes=("acronym LoRA: Low-Rank Adaptation vs Long Range (radio)",))
