"""Hand-built corpora for the HTML tests and benchmark: a small hostile one and a synthetic large one.

The small corpus has a paper whose title is an XSS payload and text with ``</script>`` and U+2028,
so every HTML test runs against untrusted text, as real titles and abstracts are.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from kg.corpus import Corpus
from kg.iri import entity_key, fold, paper_key
from kg.model import Edge, Entity, EntityType, Mention, Paper, Role

XSS_TITLE = "<img src=x onerror=\"window.__xss=1;alert(1)\">"
SCRIPT_BREAKER = "Escaping </script><script>window.__xss=2</script> matters"


def _mention(paper: Paper, entity: Entity, sentence: str, role: Role) -> Mention:
    """A mention of ``entity`` inside ``sentence`` of ``paper.text``, with the sentence's offsets."""
    start = paper.text.index(sentence)
    return Mention(
        start=start, end=start + len(sentence), text=entity.label, type=entity.type, label=entity.label,
        entity_key=entity.key, component="test", confidence=0.9, sentence_start=start,
        sentence_end=start + len(sentence), role=role,
    )


def small_corpus() -> Corpus:
    """Four papers, one entity of each type plus one, every role; two papers carry hostile text."""
    lora = Entity(entity_key("Low-Rank Adaptation"), "Low-Rank Adaptation", EntityType.METHOD, aliases=("LoRA",))
    glue = Entity(entity_key("GLUE"), "GLUE", EntityType.DATASET)
    qa = Entity(entity_key("Question Answering"), "Question Answering", EntityType.TASK, aliases=("QA",))
    acc = Entity(entity_key("Accuracy"), "Accuracy", EntityType.METRIC)
    attn = Entity(entity_key("Attention"), "Attention", EntityType.CONCEPT)
    bert = Entity(entity_key("BERT"), "BERT", EntityType.METHOD)
    papers = [
        Paper(paper_key("LoRA: Low-Rank Adaptation"), "LoRA: Low-Rank Adaptation",
              "We propose LoRA. We evaluate on GLUE with accuracy.", date="2021-06-17", upvotes=120,
              author_count=8),
        Paper(paper_key(XSS_TITLE), XSS_TITLE, f"{SCRIPT_BREAKER}. We use BERT for question answering.",
              month_day="03-14", upvotes=3, author_count=1),
        Paper(paper_key("Attention for QA"), "Attention for QA",
              "Attention helps question answering\u2028 on GLUE. We use LoRA.", date="2024-01-02", upvotes=None,
              authors=("A. Author", "B. Author")),
        Paper(paper_key("A paper without entities"), "A paper without entities", "Nothing to link here."),
    ]
    links = [
        (0, lora, "We propose LoRA.", (Role.MENTIONS, Role.PROPOSES)),
        (0, glue, "We evaluate on GLUE with accuracy.", (Role.MENTIONS, Role.EVALUATES_ON)),
        (0, acc, "We evaluate on GLUE with accuracy.", (Role.MENTIONS, Role.MEASURES_WITH)),
        (1, bert, "We use BERT for question answering.", (Role.MENTIONS, Role.USES_METHOD)),
        (1, qa, "We use BERT for question answering.", (Role.MENTIONS, Role.ADDRESSES_TASK)),
        (1, attn, SCRIPT_BREAKER, (Role.MENTIONS,)),
        (2, attn, "Attention helps question answering\u2028 on GLUE.", (Role.MENTIONS,)),
        (2, qa, "Attention helps question answering\u2028 on GLUE.", (Role.MENTIONS, Role.ADDRESSES_TASK)),
        (2, glue, "Attention helps question answering\u2028 on GLUE.", (Role.MENTIONS,)),
        (2, lora, "We use LoRA.", (Role.MENTIONS, Role.USES_METHOD)),
    ]
    edges = [
        Edge(papers[i].key, entity.key, roles, (_mention(papers[i], entity, sentence, roles[-1]),))
        for i, entity, sentence, roles in links
    ]
    return Corpus.of(papers, [lora, glue, qa, acc, attn, bert], edges)


def synthetic_corpus(n_papers: int, n_entities: int, *, links: int = 4, seed: int = 1) -> Corpus:
    """A random corpus with a realistic skew: a few entities in many papers, most in a few."""
    rng = random.Random(seed)
    types = list(EntityType)
    entities = [
        Entity(f"entity-{i:05d}", f"Entity {i}", types[i % len(types)], aliases=(f"E{i}",)) for i in range(n_entities)
    ]
    weights = [1.0 / (i + 1) for i in range(n_entities)]
    papers, edges = [], []
    roles = list(Role)
    for i in range(n_papers):
        title = f"Paper {i} on things"
        paper = Paper(f"paper-{i:05d}", title, f"Sentence one of {i}. Sentence two.", date="2024-05-01",
                      upvotes=rng.randrange(200), author_count=rng.randrange(1, 12))
        papers.append(paper)
        chosen = {rng.choices(range(n_entities), weights)[0] for _ in range(links)}
        for j in sorted(chosen):
            mention = _mention(paper, entities[j], f"Sentence one of {i}.", Role.MENTIONS)
            edges.append(Edge(paper.key, entities[j].key, (Role.MENTIONS, rng.choice(roles)),
                              (mention,)))
    return Corpus.of(papers, entities, edges)


SCIERC_TYPES = {
    "Method": EntityType.METHOD, "Material": EntityType.DATASET, "Task": EntityType.TASK,
    "Metric": EntityType.METRIC, "OtherScientificTerm": EntityType.CONCEPT,
}


def scierc_corpus(path: Path, limit: int | None = None) -> Corpus:
    """Real abstracts with hand-annotated entities (SciERC), linked by folded label: a realistic graph.

    Each document becomes a paper titled by its first sentence; an entity's label is its most
    frequent surface form; ``Generic`` spans ("approach", "it") are not entities.
    """
    papers: list[Paper] = []
    found: dict[str, list[tuple[int, str, int, int, EntityType]]] = {}
    forms: dict[str, dict[str, int]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()[:limit]):
        doc = json.loads(line)
        sentences = [" ".join(tokens) for tokens in doc["sentences"]]
        title = sentences[0] if len(sentences[0]) <= 140 else sentences[0][:139] + "…"
        paper = Paper(paper_key(doc["doc_key"]), title, " ".join(sentences), arxiv_id=None,
                      upvotes=number % 50, author_count=1 + number % 7, date="2018-01-01")
        papers.append(paper)
        offset, base = paper.abstract_offset, 0
        for tokens, spans in zip(doc["sentences"], doc["ner"], strict=True):
            sentence = " ".join(tokens)
            for start, end, kind in spans:
                if kind not in SCIERC_TYPES:
                    continue
                surface = " ".join(tokens[start - base:end - base + 1])
                key = entity_key(fold(surface))
                forms.setdefault(key, {}).setdefault(surface, 0)
                forms[key][surface] += 1
                found.setdefault(key, []).append((len(papers) - 1, surface, offset, offset + len(sentence),
                                                  SCIERC_TYPES[kind]))
            offset += len(sentence) + 1
            base += len(tokens)
    entities, edges = [], {}
    for key, hits in found.items():
        label = max(sorted(forms[key]), key=forms[key].get)
        kinds = [h[4] for h in hits]
        entity = Entity(key, label, max(sorted(set(kinds)), key=kinds.count),
                        aliases=tuple(sorted(set(forms[key]) - {label})))
        entities.append(entity)
        for index, surface, start, end, _ in hits:
            paper = papers[index]
            mention = Mention(start, end, surface, entity.type, label, key, "scierc", 1.0, start, end)
            previous = edges.get((paper.key, key))
            edges[paper.key, key] = Edge(paper.key, key, (Role.MENTIONS,),
                                         ((*previous.mentions, mention) if previous else (mention,)))
    return Corpus.of(papers, entities, edges.values())
