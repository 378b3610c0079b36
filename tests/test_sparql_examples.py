"""The documented example queries in ``ontology/queries/`` give the right answers on the sample corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdf_samples import sample_corpus

from kg.export.rdf import write_rdf
from kg.sparql import run_query

QUERIES = Path(__file__).resolve().parents[1] / "ontology" / "queries"

EXPECTED = {
    "papers_proposing_method": 'title,method,upvotes\n"LoRA for β-VAE <C++> ""quoted"" models",Low-Rank Adaptation,3\n',
    "papers_by_alias": "entity,matched,title\n"
                       "entity:implicit-neural-representation,INR,Implicit Neural Representations for Audio\n",
    "top_entities_per_type": "type,label,papers\nkg:Concept,implicit neural representation,1\n"
                             "kg:Concept,Long Range,0\nkg:Dataset,NeRF Synthetic,2\n"
                             "kg:Method,Low-Rank Adaptation,1\nkg:Method,Neural Radiance Fields,1\n"
                             'kg:Method,"β-VAE <C++> ""quoted""",1\nkg:Metric,PSNR,2\n'
                             "kg:Task,novel view synthesis,1\n",
    "datasets_for_concept": "dataset,papers\nNeRF Synthetic,2\n",
    "cooccurring_entities": "first,second,papers\nNeRF Synthetic,PSNR,2\n",
    "acronym_expansions": "acronym,expansion,type,papers,alsoUsedFor,ambiguous\n"
                          "INR,implicit neural representation,Concept,1,,false\n"
                          "INRs,implicit neural representation,Concept,1,,false\n"
                          "LoRA,Long Range,Concept,0,Low-Rank Adaptation,true\n"
                          "LoRA,Low-Rank Adaptation,Method,1,Long Range,true\n"
                          "NeRF,Neural Radiance Fields,Method,1,,false\n"
                          "NeRFs,Neural Radiance Fields,Method,1,,false\n",
    "evidence_for_edge": "title,role,quote,start,end,confidence,sentence\n"
                         '"LoRA for β-VAE <C++> ""quoted"" models",mentions,LoRA,0,4,0.6,'
                         '"LoRA for β-VAE <C++> ""quoted"" models\n\nLow-Rank Adaptation (LoRA) fine-tunes β-VAE '
                         '<C++> ""quoted"" models with few parameters."\n'
                         '"LoRA for β-VAE <C++> ""quoted"" models",proposes,Low-Rank Adaptation,38,57,0.9,'
                         '"Low-Rank Adaptation (LoRA) fine-tunes β-VAE <C++> ""quoted"" models with few parameters."\n',
    "most_upvoted_per_concept": "concept,title,upvotes\n"
                                "implicit neural representation,Implicit Neural Representations for Audio,30\n",
    "build_provenance": "paperkg,extractor,input,sha256\n"
                        f"0.1.0,kg-extractor 1.2,seeds/page2.txt,{'b' * 64}\n"
                        f"0.1.0,kg-extractor 1.2,seeds/page1.txt,{'a' * 64}\n",
}


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_rdf(sample_corpus(), tmp_path_factory.mktemp("examples"), validate=False)[1]


def test_every_example_query_is_documented_and_tested() -> None:
    names = sorted(p.stem for p in QUERIES.glob("*.rq"))
    assert len(names) >= 8 and names == sorted(EXPECTED)
    for path in QUERIES.glob("*.rq"):
        assert path.read_text(encoding="utf-8").startswith("# "), path.name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_query_answers_on_the_sample(export: Path, name: str) -> None:
    assert run_query(str(QUERIES / f"{name}.rq"), export, "csv") == EXPECTED[name]
