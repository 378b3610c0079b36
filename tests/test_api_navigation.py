"""The Python API's navigation: finding entities and papers by any name, links, roles, evidence."""

from __future__ import annotations

import pytest
from api_corpus import make_corpus

from kg.errors import NotFoundError, UsageError
from kg.graph import KnowledgeGraph
from kg.iri import entity_iri, paper_iri
from kg.model import Entity, EntityType, Paper, Role
from kg.results import Evidence

NERV = "arxiv-2110-13903"


@pytest.fixture(scope="module")
def graph() -> KnowledgeGraph:
    return KnowledgeGraph(make_corpus())


def test_papers_are_the_corpus_records_in_key_order(graph: KnowledgeGraph) -> None:
    papers = graph.papers()
    assert all(isinstance(p, Paper) for p in papers)
    assert [p.key for p in papers] == sorted(p.key for p in papers)
    assert len(papers) == 6


def test_entities_filter_by_type_given_as_enum_or_any_case_string(graph: KnowledgeGraph) -> None:
    datasets = graph.entities(type="dataset")
    assert {e.label for e in datasets} == {"ShapeNet", "UVG", "MCL-JCV"}
    assert graph.entities(type=EntityType.DATASET) == datasets
    assert len(graph.entities()) == 18


def test_unknown_entity_type_names_the_valid_ones(graph: KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match="Method, Dataset, Task, Metric, Concept"):
        graph.entities(type="Algorithm")


@pytest.mark.parametrize("name", [
    "INR", "inr", "INRs", "implicit neural representations", "Implicit Neural Representation",
    "implicit-neural-representation", "Implicit-Neural-Representations", "  IMPLICIT   neural representation ",
    entity_iri("implicit-neural-representation"),
])
def test_entity_resolves_label_alias_acronym_key_iri_and_variants(graph: KnowledgeGraph, name: str) -> None:
    assert graph.entity(name).key == "implicit-neural-representation"


def test_entity_accepts_an_entity_record(graph: KnowledgeGraph) -> None:
    inr = graph.entity("INR")
    assert graph.entity(inr) is inr


def test_an_exact_label_beats_an_alias_of_another_entity() -> None:
    corpus = make_corpus()
    nerv = next(e for e in corpus.entities if e.label == "NeRV")
    # A second entity whose alias is "NeRV" must not shadow the entity labelled "NeRV".
    shadow = Entity("nerv-codec", "NeRV codec", EntityType.METHOD, aliases=("NeRV",))
    graph = KnowledgeGraph(type(corpus).of(corpus.papers, [*corpus.entities, shadow], corpus.edges))
    assert graph.entity("nerv") == nerv


def test_an_ambiguous_alias_goes_to_the_entity_in_more_papers() -> None:
    corpus = make_corpus()
    rival = Entity("constraint-satisfaction-problem", "Constraint Satisfaction Problem", EntityType.TASK,
                   aliases=("CSP",))
    graph = KnowledgeGraph(type(corpus).of(corpus.papers, [*corpus.entities, rival], corpus.edges))
    # The rival has no papers, the surface-point representation has one.
    assert graph.entity("CSP").key == "closest-surface-point-representation"


def test_unknown_entity_raises_not_found_with_close_names(graph: KnowledgeGraph) -> None:
    with pytest.raises(NotFoundError, match=r"did you mean: Neural Tangent Kernel \(Concept\)") as caught:
        graph.entity("neural tangent kernal")
    assert caught.value.exit_code == 6


def test_unknown_entity_without_close_names_says_how_names_match(graph: KnowledgeGraph) -> None:
    with pytest.raises(NotFoundError, match="no entity named 'zzz'; no close names"):
        graph.entity("zzz")


@pytest.mark.parametrize("ref", [NERV, "2110.13903", "arXiv:2110.13903v2", paper_iri(NERV),
                                 "nerv: neural representations for videos"])
def test_paper_resolves_key_arxiv_id_iri_and_title(graph: KnowledgeGraph, ref: str) -> None:
    assert graph.paper(ref).key == NERV


def test_unknown_paper_suggests_close_titles(graph: KnowledgeGraph) -> None:
    with pytest.raises(NotFoundError, match="did you mean: On the Spectral Bias of Implicit Neural"):
        graph.paper("spectral bias of implicit neural representation")


def test_papers_for_lists_every_linked_paper(graph: KnowledgeGraph) -> None:
    titles = {p.title for p in graph.papers_for("INR")}
    assert titles == {
        "NeRV: Neural Representations for Videos",
        "On the Spectral Bias of Implicit Neural Representations",
        "HiNeRV: Video Compression with Hierarchical Encoding-based Neural Representation",
    }


def test_papers_for_filters_by_role(graph: KnowledgeGraph) -> None:
    assert [p.key for p in graph.papers_for("NeRV", role=Role.PROPOSES)] == [NERV]
    assert [p.title[:6] for p in graph.papers_for("NeRV", role="usesMethod")] == ["HiNeRV"]
    assert len(graph.papers_for("NeRV", role="mentions")) == 2


def test_unknown_role_names_the_valid_ones(graph: KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match="proposes"):
        graph.papers_for("NeRV", role="invents")


def test_entities_for_gives_a_papers_entities_by_type_then_label(graph: KnowledgeGraph) -> None:
    entities = graph.entities_for("2110.13903")
    assert [e.label for e in entities] == [
        "Implicit Neural Representation", "UVG", "NeRV", "Peak Signal-to-Noise Ratio", "Video Compression"]
    assert [e.label for e in graph.entities_for("2110.13903", role="evaluatesOn")] == ["UVG"]


def test_roles_of_a_link_and_of_no_link(graph: KnowledgeGraph) -> None:
    assert graph.roles(NERV, "NeRV") == (Role.MENTIONS, Role.PROPOSES)
    assert graph.roles(NERV, "INR") == (Role.MENTIONS,)
    assert graph.roles(NERV, "ShapeNet") == ()


def test_evidence_offsets_index_the_paper_text(graph: KnowledgeGraph) -> None:
    for paper in graph.papers():
        for entity in graph.entities_for(paper):
            for item in graph.evidence(paper, entity):
                assert isinstance(item, Evidence)
                assert paper.text[item.start:item.end] == item.quote
                assert paper.text[item.sentence_start:item.sentence_end] == item.sentence
                assert item.sentence_start <= item.start < item.end <= item.sentence_end


def test_evidence_carries_sentence_confidence_component_and_role(graph: KnowledgeGraph) -> None:
    (psnr,) = graph.evidence("2110.13903", "psnr")
    assert psnr.quote == "PSNR"
    assert psnr.sentence == "On the UVG dataset NeRV improves PSNR for video compression."
    assert (psnr.confidence, psnr.component, psnr.role) == (0.96, "vocabulary", Role.MEASURES_WITH)


def test_evidence_lists_every_mention_in_text_order(graph: KnowledgeGraph) -> None:
    quotes = [e.quote for e in graph.evidence("on the spectral bias of implicit neural representations", "INR")]
    assert quotes == ["Implicit neural representations", "INR"]


def test_evidence_of_an_unlinked_pair_is_empty(graph: KnowledgeGraph) -> None:
    assert graph.evidence(NERV, "ShapeNet") == ()


def test_suggestions_name_each_entity_once_by_its_label(graph: KnowledgeGraph) -> None:
    with pytest.raises(NotFoundError) as caught:
        graph.entity("implicit neural represntations")
    assert str(caught.value).count("Implicit Neural Representation (Concept)") == 1
    assert "implicit neural representations (Concept)" not in str(caught.value)
