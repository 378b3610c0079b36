"""Label variants that must become one entity, and labels that must stay apart."""

from __future__ import annotations

from kg.extract.canonical import clean_label, key_form, merge_form, singular_word


def test_case_plural_and_hyphen_variants_merge() -> None:
    assert merge_form("Transformers") == merge_form("transformer")
    assert merge_form("sphere-tracing") == merge_form("Sphere Tracing")
    assert merge_form("Implicit Neural Representations") == merge_form("implicit neural representation")


def test_a_prefix_joined_hyphenated_or_apart_is_one_spelling() -> None:
    forms = {merge_form(v) for v in ("multitask learning", "multi-task learning", "Multi Task Learning")}
    assert len(forms) == 1
    assert merge_form("pre-training") == merge_form("Pretraining")


def test_keys_keep_the_spelling_they_were_first_given() -> None:
    """IRIs are made from ``key_form``, which joins no prefix: "multi-task" entities keep their IRIs."""
    assert key_form("multi-task learning") == "multi task learning"
    assert key_form("multitask learning") == "multitask learning"


def test_different_names_stay_apart() -> None:
    assert merge_form("ResNet") != merge_form("ResNeXt")
    assert merge_form("GPT-2") != merge_form("GPT-3")


def test_singular_keeps_words_that_only_look_plural() -> None:
    assert [singular_word(w) for w in ("bias", "analysis", "dynamics", "NeRFs", "LLMs")] == [
        "bias", "analysis", "dynamics", "NeRF", "LLM"]


def test_latex_residue_is_cleaned() -> None:
    assert clean_label("HyperZcdotZcdotW") == "HyperZ·Z·W"
    assert clean_label("16times") == "16×"


def test_irregular_plurals_make_real_singular_labels() -> None:
    # "time series" became the entity "time sery" and "rank-one matrices" "rank-one matrice".
    from kg.extract.canonical import singular_label

    assert singular_label("time series") == "time series"
    assert singular_label("rank-one matrices") == "rank-one matrix"
    assert singular_label("sensitivity analyses") == "sensitivity analysis"
    assert singular_label("knowledge bases") == "knowledge base"
    assert key_form("Time Series") == key_form("time series") == "time series"


def test_british_and_american_spellings_are_one_entity() -> None:
    """Authors write "normalisation", "modelling", "behaviour": one entity with the American form."""
    pairs = [("batch normalisation", "Batch Normalization"), ("sequence modelling", "sequence modeling"),
             ("regularised optimisers", "regularized optimizer"), ("agent behaviour", "agent behavior")]
    for british_form, american_form in pairs:
        assert merge_form(british_form) == merge_form(american_form)
    # Words that only look British keep their spelling, so they stay apart from their look-alikes.
    assert merge_form("noise promise") != merge_form("noize promize")


def test_a_vocabulary_name_also_matches_in_british_spelling() -> None:
    from kg.extract.vocabulary import surface_variants

    assert "Batch Normalisation" in surface_variants("Batch Normalization")
    assert "Sequence Modelling" in surface_variants("Sequence Modeling")


def test_a_name_ending_in_a_capital_s_is_not_a_plural() -> None:
    """"NUPES" and "DARTS" are names; acronym plurals take a small s ("CNNs", "INRs")."""
    assert [singular_word(w) for w in ("NUPES", "DARTS", "CNNs", "INRs")] == ["NUPES", "DARTS", "CNN", "INR"]


def test_a_vocabulary_name_with_an_en_dash_also_matches_with_a_hyphen() -> None:
    from kg.extract.vocabulary import surface_variants

    assert {"Navier–Stokes", "Navier-Stokes"} <= surface_variants("Navier–Stokes")


def test_a_property_written_as_an_adjective_links_to_the_property() -> None:
    """Texts write "permutation invariant" where the vocabulary names "Permutation Invariance"."""
    import spacy

    from kg.extract.vocabulary import Term, Vocabulary, VocabularyMatcher
    from kg.model import EntityType

    terms = [Term("permutation-invariance", "Permutation Invariance", EntityType.CONCEPT),
             Term("lipschitz-continuity", "Lipschitz Continuity", EntityType.CONCEPT),
             Term("invariance", "Invariance", EntityType.CONCEPT)]
    vocabulary = Vocabulary(terms)
    assert vocabulary.lookup("permutation-invariant").key == "permutation-invariance"
    assert vocabulary.lookup("Lipschitz continuous").key == "lipschitz-continuity"
    assert vocabulary.lookup("invariant") is None  # a bare adjective is an ordinary word
    nlp = spacy.blank("en")
    doc = VocabularyMatcher(nlp, vocabulary)(nlp("Outputs are permutation invariant and Lipschitz-continuous."))
    assert sorted(s.kb_id_ for s in doc.spans["kg_vocabulary"]) == ["lipschitz-continuity", "permutation-invariance"]


def test_a_cased_vocabulary_name_with_an_en_dash_is_found_typed_with_a_hyphen() -> None:
    from kg.extract.vocabulary import Term, Vocabulary
    from kg.model import EntityType

    vocabulary = Vocabulary([Term("nse", "Navier–Stokes Equations", EntityType.CONCEPT, aliases=("Navier–Stokes",))])
    assert vocabulary.lookup("Navier-Stokes").key == "nse"
    assert vocabulary.lookup("navier-stokes") is None  # a cased name still keeps its capitals


def test_a_cased_vocabulary_name_is_found_in_its_plural_and_with_a_space_for_a_hyphen() -> None:
    from kg.extract.vocabulary import Term, Vocabulary
    from kg.model import EntityType

    vocabulary = Vocabulary([Term("relu", "Rectified Linear Unit", EntityType.METHOD, aliases=("ReLU",)),
                             Term("ucf", "UCF101", EntityType.DATASET, aliases=("UCF-101",))])
    assert vocabulary.lookup("ReLUs").key == "relu"  # not read as a word ending in "-us", like "corpus"
    assert vocabulary.lookup("UCF 101").key == "ucf"
    assert vocabulary.lookup("relus") is None and vocabulary.lookup("ucf 101") is None


def test_a_cased_vocabulary_name_written_in_other_mixed_case_is_that_name() -> None:
    """"XGboost" is XGBoost; "map", "Map" and the acronym "MAP" are not mAP, nor "MgNO" MGNO."""
    from kg.extract.vocabulary import Term, Vocabulary
    from kg.model import EntityType

    vocabulary = Vocabulary([Term("xgboost", "XGBoost", EntityType.METHOD),
                             Term("map", "Mean Average Precision", EntityType.METRIC, aliases=("mAP",)),
                             Term("mgno", "Multipole Graph Neural Operator", EntityType.METHOD, aliases=("MGNO",))])
    assert vocabulary.lookup("XGboost").key == "xgboost"
    assert vocabulary.lookup("xgboost") is None
    assert [vocabulary.lookup(word) for word in ("map", "Map", "MAP")] == [None, None, None]
    assert vocabulary.lookup("MgNO") is None  # a coined name, not the acronym in other case
