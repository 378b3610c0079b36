"""Corpus linking: acronym memory across papers, conflicting senses, variant merging, edges."""

from __future__ import annotations

from extract_fixtures import small_extractor  # noqa: F401

from kg.link import CorpusLinker, extract_corpus
from kg.model import EntityType, Mention, Paper, Role


def paper(key: str, title: str, abstract: str) -> Paper:
    return Paper(key=key, title=title, abstract=abstract)


def learned(text: str, start: int, kind: EntityType, role: Role = Role.MENTIONS) -> Mention:
    """A mention as the learned detector gives it: typed by the detector, not yet by the graph."""
    return Mention(start=start, end=start + len(text), text=text, type=kind, label=text,
                   entity_key=text.lower().replace(" ", "-"), component="ner", confidence=0.7,
                   sentence_start=0, sentence_end=80, role=role)


def test_acronym_defined_in_one_paper_is_recognised_bare_in_another(small_extractor) -> None:  # noqa: F811
    papers = [
        paper("a", "Scaling INRs", "Implicit Neural Representations (INRs) encode signals."),
        paper("b", "Faster training", "We make INR training faster."),
    ]
    entities, edges, notes = extract_corpus(papers, small_extractor)
    (inr,) = [e for e in entities if "INR" in e.aliases or "INRs" in e.aliases]
    assert inr.label == "Implicit Neural Representation"
    assert {e.paper_key for e in edges if e.entity_key == inr.key} == {"a", "b"}
    assert notes == []


def test_conflicting_expansions_stay_apart_and_are_noted(small_extractor) -> None:  # noqa: F811
    papers = [
        paper("a", "Shapes", "We use the closest surface-point (CSP) representation for shapes."),
        paper("b", "Solvers", "A constraint satisfaction problem (CSP) is hard."),
        paper("c", "Bare", "CSP is used here."),
    ]
    entities, edges, notes = extract_corpus(papers, small_extractor)
    senses = [e for e in entities if e.acronym_conflicts == ("CSP",)]
    assert len(senses) == 2
    assert len(notes) == 1 and notes[0].startswith("acronym CSP has 2 senses")
    bare = [e for e in edges if e.paper_key == "c"]
    assert all(e.entity_key not in {s.key for s in senses} for e in bare)


def test_variants_merge_into_one_entity_with_one_edge_per_paper(small_extractor) -> None:  # noqa: F811
    papers = [
        paper("a", "Transformers for shapes", "A Transformer and transformers again, evaluated on ShapeNet."),
        paper("b", "Faster NeRFs", "We extend NeRF; plain NeRFs are slow."),
    ]
    entities, edges, _ = extract_corpus(papers, small_extractor)
    transformer = [e for e in edges if e.entity_key == "transformer"]
    assert [e.paper_key for e in transformer] == ["a"]
    assert len(transformer[0].mentions) == 3
    shapenet = [e for e in edges if e.entity_key == "shapenet"]
    assert Role.EVALUATES_ON in shapenet[0].roles and Role.MENTIONS in shapenet[0].roles
    (nerf,) = [e for e in edges if e.paper_key == "b"]
    assert (nerf.entity_key, len(nerf.mentions)) == ("nerf", 3)


def test_prefix_spellings_of_one_term_are_one_entity() -> None:
    def mention(text: str) -> Mention:
        return Mention(start=0, end=len(text), text=text, type=EntityType.METHOD, label=text,
                       entity_key=text.replace(" ", "-"), component="ner", confidence=0.9,
                       sentence_start=0, sentence_end=len(text))

    linker = CorpusLinker()
    linker.add("a", [mention("multi-task pretraining")])
    linker.add("b", [mention("multitask pre-training")])
    linker.add("c", [mention("multi-task pretraining")])
    entities, edges, _ = linker.finish()
    assert [(e.key, e.label) for e in entities] == [("multi-task-pretraining", "multi-task pretraining")]
    assert sorted(edge.paper_key for edge in edges) == ["a", "b", "c"]


def test_adding_a_paper_again_replaces_its_mentions(small_extractor) -> None:  # noqa: F811
    linker = CorpusLinker(small_extractor.vocabulary)
    (mentions,) = small_extractor.annotate(["We use LoRA."])
    linker.add("p", mentions)
    linker.add("p", [])
    assert linker.finish() == ([], [], [])


def test_roles_follow_the_entitys_final_type() -> None:
    def mention(kind: EntityType, role: Role, confidence: float) -> Mention:
        return Mention(0, 3, "Foo", kind, "Foo", "foo", "ner", confidence, 0, 10, role)

    linker = CorpusLinker()
    linker.add("a", [mention(EntityType.DATASET, Role.EVALUATES_ON, 0.7)])
    linker.add("b", [mention(EntityType.METHOD, Role.USES_METHOD, 0.9)])
    entities, edges, _ = linker.finish()
    assert [e.type for e in entities] == [EntityType.METHOD]
    assert {e.paper_key: e.roles for e in edges} == {"a": (Role.MENTIONS,), "b": (Role.MENTIONS, Role.USES_METHOD)}


def test_a_learned_dataset_that_only_describes_data_is_a_concept_in_the_graph() -> None:
    """The detector's Dataset type is SciERC's Material ("noisy annotations"); the graph's datasets are named."""
    text = "We train on noisy annotations and test on Starman."
    linker = CorpusLinker()
    linker.add(paper("a", "T", text), [learned(name, start, EntityType.DATASET, Role.EVALUATES_ON)
                                       for name, start in (("noisy annotations", 12), ("Starman", 42))])
    entities, edges, _ = linker.finish()
    kinds = {e.label: e.type for e in entities}
    assert kinds == {"noisy annotations": EntityType.CONCEPT, "Starman": EntityType.DATASET}
    roles = {e.entity_key: e.roles for e in edges}
    assert Role.EVALUATES_ON not in roles[next(e.key for e in entities if e.label == "noisy annotations")]


def test_a_phrase_headed_by_a_method_word_or_a_coined_name_is_a_method_in_the_graph() -> None:
    text = "An HNeRV block and E-NeRV flatten the loss landscape."
    linker = CorpusLinker()
    linker.add(paper("a", "T", text), [learned(name, start, EntityType.CONCEPT)
                                       for name, start in (("HNeRV block", 3), ("E-NeRV", 19), ("loss landscape", 38))])
    entities, _, _ = linker.finish()
    assert {e.label: e.type for e in entities} == {"HNeRV block": EntityType.METHOD, "E-NeRV": EntityType.METHOD,
                                                   "loss landscape": EntityType.CONCEPT}


def test_a_learned_metric_without_a_measure_head_is_not_a_metric_in_the_graph() -> None:
    """The detector calls rates, matrices and misread names "Metric"; the graph's metrics are measures."""
    text = "NUPES reaches top-1 accuracy at the optimal approximation rate."
    linker = CorpusLinker()
    linker.add(paper("a", "T", text), [learned(name, start, EntityType.METRIC, Role.MEASURES_WITH) for name, start in
                                        (("NUPES", 0), ("top-1 accuracy", 13), ("optimal approximation rate", 36))])
    entities, edges, _ = linker.finish()
    assert {e.label: e.type for e in entities} == {"NUPES": EntityType.METHOD, "top-1 accuracy": EntityType.METRIC,
                                                   "optimal approximation rate": EntityType.CONCEPT}
    roles = {e.entity_key: e.roles for e in edges}
    key = {e.label: e.key for e in entities}
    assert Role.MEASURES_WITH in roles[key["top-1 accuracy"]] and Role.MEASURES_WITH not in roles[key["NUPES"]]



def test_a_coined_name_is_not_the_shouted_term_it_slugs_like(tmp_path, monkeypatch) -> None:
    """"Maestro", a paper's method, is not the MAESTRO dataset although both slug to "maestro": the
    extractor refuses to link the name, and its key (``Vocabulary.new_key``) keeps it apart in linking."""
    from extract_fixtures import VOCABULARY

    from kg.extract import CONFIG_PATH, Extractor

    extra = tmp_path / "extra.ttl"
    extra.write_text("@prefix kg: <https://w3id.org/paperkg/ontology#> .\n"
                     "@prefix kgr: <https://w3id.org/paperkg/resource/entity/> .\n"
                     "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                     'kgr:maestro a skos:Concept, kg:Dataset ; skos:prefLabel "MAESTRO"@en .\n'
                     'kgr:renderpeople a skos:Concept, kg:Dataset ; skos:prefLabel "RenderPeople"@en .\n',
                     encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    extractor = Extractor.from_config(CONFIG_PATH, vocabularies=[VOCABULARY, extra], ner_model=None)
    papers = [
        paper("a", "Piano transcription", "We evaluate on the MAESTRO and Renderpeople datasets."),
        paper("b", "Maestro: Uncovering Low-Rank Structures", "We propose Maestro, a framework for low-rank layers."),
        paper("c", "Maestro: Another Look", "We prune whole layers."),
    ]
    entities, edges, _ = extract_corpus(papers, extractor)
    by_key = {e.key: e for e in entities}
    linked = {(e.paper_key, by_key[e.entity_key].label, by_key[e.entity_key].type) for e in edges}
    assert {("a", "MAESTRO", EntityType.DATASET), ("a", "RenderPeople", EntityType.DATASET),
            ("b", "Maestro", EntityType.METHOD), ("c", "Maestro", EntityType.METHOD)} <= linked
    (coined,) = [e for e in entities if e.label == "Maestro"]
    assert coined.key.startswith("maestro-") and not coined.in_vocabulary
    assert Role.PROPOSES in next(e for e in edges if e.paper_key == "b" and e.entity_key == coined.key).roles
