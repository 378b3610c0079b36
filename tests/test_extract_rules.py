"""Rules around the learned detector: nested names, role cues, tokenizer fixes, title phrases."""

from __future__ import annotations

import pytest
from extract_fixtures import small_extractor  # noqa: F401
from spacy.tokens import Span

from kg.extract import Extractor
from kg.extract.patterns import is_name, title_case_phrases, title_phrases
from kg.extract.termhood import termhood, vocabulary_confidence
from kg.link import EDGE_THRESHOLD
from kg.model import EntityType, Role


def run_with_ents(extractor, text: str, ents: list[tuple[str, str]]) -> list[dict]:
    """Run the pipeline on ``text`` as if the learned detector had found ``ents`` (surface, type)."""
    doc = extractor.nlp.make_doc(text)
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        spans.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = [s for s in spans if isinstance(s, Span)]
    for _, component in extractor.nlp.pipeline:
        doc = component(doc)
    return doc._.kg_mentions


def test_name_inside_a_learned_phrase_is_a_nested_mention(small_extractor) -> None:  # noqa: F811
    mentions = run_with_ents(small_extractor, "We adapt LoRA modules to vision.", [("LoRA modules", "Method")])
    spans = [(m["start"], m["end"]) for m in mentions]
    assert len(spans) == len(set(spans))
    assert {m["text"] for m in mentions} == {"LoRA modules", "LoRA"}
    assert next(m for m in mentions if m["text"] == "LoRA")["entity_key"] == "low-rank-adaptation"


def test_learned_span_loses_leading_verb_and_determiner(small_extractor) -> None:  # noqa: F811
    mentions = run_with_ents(small_extractor, "We study discarding residual learning here.",
                             [("discarding residual learning", "Method")])
    assert [m["text"] for m in mentions] == ["residual learning"]


def test_naming_cues_mark_the_papers_own_method(small_extractor) -> None:  # noqa: F811
    text = ("Shapes\n\nWe model surfaces with a new class of implicit representations called the closest "
            "surface-point (CSP) representation. Also, FooBar, a novel sampler, is fast.")
    (mentions,) = small_extractor.annotate([text])
    roles = {m.label: m.role for m in mentions}
    assert roles["closest surface-point representation"] is Role.PROPOSES
    assert roles["FooBar"] is Role.PROPOSES


def test_latex_tilde_and_slash_lists_are_split(small_extractor) -> None:  # noqa: F811
    (mentions,) = small_extractor.annotate(["Unlike codecs~(H.264, H.265), we test on CIFAR-10/100."])
    assert [m.text for m in mentions] == ["H.264", "H.265", "CIFAR-10", "100"]
    assert [m.label for m in mentions][-1] == "CIFAR-100"


def test_numbered_siblings_after_a_slash_are_names(small_extractor) -> None:  # noqa: F811
    """"CIFAR-10/100" names two datasets; the bare number is evidence, never an alias."""
    (mentions,) = small_extractor.annotate(["A title\n\nWe train Foo-18/50/101 and LoRA on ShapeNet-55/34."])
    labels = [m.label for m in mentions]
    assert labels[:3] == ["Foo-18", "Foo-50", "Foo-101"]
    assert "ShapeNet-34" in labels
    sibling = next(m for m in mentions if m.label == "Foo-50")
    assert sibling.text == "50" and sibling.names == ("Foo-50",) and sibling.aliases == ()


def test_learned_span_runs_on_over_a_capitalised_name(small_extractor) -> None:  # noqa: F811
    text = "A title\n\nWe order models by solving the Shortest Hamiltonian Path problem. The end."
    mentions = run_with_ents(small_extractor, text, [("Shortest Hamiltonian", "Task")])
    assert [m["label"] for m in mentions] == ["Shortest Hamiltonian Path"]


def test_hardware_and_modifier_suffixes_are_not_names(small_extractor) -> None:  # noqa: F811
    text = "A title\n\nWe map PDE-inputs to outputs on eight TPUs and H100 GPUs with 80 GB of data."
    mentions = run_with_ents(small_extractor, text, [("PDE-inputs", "Method"), ("TPUs", "Method"),
                                                     ("H100 GPUs", "Method"), ("GB", "Dataset")])
    by_text = {m["text"]: m for m in mentions}
    assert by_text["PDE-inputs"]["label"] == "PDE"
    assert by_text["TPUs"]["confidence"] < EDGE_THRESHOLD
    assert by_text["H100 GPUs"]["confidence"] < EDGE_THRESHOLD
    assert by_text["GB"]["confidence"] < EDGE_THRESHOLD


def test_a_title_phrase_after_to_is_not_a_subject() -> None:
    text = "BatchNet: Learning to Explore Sample Relationships for Label Noise\n\nWe explore sample relationships " \
           "under label noise."
    assert [text[s:e] for s, e in title_phrases(text)] == ["Label Noise"]


def test_title_phrases_repeated_in_the_abstract() -> None:
    text = "Lossless Compression with Probabilistic Circuits\n\nWe study lossless compression of images."
    assert [text[s:e] for s, e in title_phrases(text)] == ["Lossless Compression"]


def test_treebank_brackets_keep_their_closing_dash(small_extractor) -> None:  # noqa: F811
    text = "We train a linear-chain conditional random field -LRB- CRF -RRB- on tags ."
    surface = "linear-chain conditional random field -LRB- CRF -RRB-"
    mentions = run_with_ents(small_extractor, text, [(surface, "Method")])
    assert surface in {m["text"] for m in mentions}


def test_technical_head_lifts_a_lowercase_term_over_a_description() -> None:
    text = "Title\n\nWe bound the nuclear norm of deep networks."
    assert termhood("nuclear norm", text, text.index("nuclear")) > EDGE_THRESHOLD
    assert termhood("deep networks", text, text.index("deep")) < EDGE_THRESHOLD


def test_a_procedure_noun_heads_a_technical_term_but_not_after_an_everyday_adjective() -> None:
    text = "Title\n\nWe replace mean-field inference by approximate inference for efficient inference."
    for term in ("mean-field inference", "approximate inference"):
        assert termhood(term, text, text.index(term)) > EDGE_THRESHOLD
    assert termhood("efficient inference", text, text.index("efficient")) < EDGE_THRESHOLD


def test_learned_span_loses_enumerators_and_edge_function_words(small_extractor) -> None:  # noqa: F811
    text = "First, 2) As attention heads grow, the representational power of it rises."
    mentions = run_with_ents(small_extractor, text, [("2) As attention heads", "Concept"),
                                                     ("representational power of", "Concept")])
    assert {m["text"] for m in mentions} >= {"attention heads", "representational power"}


def test_task_head_overrides_the_learned_label(small_extractor) -> None:  # noqa: F811
    text = "We study robust speech recognition in noise."
    mentions = run_with_ents(small_extractor, text, [("robust speech recognition", "Method")])
    assert [m["type"] for m in mentions if m["text"].endswith("speech recognition")] == ["Task"]


def test_method_head_overrides_the_learned_label(small_extractor) -> None:  # noqa: F811
    text = "A statistical chart parser handles long inputs."
    mentions = run_with_ents(small_extractor, text, [("statistical chart parser", "Concept")])
    assert [m["type"] for m in mentions if m["text"] == "statistical chart parser"] == ["Method"]


def test_learned_span_stops_at_the_title_break(small_extractor) -> None:  # noqa: F811
    text = "Sigmoid Self-Attention\n\nAttention is central to sequence models."
    mentions = run_with_ents(small_extractor, text, [("Sigmoid Self-Attention\n\nAttention", "Method")])
    assert mentions and all("\n" not in m["text"] for m in mentions)
    assert "Sigmoid Self-Attention" in {m["text"] for m in mentions}


def test_learned_span_cutting_a_hyphenated_word_is_dropped(small_extractor) -> None:  # noqa: F811
    text = "We compute rotation-invariant features of textures."
    mentions = run_with_ents(small_extractor, text, [("rotation", "Concept")])
    assert "rotation" not in {m["text"] for m in mentions}


@pytest.mark.parametrize(("text", "span", "label"), [
    ("We minimise a Frobenius norm objective over the weights.", "Frobenius norm objective", "Frobenius norm"),
    ("We propose a sparsity-induced ZO training protocol here.", "sparsity-induced ZO training protocol",
     "sparsity-induced ZO training"),
])
def test_a_container_noun_leaves_the_name_but_not_the_evidence(small_extractor, text: str, span: str,  # noqa: F811
                                                               label: str) -> None:
    (mention,) = [m for m in run_with_ents(small_extractor, text, [(span, "Concept")]) if m["text"] == span]
    assert mention["label"] == label


def test_a_one_word_name_keeps_its_head_noun(small_extractor) -> None:  # noqa: F811
    (mention,) = run_with_ents(small_extractor, "Gradients come from the adjoint method here.",
                               [("adjoint method", "Method")])
    assert mention["label"] == "adjoint method"


@pytest.mark.parametrize(("text", "span", "label"), [
    ("Moreover, we introduce the Self-Mask operation to filter noise.", "Self-Mask operation", "Self-Mask"),
    ("Adjoint method gradients are cheap.", "Adjoint method", "Adjoint method"),
])
def test_a_coined_one_word_name_drops_its_container_noun(small_extractor, text: str, span: str,  # noqa: F811
                                                         label: str) -> None:
    """A coined name is the entity; a plain word with its head noun is the name (sentence capital or not)."""
    mentions = run_with_ents(small_extractor, text, [(span, "Method")])
    assert {m["text"]: m["label"] for m in mentions}[span] == label


def confidence_of(extractor, text: str, surface: str) -> float:
    mentions = run_with_ents(extractor, text, [(surface, "Method")])
    return next(m["confidence"] for m in mentions if m["text"] == surface)


def test_a_kind_of_a_known_term_is_a_term(small_extractor) -> None:  # noqa: F811
    text = "We pretrain with supervised contrastive learning on images."
    assert confidence_of(small_extractor, text, "supervised contrastive learning") >= EDGE_THRESHOLD


def test_an_everyday_or_verb_modifier_on_a_known_term_stays_a_description(small_extractor) -> None:  # noqa: F811
    for text, surface in (("We scale large contrastive learning to images.", "large contrastive learning"),
                          ("A paper that boosts contrastive learning on images.", "boosts contrastive learning"),
                          ("Such deep contrastive learning on images.", "deep contrastive learning")):
        assert confidence_of(small_extractor, text, surface) < EDGE_THRESHOLD, surface


def test_a_specific_vocabulary_word_counts_once_a_broad_one_when_repeated() -> None:
    text = "We report perplexity and use clustering."
    assert vocabulary_confidence("perplexity", text) >= EDGE_THRESHOLD
    assert vocabulary_confidence("clustering", text, generic=True) < EDGE_THRESHOLD
    assert vocabulary_confidence("clustering", text + " The clustering is fast.", generic=True) >= EDGE_THRESHOLD


def test_broad_terms_are_flagged_from_the_vocabulary(small_extractor) -> None:  # noqa: F811
    terms = small_extractor.vocabulary.terms
    assert terms["clustering"].generic and not terms["perplexity"].generic


def test_a_propose_cue_marks_the_contribution_and_a_named_part_not_known_terms(small_extractor) -> None:  # noqa: F811
    text = "Fast shapes\n\nWe propose ZetaNet, a Transformer with a GammaMixer block, and compare it to OmegaNet."
    roles = {m["text"]: m["role"] for m in run_with_ents(small_extractor, text, [])}
    assert roles["ZetaNet"] == roles["GammaMixer"] == str(Role.PROPOSES)
    assert roles["Transformer"] != str(Role.PROPOSES)
    assert roles.get("OmegaNet") != str(Role.PROPOSES)  # the third new name is what it is compared to


def test_a_title_slogan_before_the_colon_is_not_a_proposed_name(small_extractor) -> None:  # noqa: F811
    for title, expected in (("Stop Regressing: Training Value Functions via Classification", False),
                            ("Training the Untrainable: Introducing Inductive Bias", False),
                            ("Neural Metamorphosis: Self-Morphable Networks", True),
                            ("NAISR: A 3D Neural Additive Model", True)):
        text = f"{title}\n\nWe study shapes."
        name = title.split(":")[0]
        mentions = run_with_ents(small_extractor, text, [])
        proposed = {m["text"] for m in mentions if m["role"] == str(Role.PROPOSES)}
        assert (name in proposed) is expected, title


def test_a_new_definition_sharing_a_known_acronym_is_its_own_entity(small_extractor) -> None:  # noqa: F811
    coined = run_with_ents(small_extractor, "We build a Layered Oscillator Ring Array (LoRA) for radios.", [])
    assert {m["label"] for m in coined if "LoRA" in m["aliases"]} == {"Layered Oscillator Ring Array"}
    known = run_with_ents(small_extractor, "We fine-tune with Low-Rank Adapters (LoRA) on text.", [])
    assert {m["label"] for m in known if "LoRA" in m["aliases"]} == {"Low-Rank Adaptation"}
    # Two of three words in common is not enough: "Low-Rank Attention" is not Low-Rank Adaptation.
    other = run_with_ents(small_extractor, "We add Low-Rank Attention (LoRA) to text models.", [])
    assert {m["label"] for m in other if "LoRA" in m["aliases"]} == {"Low-Rank Attention"}


def test_a_definition_span_covers_the_noun_it_qualifies_but_the_label_does_not(small_extractor) -> None:  # noqa: F811
    (mentions,) = small_extractor.annotate(["We fit Markov random field (MRF) models to the images."])
    definition = next(m for m in mentions if m.is_definition)
    assert definition.text == "Markov random field (MRF) models"
    assert "model" not in definition.label.lower() and "MRF" in definition.aliases


@pytest.mark.parametrize(("text", "ent", "expected"), [
    ("the consistency ( both asymptotic and finitary ) of it", "asymptotic and finitary )", "asymptotic and finitary"),
    ("results on ( CIFAR-10 ) data and more", "CIFAR-10 ) data", "data"),
    ("diversified ( faceted ) summaries of news", "faceted ) summaries", "summaries"),
    ("Transformer-based language models (LLMs rely on it", "Transformer-based language models (LLMs",
     "Transformer-based language models"),
])
def test_learned_spans_never_end_in_space_or_an_unmatched_bracket(small_extractor, text: str, ent: str,  # noqa: F811
                                                                  expected: str | None) -> None:
    mentions = run_with_ents(small_extractor, text, [(ent, "Concept")])
    learned = [m["text"] for m in mentions if m["component"] == "ner"]
    assert learned == ([expected] if expected else [])


@pytest.mark.parametrize("title", ["Random Field Augmentations for Self-Supervised Learning",
                                   "Are Views Enough? Random Field Augmentations for Self-Supervised Learning"])
def test_a_new_name_opening_a_title_without_colon_is_proposed(small_extractor, title: str) -> None:  # noqa: F811
    text = title + "\n\nWe study augmentations of images."
    mentions = run_with_ents(small_extractor, text, [("Random Field Augmentations", "Method")])
    lead = next(m for m in mentions if m["text"] == "Random Field Augmentations")
    assert lead["role"] == "proposes" and lead["confidence"] >= 0.7


@pytest.mark.parametrize(("title", "ent"), [
    ("Investigating the Benefits of Projection Heads", "Projection Heads"),  # opens with a verb
    ("Spectral Priors: Robust Shape Matching", "Robust Shape Matching"),  # a colon title has its own rule
    ("Lossless Compression with Probabilistic Circuits", "Lossless Compression"),  # a task, not a proposal
])
def test_other_title_openings_are_not_proposed(small_extractor, title: str, ent: str) -> None:  # noqa: F811
    mentions = run_with_ents(small_extractor, title + "\n\nWe study it.", [(ent, "Task" if "Compression" in ent
                                                                           else "Method")])
    assert all(m["role"] != "proposes" for m in mentions if m["text"] == ent)


def test_a_title_case_kind_of_a_known_term_counts_as_a_term(small_extractor) -> None:  # noqa: F811
    """"Multimodal Transformers" in a title is a kind of Transformer, as "multimodal transformers" is."""
    text = "Predicting Operators using Multimodal Transformers\n\nWe predict operators with them."
    mentions = run_with_ents(small_extractor, text, [("Multimodal Transformers", "Method")])
    (phrase,) = [m for m in mentions if m["text"] == "Multimodal Transformers"]
    assert phrase["confidence"] >= 0.6


def test_a_trailing_symbol_of_the_notation_leaves_a_learned_span(small_extractor) -> None:  # noqa: F811
    text = "We minimise the Euler-Lagrange energy functional E(u) over u."
    mentions = run_with_ents(small_extractor, text, [("Euler-Lagrange energy functional E(u)", "Concept")])
    assert [m["text"] for m in mentions if m["component"] == "ner"] == ["Euler-Lagrange energy functional"]


def test_vague_learned_spans_are_kept_as_spans_but_never_proposals_or_edges(small_extractor) -> None:  # noqa: F811
    text = "We propose a novel model and FooNet, a sampler."
    mentions = run_with_ents(small_extractor, text, [("novel model", "Method")])
    (vague,) = [m for m in mentions if m["component"] == "ner"]
    assert vague["text"] == "novel model" and vague["confidence"] < 0.3 and vague["role"] != "proposes"
    assert next(m for m in mentions if m["text"] == "FooNet")["role"] == "proposes"


@pytest.mark.parametrize(("text", "ent", "expected"), [
    ("We cover one human action here.", "one human action", "human action"),  # a count is not in the phrase
    ("A practically unsupervised learning method works.", "practically unsupervised learning method",
     "unsupervised learning method"),  # a hedge is not either
    ("A fully connected network fails.", "fully connected network", "fully connected network"),  # a term
])
def test_counts_and_hedges_leave_a_learned_span_but_technical_adverbs_stay(small_extractor, text: str, ent: str,  # noqa: F811
                                                                           expected: str) -> None:
    mentions = run_with_ents(small_extractor, text, [(ent, "Method")])
    assert [m["text"] for m in mentions if m["component"] == "ner"] == [expected]


@pytest.mark.parametrize(("text", "ent", "expected"), [
    ("Then ROD-TV consists of layers.", "ROD-TV consists", "ROD-TV"),
    ("The homographies computed are exact.", "homographies computed", "homographies"),
    ("Phrase-based models outperform them.", "Phrase-based models outperform", "Phrase-based models"),
])
def test_a_verb_of_the_sentence_leaves_the_end_of_a_learned_span(small_extractor, text: str, ent: str,  # noqa: F811
                                                                  expected: str) -> None:
    mentions = run_with_ents(small_extractor, text, [(ent, "Method")])
    assert expected in [m["text"] for m in mentions] and ent not in [m["text"] for m in mentions]


def test_a_known_task_inside_a_method_phrase_links_to_the_task_but_the_span_is_a_method() -> None:
    from kg.extract import CONFIG_PATH
    from kg.extract.vocabulary import DEFAULT_PATH

    extractor = Extractor.from_config(CONFIG_PATH, vocabularies=[DEFAULT_PATH], ner_model=None)
    text = "Information extraction techniques help."
    mentions = run_with_ents(extractor, text, [("Information extraction techniques", "Task")])
    (phrase,) = [m for m in mentions if m["component"] == "ner"]
    assert phrase["label"] == "Information Extraction" and phrase["type"] == "Method"


def test_a_tool_named_after_a_known_task_is_typed_method_but_links_to_the_task() -> None:
    from kg.extract import CONFIG_PATH
    from kg.extract.vocabulary import DEFAULT_PATH

    extractor = Extractor.from_config(CONFIG_PATH, vocabularies=[DEFAULT_PATH], ner_model=None)
    text = "An object detection framework finds cars; object detection is hard."
    mentions = run_with_ents(extractor, text, [("object detection framework", "Method")])
    types = {m["text"]: (m["label"], m["type"]) for m in mentions}
    assert types["object detection framework"] == ("Object Detection", "Method")
    assert types["object detection"] == ("Object Detection", "Task")


@pytest.mark.parametrize(("phrase", "expected"), [
    ("logical well-formedness conditions", "Concept"), ("region graph", "Concept"),
    ("graph neural network", "Method"), ("speech recognition", "Task"), ("treebank", "Dataset"),
])
def test_head_nouns_that_name_a_type_override_the_learned_label(small_extractor, phrase: str,  # noqa: F811
                                                                expected: str) -> None:
    mentions = run_with_ents(small_extractor, f"We study the {phrase} here.", [(phrase, "Task" if expected != "Task"
                                                                                else "Method")])
    assert [m["type"] for m in mentions if m["component"] == "ner"] == [expected]


def test_title_case_phrases_in_running_text_are_names() -> None:
    text = ("Robust Training\n\nWe apply Batch Inverse Encoding and Shifting to images. Latent Codes Expansion "
            "helps. As in Attention Is All You Need and Ramshaw and Marcus, done at Lincoln Laboratory. "
            "Deep Learning works. Each Feed Forward Network and Predicting Symbolic Expressions, as in A "
            "Neural Model for Shape Analysis.")
    found = [text[s:e] for s, e in title_case_phrases(text)]
    assert found == ["Batch Inverse Encoding and Shifting", "Latent Codes Expansion", "Neural Model",
                     "Shape Analysis"]


def test_title_case_phrase_is_typed_by_its_head(small_extractor) -> None:  # noqa: F811
    (mentions,) = small_extractor.annotate(["A title\n\nWe address Human Face Manipulation with a Gated Flow Sampler."])
    types = {m.text: m.type.value for m in mentions}
    assert types == {"Human Face Manipulation": "Task", "Gated Flow Sampler": "Method"}


def test_description_with_a_vague_head_is_no_edge(small_extractor) -> None:  # noqa: F811
    """"image datasets" describes; "harmonic representations" (a head that forms terms) names."""
    text = "A title\n\nWe use image datasets and harmonic representations. Image datasets and harmonic representations."
    mentions = run_with_ents(small_extractor, text, [("image datasets", "Dataset"),
                                                     ("harmonic representations", "Concept")])
    best = {m["label"]: m["confidence"] for m in mentions}
    assert best["image dataset"] < EDGE_THRESHOLD <= best["harmonic representation"]


def test_learned_span_takes_in_the_technical_adverb_before_it(small_extractor) -> None:  # noqa: F811
    text = "A title\n\nWe train fully connected networks and a doubly stochastic membership."
    mentions = run_with_ents(small_extractor, text, [("connected networks", "Method"),
                                                     ("stochastic membership", "Concept")])
    assert [m["label"] for m in mentions] == ["fully connected network", "doubly stochastic membership"]


def test_direct_object_of_we_propose_is_an_edge(small_extractor) -> None:  # noqa: F811
    """"we introduce a novel X": X is the contribution, worth an edge; a phrase further on is not."""
    text = "A title\n\nWe introduce a novel gated flow sampler that uses spectral token mixing."
    mentions = run_with_ents(small_extractor, text, [("gated flow sampler", "Method"),
                                                     ("spectral token mixing", "Method")])
    by_label = {m["label"]: m for m in mentions}
    assert by_label["gated flow sampler"]["confidence"] >= EDGE_THRESHOLD
    assert by_label["gated flow sampler"]["role"] == "proposes"
    assert by_label["spectral token mixing"]["confidence"] < EDGE_THRESHOLD


@pytest.mark.parametrize(("phrase", "edge"), [("hooking layer", True), ("hooking module", False),
                                            ("analytic method", False)])
def test_a_plain_word_and_a_container_noun_is_no_proposal_edge(small_extractor, phrase: str,  # noqa: F811
                                                               edge: bool) -> None:
    """"we propose an analytic method": a description of what was built, not a name for it."""
    text = f"A title\n\nWe propose a {phrase} for probing."
    (mention,) = [m for m in run_with_ents(small_extractor, text, [(phrase, "Method")]) if m["text"] == phrase]
    assert (mention["confidence"] >= EDGE_THRESHOLD) is edge


@pytest.mark.parametrize(("title", "proposed"), [
    ("Gated Spectral Token Mixer Networks: A Study of Mixing", "Gated Spectral Token Mixer Networks"),
    ("Stop Worrying About Noisy Labels: A Study", None),
])
def test_title_name_before_a_colon_up_to_five_words(small_extractor, title: str, proposed: str | None) -> None:  # noqa: F811
    (mentions,) = small_extractor.annotate([title + "\n\nWe study mixing."])
    found = [m.text for m in mentions if m.role is Role.PROPOSES]
    assert found == ([proposed] if proposed else [])


@pytest.mark.parametrize(("word", "is_edge"), [
    ("pseudo-features", True), ("hyper-kernels", True),
    ("part-level", False), ("photo-realistic", False), ("end-to-end", False), ("features", False),
])
def test_repeated_hyphenated_compound_is_a_term(word: str, is_edge: bool) -> None:
    """A coined compound used twice names something; a hyphenated adjective or a plain word does not."""
    text = f"A title\n\nWe build {word} here. The {word} help."
    assert (termhood(word, text, text.index(word)) >= EDGE_THRESHOLD) is is_edge


@pytest.mark.parametrize(("text", "phrase", "is_edge"), [
    ("A title\n\nWe enforce Laplacian commutativity here.", "Laplacian commutativity", True),
    ("A title\n\nWe solve it with Newton's iterations.", "Newton's iterations", True),
    ("A title\n\nLaplacian commutativity is enforced.", "Laplacian commutativity", False),
    ("A title\n\nWe compare Transformer-based forecasters.", "Transformer-based forecasters", False),
    ("A title\n\nWe take a Bayesian view here.", "Bayesian view", False),
    ("A title\n\nWe solve PDE-based, inverse problems.", "PDE-based, inverse problems", False),
])
def test_proper_noun_modifier_mid_sentence_marks_a_term(text: str, phrase: str, is_edge: bool) -> None:
    assert (termhood(phrase, text, text.index(phrase)) >= EDGE_THRESHOLD) is is_edge


def test_phrase_introduced_as_a_name_is_a_term() -> None:
    text = "A title\n\nWe study a class of equations known as nonlinear variational PDEs today."
    phrase = "nonlinear variational PDEs"
    assert termhood(phrase, text, text.index(phrase)) >= EDGE_THRESHOLD
    plain = text.replace("known as", "like")
    assert termhood(phrase, plain, plain.index(phrase)) < EDGE_THRESHOLD


def test_known_modifier_of_a_technical_head_names_a_kind(small_extractor) -> None:  # noqa: F811
    """"softmax attention" is a kind of attention, not a mention of Softmax."""
    (mentions,) = small_extractor.annotate(["A title\n\nWe replace softmax attention by softmax pooling. "
                                            "The softmax is kept."])
    assert [m.label for m in mentions] == ["softmax attention", "softmax pooling", "Softmax"]


@pytest.mark.parametrize("word", ["within", "across", "through"])
def test_a_preposition_before_a_known_kind_head_names_no_kind(small_extractor, word: str) -> None:  # noqa: F811
    """"depthwise convolution" is a kind of convolution; "within convolution" is not."""
    (mentions,) = small_extractor.annotate([f"A title\n\nThe weights {word} convolution act as memories."])
    assert [m.label for m in mentions] == ["Convolution"]


def test_learned_span_loses_trailing_verb(small_extractor) -> None:  # noqa: F811
    text = "A title\n\nThe sigmoid attention matches the baseline."
    mentions = run_with_ents(small_extractor, text, [("sigmoid attention matches", "Method")])
    assert [m["text"] for m in mentions] == ["sigmoid attention"]


@pytest.mark.parametrize(("sentence", "label"), [
    ("We add a depthwise convolution.", "depthwise convolution"),
    ("We add a strong convolution.", "Convolution"),
    ("We add a learned convolution.", "Convolution"),
    ("We add layers like convolution.", "Convolution"),
])
def test_kind_of_a_known_head_term(small_extractor, sentence: str, label: str) -> None:  # noqa: F811
    (mentions,) = small_extractor.annotate(["A title\n\n" + sentence])
    assert [m.label for m in mentions] == [label]


@pytest.mark.parametrize(("text", "label"), [
    ("A title\n\nWe propose EvoNorms, new layers.", "EvoNorms"),
    ("A title\n\nWe train FooNets; one FooNet is small.", "FooNet"),
])
def test_coined_name_keeps_its_final_s_unless_the_text_has_the_singular(
        small_extractor, text: str, label: str) -> None:  # noqa: F811
    (mentions,) = small_extractor.annotate([text])
    assert mentions[0].label == label


def test_proposal_is_new_and_not_an_action(small_extractor) -> None:  # noqa: F811
    """"we propose to optimize X" proposes nothing; a known term after "we present" is used, not new."""
    text = ("A title\n\nWe propose to optimize the Gated Spectral Objective here. We present a contrastive "
            "learning scheme, the Flux Sampler.")
    mentions = run_with_ents(small_extractor, text, [("Gated Spectral Objective", "Method"),
                                                     ("contrastive learning scheme", "Method"),
                                                     ("Flux Sampler", "Method")])
    roles = {m["label"]: m["role"] for m in mentions}
    assert roles["Gated Spectral Objective"] != "proposes"
    assert roles["Contrastive Learning"] != "proposes"
    assert roles["Flux Sampler"] == "proposes"


def test_a_dataset_guess_ending_in_a_known_method_is_a_method(small_extractor) -> None:  # noqa: F811
    text = "A title\n\nWe build a Poincaré Transformer for images."
    mentions = run_with_ents(small_extractor, text, [("Poincaré Transformer", "Dataset")])
    assert next(m for m in mentions if m["text"] == "Poincaré Transformer")["type"] == "Method"


def test_title_case_kind_of_a_head_in_the_title(small_extractor) -> None:  # noqa: F811
    (mentions,) = small_extractor.annotate(["Best Practices for Softmax Self-Attention\n\nThe Softmax Pooling here."])
    assert [m.label for m in mentions] == ["Softmax Self-Attention", "Softmax"]


def test_bracket_no_definition_rule_read_is_not_part_of_the_name(small_extractor) -> None:  # noqa: F811
    text = "A title\n\nWe use the Gated Flow Sampler (QQ-7) here."
    mentions = run_with_ents(small_extractor, text, [("Gated Flow Sampler (QQ-7)", "Method")])
    assert "Gated Flow Sampler" in {m["label"] for m in mentions}


@pytest.mark.parametrize(("span", "name"), [
    ("preventing memorization", "memorization"), ("proved translation invariance", "translation invariance"),
    ("aka class-incremental learning", "class-incremental learning"),
])
def test_sentence_words_lead_no_name(small_extractor, span: str, name: str) -> None:  # noqa: F811
    text = f"A title\n\nThis is {span} twice: {span}."
    mentions = run_with_ents(small_extractor, text, [(span, "Concept")])
    assert mentions[0]["label"] == name


@pytest.mark.parametrize("span", ["privacy-utility trade-offs as well", "privacy-utility trade-offs as well as"])
def test_as_well_as_is_not_part_of_a_span(small_extractor, span: str) -> None:  # noqa: F811
    text = "A title\n\nWe give better privacy-utility trade-offs as well as faster queries."
    mentions = run_with_ents(small_extractor, text, [(span, "Concept")])
    assert mentions[0]["text"] == "privacy-utility trade-offs"


def test_lowercase_prefixed_name_is_a_name(small_extractor) -> None:  # noqa: F811
    """"d-BiNI": a short lowercase prefix before a CamelCase name; called X, it is the proposal."""
    (mentions,) = small_extractor.annotate(["A title\n\nWe integrate normals into surfaces, called d-BiNI, here."])
    found = {m.text: m.role for m in mentions}
    assert found.get("d-BiNI") is Role.PROPOSES


@pytest.mark.parametrize(("word", "is_name"), [("Q-transformers", True), ("K-means", True), ("U-shaped", False),
                                               ("d-BiNI", True), ("x-ray", False)])
def test_name_shapes_with_a_one_letter_prefix(word: str, is_name: bool) -> None:
    from kg.extract.patterns import NAME

    assert (NAME.fullmatch(word) is not None) is is_name


def test_a_lowercase_word_inside_a_phrase_is_part_of_it(small_extractor) -> None:  # noqa: F811
    """"convolution" inside "linear pointwise convolution" is not a separate Convolution mention; a
    name inside a phrase ("LoRA" in "LoRA modules") still is."""
    text = "A title\n\nWe use a linear pointwise convolution and LoRA modules."
    mentions = run_with_ents(small_extractor, text, [("linear pointwise convolution", "Method"),
                                                     ("LoRA modules", "Method")])
    texts = [m["text"] for m in mentions]
    assert "convolution" not in texts and "Convolution" not in {m["label"] for m in mentions}
    assert {"linear pointwise convolution", "LoRA modules", "LoRA"} <= set(texts)


def test_a_compound_that_denies_a_known_term_does_not_mention_it(small_extractor) -> None:  # noqa: F811
    """"Fine-Tuning-free" and "non-softmax" describe methods without fine-tuning or softmax."""
    text = ("A title\n\nWe give a Fine-Tuning-free recipe with non-softmax attention, then compare it with "
            "Fine-Tuning and softmax.")
    (mentions,) = small_extractor.annotate([text])
    linked = [(m.text, m.start) for m in mentions if m.entity_key in ("fine-tuning", "softmax")]
    assert linked == [("Fine-Tuning", text.rindex("Fine-Tuning")), ("softmax", text.rindex("softmax"))]


def test_a_title_name_with_latex_residue_is_the_proposal(small_extractor) -> None:  # noqa: F811
    (mentions,) = small_extractor.annotate(["QZ^2: Compatible Training with Basis Shifts\n\nWe study it."])
    assert [(m.text, m.role) for m in mentions if m.start == 0] == [("QZ^2", Role.PROPOSES)]


def test_a_coined_name_defined_in_apposition_is_the_papers_own(small_extractor) -> None:  # noqa: F811
    own = "A title\n\nIn contrast, we utilize TrivoMix, a data-adaptive transformation based on a matrix."
    other = "A title\n\nWe compare with TrivoMix, a popular transformation based on a matrix."
    annotated = small_extractor.annotate([own, other])
    roles = [next(m.role for m in mentions if m.text == "TrivoMix") for mentions in annotated]
    assert roles[0] is Role.PROPOSES
    assert roles[1] is not Role.PROPOSES


def test_the_terms_around_of_in_a_learned_span_are_mentions(small_extractor) -> None:  # noqa: F811
    """"optimization of the power exponent": the phrase is a description, "power exponent" a term
    (a two-word phrase the text repeats); the vague side ("optimization") is not kept."""
    text = "A title\n\nWe study the optimization of the power exponent. The power exponent matters."
    mentions = run_with_ents(small_extractor, text, [("optimization of the power exponent", "Concept")])
    spans = {(m["text"], m["start"]) for m in mentions}
    assert ("power exponent", text.index("power exponent")) in spans
    assert not any(m["text"] == "optimization" for m in mentions)
    part = next(m for m in mentions if m["text"] == "power exponent")
    assert part["confidence"] >= EDGE_THRESHOLD


def test_a_hyphenated_title_case_label_matches_in_lower_case(small_extractor) -> None:  # noqa: F811
    """"Fine-Tuning" is not a cased name like "LoRA": text writes it "fine-tuning", and the mention
    must carry the vocabulary's label and confidence, not a made-up entity that shares its key."""
    (mentions,) = small_extractor.annotate(["A title\n\nWe apply fine-tuning to a linear convolution."])
    tuned = next(m for m in mentions if m.text == "fine-tuning")
    assert (tuned.label, tuned.component) == ("Fine-Tuning", "kg_vocabulary")
    assert tuned.confidence >= EDGE_THRESHOLD


def test_a_kind_named_before_a_known_head_wins_over_the_head_after_it(small_extractor) -> None:  # noqa: F811
    (mentions,) = small_extractor.annotate(["A title\n\nIt uses a single depthwise convolution layer."])
    assert "depthwise convolution" in {m.text for m in mentions}


def test_a_container_noun_after_an_adjectival_compound_stays_the_head(small_extractor) -> None:  # noqa: F811
    """"exemplar-free class-incremental methods" are methods; "feature fusion approach" names feature fusion."""
    text = "A title\n\nUnlike exemplar-free class-incremental methods, we use a feature fusion approach."
    mentions = run_with_ents(small_extractor, text, [("exemplar-free class-incremental methods", "Method"),
                                                     ("feature fusion approach", "Method")])
    labels = {m["text"]: m["label"] for m in mentions}
    assert labels["exemplar-free class-incremental methods"] == "exemplar-free class-incremental method"
    assert labels["feature fusion approach"] == "feature fusion"


def test_a_collection_noun_after_a_known_name_is_that_name(small_extractor) -> None:  # noqa: F811
    text = "A title\n\nWe train agents on Atari 2600 games and report results."
    mentions = run_with_ents(small_extractor, text, [("Atari 2600 games", "Dataset")])
    assert {m["entity_key"] for m in mentions} == {"atari-2600"}
    assert "Atari 2600 games" in {m["text"] for m in mentions}


@pytest.mark.parametrize(("text", "proposed", "other"), [
    # others' work after a proposal cue is not the proposal
    ("We propose a recipe for converting several popular gated lattice architectures into operators. "
     "We propose a sparse gated lattice for it.", "sparse gated lattice", "gated lattice architectures"),
    # a new term the passive introduces is the paper's own
    ("To expand applicability, an efficient symmetric lattice normalization is introduced. Spectral lattice "
     "pooling is widely used.", "efficient symmetric lattice normalization", "Spectral lattice pooling"),
])
def test_proposal_cues_pick_the_papers_own_term(small_extractor, text: str, proposed: str,  # noqa: F811
                                                other: str) -> None:
    mentions = run_with_ents(small_extractor, "A title\n\n" + text, [(other, "Method"), (proposed, "Method")])
    roles = {m["text"]: m["role"] for m in mentions}
    assert roles[proposed] == str(Role.PROPOSES)
    assert roles[other] != str(Role.PROPOSES)


def test_title_case_names_listed_with_and_are_two_names() -> None:
    text = "T\n\nArchitectures such as Neural Turing Machines and Memory Networks exist. We apply Batch " \
           "Inverse Encoding and Shifting to them."
    assert [text[s:e] for s, e in title_case_phrases(text)] == [
        "Neural Turing Machines", "Memory Networks", "Batch Inverse Encoding and Shifting"]


def test_a_pair_of_surnames_keeps_its_final_s() -> None:
    from kg.extract.canonical import singular_label

    assert singular_label("incompressible Navier-Stokes") == "incompressible Navier-Stokes"
    assert singular_label("Metropolis-Hastings") == "Metropolis-Hastings"
    assert singular_label("Self-Attentions") == "Self-Attention"


@pytest.mark.parametrize("where", ["arXiv:2410.15027 and doi:10.1000/xyz123", "github.com/edwardjhu/TP4",
                                   "https://github.com/ab/RepoNet"])
def test_document_identifiers_are_not_entities(small_extractor, where: str) -> None:  # noqa: F811
    text = f"T\n\nCode is at {where} with LoRA."
    labels = [m.label for m in next(small_extractor.annotate([text]))]
    assert labels == ["Low-Rank Adaptation"]


def test_a_pattern_span_trimmed_to_a_lowercase_word_is_dropped(small_extractor) -> None:  # noqa: F811
    text = "T\n\nWe use a DoF (Degree of Freedom)-based curriculum. The DoF grows."
    texts = {m.text for m in next(small_extractor.annotate([text]))}
    assert "based" not in texts and "DoF" in texts


def test_a_learned_span_loses_the_verb_of_the_sentence_it_starts_with(small_extractor) -> None:  # noqa: F811
    mentions = run_with_ents(small_extractor, "Tuning enables learning-rate transfer across widths.",
                             [("enables learning-rate transfer", "Method")])
    assert "enables learning-rate transfer" not in {m["text"] for m in mentions}
    assert "learning-rate transfer" in {m["text"] for m in mentions}


def test_a_learned_span_after_to_loses_its_infinitive_but_not_a_noun(small_extractor) -> None:  # noqa: F811
    """"to train foundation models" names the models; in "apply it to shape priors" the "to" is a
    preposition and the phrase stays whole."""
    text = "It is costly to train foundation models, so we apply it to shape priors."
    mentions = run_with_ents(small_extractor, text,
                             [("train foundation models", "Method"), ("shape priors", "Concept")])
    assert {m["text"] for m in mentions} >= {"foundation models", "shape priors"}
    assert "train foundation models" not in {m["text"] for m in mentions}


@pytest.mark.parametrize(("text", "span", "name"), [
    ("Learning Hierarchical Polynomials with Deep Networks\n\nWe study polynomials.",
     "Learning Hierarchical Polynomials", "Hierarchical Polynomials"),
    ("Maestro: Uncovering Low-Rank Structures via Decomposition\n\nWe study structures.",
     "Uncovering Low-Rank Structures", "Low-Rank Structures"),
    ("Generalized Teacher Forcing for Learning Chaotic Dynamics\n\nWe learn.", "Learning Chaotic Dynamics",
     "Chaotic Dynamics"),
    # a verb phrase after the gerund, and an abstract's opening gerund phrase (SciERC's tasks), stay whole
    ("Learning to Compose Soft Prompts\n\nWe compose.", "Learning to Compose Soft Prompts",
     "Learning to Compose Soft Prompts"),
    ("A title\n\nCreating summaries is hard.", "Creating summaries", "Creating summaries"),
])
def test_a_title_opening_gerund_is_the_titles_verb(small_extractor, text: str, span: str,  # noqa: F811
                                                   name: str) -> None:
    mentions = run_with_ents(small_extractor, text, [(span, "Method")])
    assert name in {m["text"] for m in mentions}


@pytest.mark.parametrize("before", ["a new training strategy, dubbed ", "a regularizer termed ",
                                    'an algorithm referred to as "', "a scheme known as the "])
def test_a_lowercase_phrase_introduced_by_a_naming_word_is_worth_an_edge(before: str) -> None:
    text = f"T\n\nWe propose {before}proximal shifting, which provably works."
    start = text.index("proximal shifting")
    assert termhood("proximal shifting", text, start) >= EDGE_THRESHOLD
    assert termhood("proximal shifting", text.replace(before, "a "), start - len(before) + 2) < EDGE_THRESHOLD


@pytest.mark.parametrize("before", ['a learning algorithm, referred to as "', 'a signature, which we call "',
                                    "a method that we call ", "a prior we term "])
def test_a_phrase_the_authors_name_is_their_proposal(small_extractor, before: str) -> None:  # noqa: F811
    """Naming words before a new phrase, a quote between ('referred to as "model-free forward-forward
    training"'), make it the paper's own, while the same phrase merely used is not."""
    named = f'Title\n\nHere we tackle it with {before}proximal shifting{before[-1] if before[-1] == chr(34) else ""}.'
    used = "Title\n\nHere we tackle it with proximal shifting."
    for text, role in ((named, Role.PROPOSES), (used, Role.USES_METHOD)):
        mentions = run_with_ents(small_extractor, text, [("proximal shifting", "Method")])
        assert {m["text"]: m["role"] for m in mentions}["proximal shifting"] == str(role), text


def test_a_learned_span_cutting_through_a_known_term_gives_way_to_it(small_extractor) -> None:  # noqa: F811
    """"Supervised contrastive" of "supervised contrastive learning loss": the detector's boundary cut
    the known term, so the term is the mention, not the cut phrase."""
    text = "We train with supervised contrastive learning here."
    mentions = run_with_ents(small_extractor, text, [("train with supervised contrastive", "Method")])
    assert [(m["text"], m["label"]) for m in mentions] == [("contrastive learning", "Contrastive Learning")]


def test_defining_a_vague_phrase_or_hardware_makes_no_entity(small_extractor) -> None:  # noqa: F811
    text = "T\n\nWe beat the state-of-the-art (SOTA) on graphics processing units (GPUs) using LoRA."
    components = {m.text: m.component for m in next(small_extractor.annotate([text]))}
    assert "kg_abbreviations" not in components.values()
    assert components["LoRA"] == "kg_vocabulary"


def test_a_known_dataset_with_its_year_is_one_mention_of_the_dataset(small_extractor) -> None:  # noqa: F811
    text = "T\n\nWe evaluate on ShapeNet 2015 and in 2021 on ShapeNet."
    mentions = [(m.text, m.label) for m in next(small_extractor.annotate([text]))]
    assert mentions == [("ShapeNet 2015", "ShapeNet"), ("ShapeNet", "ShapeNet")]


def test_the_names_of_the_hardware_a_paper_ran_on_are_not_entities(small_extractor) -> None:  # noqa: F811
    text = "T\n\nOn an NVIDIA TITAN XP GPU, MegaNet is 3 times faster than PowerInfer on 8 GPUs."
    texts = {m.text for m in next(small_extractor.annotate([text]))}
    assert texts == {"MegaNet", "PowerInfer"}


def test_a_mixed_case_name_written_in_capitals_is_the_known_name(small_extractor) -> None:  # noqa: F811
    text = "T\n\nWe evaluate on SHAPENET and on ShapeNet, and fine-tune MOE layers."
    mentions = [(m.text, m.label) for m in next(small_extractor.annotate([text]))]
    assert ("SHAPENET", "ShapeNet") in mentions
    assert small_extractor.vocabulary.lookup("SHAPENET").label == "ShapeNet"
    assert small_extractor.vocabulary.lookup("Shapenet") is None


@pytest.mark.parametrize("verb", ["analyzing", "involving", "modifying", "accelerating"])
def test_a_learned_span_loses_a_gerund_of_the_sentence(small_extractor, verb: str) -> None:  # noqa: F811
    mentions = run_with_ents(small_extractor, f"A study {verb} spectral dynamics of nets.",
                             [(f"{verb} spectral dynamics", "Concept")])
    assert [m["text"] for m in mentions] == ["spectral dynamics"]


@pytest.mark.parametrize("adjective", ["lower", "poor", "minimal", "rigorous", "default"])
def test_a_phrase_led_by_a_comparative_or_everyday_adjective_is_a_description(adjective: str) -> None:
    text = f"T\n\nThis gives {adjective} training loss."
    start = text.index(adjective)
    assert termhood(f"{adjective} training loss", text, start) < EDGE_THRESHOLD


@pytest.mark.parametrize("sentence", ["We proposed ZetaNet for shapes.", "We developed ZetaNet for shapes.",
                                      "We address this by introducing ZetaNet for shapes."])
def test_past_tense_and_by_introducing_cues_mark_the_contribution(small_extractor, sentence: str) -> None:  # noqa: F811
    roles = {m["text"]: m["role"] for m in run_with_ents(small_extractor, f"Fast shapes\n\n{sentence}", [])}
    assert roles["ZetaNet"] == str(Role.PROPOSES)


def test_the_sizes_of_a_proposed_model_are_proposed_too(small_extractor) -> None:  # noqa: F811
    text = "Fast shapes\n\nWe propose ZetaNet. ZetaNet-T beats OmegaNet-T, and ZetaNet-XL beats OmegaNet."
    roles = {m["text"]: m["role"] for m in run_with_ents(small_extractor, text, [])}
    assert roles["ZetaNet-T"] == roles["ZetaNet-XL"] == str(Role.PROPOSES)
    assert roles["OmegaNet-T"] != str(Role.PROPOSES)


@pytest.mark.parametrize(("name", "kind"), [("ZetaNet-B0", "Method"), ("ZetaNet-30B", "Method"),
                                            ("ZetaSet-1K", "Dataset"), ("ZetaSet-200", "Dataset")])
def test_a_name_with_a_model_size_is_a_model(small_extractor, name: str, kind: str) -> None:  # noqa: F811
    """The detector labels many names Dataset; a size suffix says model, a plain number does not."""
    text = f"Shapes\n\nResults on {name} are good."
    mentions = run_with_ents(small_extractor, text, [(name, "Dataset")])
    assert {m["text"]: m["type"] for m in mentions}[name] == kind


@pytest.mark.parametrize(("sentence", "kind"), [
    ("It runs 2.7 times faster than ZorbInfer, respectively.", "Method"),   # compared with
    ("We train agents on Atari games with ZorbInfer blocks.", "Method"),    # used
    ("Results on ZorbInfer are good.", "Dataset"),                          # evaluated on
    ("Experiments on CIFAR-10/100, ZorbInfer and more hold.", "Dataset"),   # one of a list evaluated on
    ("We release ZorbInfer with 10K annotated videos.", "Dataset"),         # a word for data
])
def test_a_coined_name_the_detector_calls_a_dataset_needs_a_sign_of_data(
        small_extractor, sentence: str, kind: str) -> None:  # noqa: F811
    """The detector types many coined names Dataset; without a data word or an "on ..." list around it
    the name is a method, whichever rule found it (a name pattern, or the detector's own span)."""
    text = f"A title\n\n{sentence}"
    for found_by_pattern in (True, False):
        surface = "ZorbInfer" if found_by_pattern else "ZorbInfer-like"
        if not found_by_pattern:
            text = text.replace("ZorbInfer", surface)
        mentions = run_with_ents(small_extractor, text, [(surface, "Dataset")])
        assert {m["text"]: m["type"] for m in mentions}[surface] == kind, surface


@pytest.mark.parametrize(("title", "phrase", "kind"), [
    ("Masked Completion via Structured Zorbing with Transformers", "Structured Zorbing", "Method"),
    ("Zorb-Softmax: Towards Secure LLM Inference over Encrypted Data", "Encrypted Data", "Concept"),
])
def test_a_title_phrase_the_detector_calls_a_dataset_needs_a_sign_of_data(
        small_extractor, title: str, phrase: str, kind: str) -> None:  # noqa: F811
    """A title phrase the abstract repeats: typed as the detector typed the same span, unless it is a
    Dataset that nothing says is data."""
    text = f"{title}\n\nOur scheme computes {phrase.lower()} fast."
    mentions = run_with_ents(small_extractor, text, [(phrase, "Dataset")])
    assert {m["text"]: m["type"] for m in mentions}[phrase] == kind


@pytest.mark.parametrize("sentence", ["We fine-tune spectral adapters here.",
                                      "Then we further distill spectral adapters."])
def test_a_learned_span_loses_the_verb_after_we(small_extractor, sentence: str) -> None:  # noqa: F811
    verb_phrase = sentence.split(" spectral")[0].split()[-1] + " spectral adapters"
    mentions = run_with_ents(small_extractor, sentence, [(verb_phrase, "Task")])
    assert [m["text"] for m in mentions] == ["spectral adapters"]


@pytest.mark.parametrize(("title", "proposed"), [
    ("Gated Transformers for Shape Matching", "Gated Transformers"),
    ("Efficient Transformers for Shape Matching", None),  # an evaluative word, not a kind
    ("Scaling Transformers for Shape Matching", None),  # a verb, not a kind
])
def test_a_title_opening_with_a_new_kind_of_a_known_method_proposes_it(small_extractor, title: str,  # noqa: F811
                                                                        proposed: str | None) -> None:
    (mentions,) = small_extractor.annotate([title + "\n\nWe match shapes with a Transformer."])
    leading = [m.text for m in mentions if m.role is Role.PROPOSES and m.start == 0]
    assert leading[:1] == ([proposed] if proposed else [])
    if proposed:
        assert "Transformers" in {m.text for m in mentions if m.start < len(title)}  # the known term stays


@pytest.mark.parametrize(("text", "not_proposed"), [
    ("We propose ZetaNet, a spectral shape matcher for meshes.", "spectral shape matcher"),
    ("We propose a GammaNet training protocol for meshes.", "GammaNet"),
    ("Recent work proposed OmegaNet for meshes.", "OmegaNet"),
])
def test_descriptions_parts_and_others_work_are_not_proposals(small_extractor, text: str,  # noqa: F811
                                                              not_proposed: str) -> None:
    ents = [("spectral shape matcher", "Method")] if "matcher" in text else \
        [("GammaNet training protocol", "Method")] if "protocol" in text else []
    roles = {m["text"]: m["role"] for m in run_with_ents(small_extractor, f"Meshes\n\n{text}", ents)}
    assert roles[not_proposed] != str(Role.PROPOSES)


def test_a_title_name_that_only_qualifies_what_follows_is_not_the_proposal(small_extractor) -> None:  # noqa: F811
    title = "ZetaNet: Rectifying Images by DoF-based Curriculum Learning"
    roles = {m["text"]: m["role"] for m in run_with_ents(small_extractor, title + "\n\nWe rectify images.", [])}
    assert roles["ZetaNet"] == str(Role.PROPOSES)
    assert roles.get("DoF") != str(Role.PROPOSES)
    assert roles.get("DoF-based Curriculum Learning") != str(Role.PROPOSES)  # the title's name is the proposal


def test_a_propose_cue_takes_the_whole_capitalised_name(small_extractor) -> None:  # noqa: F811
    (mentions,) = small_extractor.annotate(["Poses\n\nWe propose Learnable SMPLify, a neural framework for poses."])
    proposed = {m.text for m in mentions if m.role is Role.PROPOSES}
    assert "Learnable SMPLify" in proposed and "Learnable" not in proposed


def test_a_name_described_as_a_technique_is_a_method_whatever_the_detector_said(small_extractor) -> None:  # noqa: F811
    text = "A title\n\nWe introduce the Orbit Basis, a tractable technique to obtain a representation."
    mentions = run_with_ents(small_extractor, text, [("Orbit Basis", "Dataset")])
    (mention,) = [m for m in mentions if m["text"] == "Orbit Basis"]
    assert mention["type"] == "Method" and mention["role"] == "proposes"


@pytest.mark.parametrize("text", [
    "A title\n\nOur model generalizes to unseen ShapeNet and ZorbCars.",
    "A title\n\nWe validate on ZorbCars, ShapeNet and shifted versions of it.",
])
def test_a_new_name_listed_with_a_dataset_is_a_dataset(small_extractor, text: str) -> None:  # noqa: F811
    (mentions,) = small_extractor.annotate([text])
    assert {m.text: m.type for m in mentions}["ZorbCars"] is EntityType.DATASET


def test_a_new_name_listed_with_a_method_stays_a_method(small_extractor) -> None:  # noqa: F811
    (mentions,) = small_extractor.annotate(["A title\n\nWe compare ZorbCars and Transformer on ShapeNet."])
    assert {m.text: m.type for m in mentions}["ZorbCars"] is EntityType.METHOD


def test_a_learned_span_ends_before_a_bracket_it_does_not_define(small_extractor) -> None:  # noqa: F811
    """The bracket's words are free for other rules: "question (like transformers)" holds a known term."""
    text = "A title\n\nWe model the system in question (like transformers) well."
    mentions = run_with_ents(small_extractor, text, [("question (like transformers)", "Task")])
    assert "transformer" in {m["entity_key"] for m in mentions}
    assert "question (like transformers)" not in {m["text"] for m in mentions}


def test_known_datasets_run_together_are_a_list_not_one_name(small_extractor) -> None:  # noqa: F811
    text = "A title\n\nIt holds on datasets such as ShapeNet Atari 2600, and more."
    mentions = run_with_ents(small_extractor, text, [("ShapeNet Atari 2600", "Metric")])
    assert {m["text"] for m in mentions} == {"ShapeNet", "Atari 2600"}


def test_a_multiword_new_name_listed_with_a_dataset_is_a_dataset(small_extractor) -> None:  # noqa: F811
    text = "A title\n\nWe evaluate on ShapeNet, QZX KVB, and more."
    mentions = run_with_ents(small_extractor, text, [("QZX KVB", "Metric")])
    assert {m["text"]: m["type"] for m in mentions}["QZX KVB"] == "Dataset"


@pytest.mark.parametrize("cue", ["With this new", "Experiments show that the proposed"])
def test_this_new_and_the_proposed_name_the_papers_own(small_extractor, cue: str) -> None:  # noqa: F811
    text = f"A title\n\nWe decompose kernels. {cue} banded kernel mixer works well."
    mentions = run_with_ents(small_extractor, text, [("banded kernel mixer", "Method")])
    assert {m["text"]: m["role"] for m in mentions}["banded kernel mixer"] == "proposes"


def test_the_named_parts_of_a_proposal_are_proposed(small_extractor) -> None:  # noqa: F811
    text = ("ZetaNet: Patching for Forecasting\n\nZetaNet consists of two modules, namely a Gated Patch Mixer (GPM) "
            "and an Adaptive Patch Encoder (APE) that uses LoRA.")
    (mentions,) = small_extractor.annotate([text])
    roles = {m.text: m.role for m in mentions}
    assert roles["Adaptive Patch Encoder (APE)"] is Role.PROPOSES
    assert roles["LoRA"] is not Role.PROPOSES  # a known method the part uses is not a part


def test_a_title_span_ends_before_the_titles_verb(small_extractor) -> None:  # noqa: F811
    title = "Gated Label Smoothing Prevents Memorization of Noisy Labels"
    mentions = run_with_ents(small_extractor, title + "\n\nWe study noise.", [(title, "Method")])
    assert "Gated Label Smoothing" in {m["text"] for m in mentions}


def test_latex_powers_of_symbols_are_formulas_but_a_numbered_power_is_a_name() -> None:
    assert [is_name(t) for t in ("KQ^top", "W^T", "BT^2", "ResNet")] == [False, False, True, True]


def test_a_known_dataset_with_a_number_is_a_dataset(small_extractor) -> None:  # noqa: F811
    (mentions,) = small_extractor.annotate(["A title\n\nWe also report results on ShapeNet55 for completeness."])
    assert {m.text: m.type for m in mentions}["ShapeNet55"] is EntityType.DATASET


@pytest.mark.parametrize(("title", "phrase"), [
    ("MatNet: Nested Transformers for Elastic Inference", "Elastic Inference"),
    ("BatchNet: Sample Relationships for Robust Representation Learning", "Representation Learning"),
    # an adjective that names a kind stays: only praise ("Robust") is dropped
    ("Interpreting Black-box Models for High Dimensional Datasets", "High Dimensional Datasets"),
    ("Scaling Laws for Large Language Models", "Large Language Models"),
    ("A Solver for Partial Differential Equations", "Partial Differential Equations"),
    ("Operator Connects Networks for Full Context Interaction", "Full Context Interaction"),
    ("Adapting Models via Low Rank Updates", "Low Rank Updates"),
    ("Depth Priors for Novel View Synthesis", "Novel View Synthesis"),
    # an intensifier goes with the praise
    ("Adding Gradient Noise Improves Learning for Very Deep Networks", "Deep Networks"),
    # how the title says the paper works
    ("Masked Completion via Structured Diffusion with White-Box Transformers", "Structured Diffusion"),
    ("Out-of-domain GAN inversion via Invertibility Decomposition", "Invertibility Decomposition"),
])
def test_what_a_title_is_for_or_works_by_is_a_title_phrase_even_unrepeated(title: str, phrase: str) -> None:
    text = title + "\n\nWe nest transformers of several sizes."
    assert phrase in [text[s:e] for s, e in title_phrases(text)]


def test_a_gerund_after_for_is_not_a_title_phrase() -> None:
    text = "OpNet: Learning Operators for Identifying Differential Equations\n\nWe learn operators."
    assert title_phrases(text) == []


def _confidence(mentions: list[dict], surface: str) -> float:
    return next(m["confidence"] for m in mentions if m["text"] == surface)


def test_a_phrase_listed_with_a_known_term_is_worth_an_edge(small_extractor) -> None:  # noqa: F811
    text = "A title\n\nWe compare the Transformer, sparse mixers and gated state spaces on long inputs."
    alone = run_with_ents(small_extractor, "A title\n\nWe compare sparse mixers on long inputs.",
                          [("sparse mixers", "Method")])
    assert _confidence(alone, "sparse mixers") < EDGE_THRESHOLD  # the detector's phrase alone: no edge
    listed = run_with_ents(small_extractor, text, [("sparse mixers", "Method"), ("gated state spaces", "Method")])
    assert _confidence(listed, "sparse mixers") >= EDGE_THRESHOLD
    assert _confidence(listed, "gated state spaces") >= EDGE_THRESHOLD


def test_two_items_or_an_adjective_are_no_list_that_vouches(small_extractor) -> None:  # noqa: F811
    pair = run_with_ents(small_extractor, "A title\n\nWe compare the Transformer and sparse mixers on long inputs.",
                         [("sparse mixers", "Method")])
    assert _confidence(pair, "sparse mixers") < EDGE_THRESHOLD
    text = "A title\n\nWe put a shallow, gated state spaces and the Transformer together."
    adjective = run_with_ents(small_extractor, text, [("shallow", "Method"), ("gated state spaces", "Method")])
    assert _confidence(adjective, "shallow") < EDGE_THRESHOLD


def test_a_known_architectures_layer_is_the_architecture(small_extractor) -> None:  # noqa: F811
    (mentions,) = small_extractor.annotate(["A title\n\nWe stack a Transformer layer on a softmax layer."])
    labels = {m.text: m.label for m in mentions}
    assert labels["Transformer"] == "Transformer" and "Transformer layer" not in labels
    assert labels["softmax layer"] == "softmax layer"  # a layer of a known function is a kind of layer


def test_a_short_form_of_two_words_is_found_where_the_text_uses_it(small_extractor) -> None:  # noqa: F811
    text = ("A title\n\nWe develop representation group flow (RG flow) to track signals. "
            "We explain how RG flow leads to universal behavior.")
    (mentions,) = small_extractor.annotate([text])
    later = [m for m in mentions if m.start > text.index("We explain")]
    assert [(m.text, m.label) for m in later if "RG" in m.text] == [("RG flow", "representation group flow")]


def test_an_edition_of_a_known_dataset_also_mentions_the_dataset(small_extractor) -> None:  # noqa: F811
    (mentions,) = small_extractor.annotate(["A title\n\nWe also report results on ShapeNet55 for completeness."])
    found = {(m.text, m.label, m.type) for m in mentions}
    assert ("ShapeNet55", "ShapeNet55", EntityType.DATASET) in found
    assert ("ShapeNet", "ShapeNet", EntityType.DATASET) in found


def test_a_name_coined_after_the_proposal_is_proposed_too(small_extractor) -> None:  # noqa: F811
    text = ("MatFormer: Nested Transformer for Elastic Inference\n\nWe propose MatFormer, a nested architecture. "
            "A decoder-only MatFormer language model (MatLM) yields smaller models. "
            "We compare with a Gated Linear Network (GLN).")
    (mentions,) = small_extractor.annotate([text])
    roles = {m.text: m.role for m in mentions}
    assert roles["MatFormer language model (MatLM)"] is Role.PROPOSES
    assert roles["Gated Linear Network (GLN)"] is not Role.PROPOSES  # a definition not named after it


def test_a_new_method_after_a_titles_via_is_the_proposal_unless_the_title_names_one(small_extractor) -> None:  # noqa: F811
    def roles(text: str) -> dict:
        (mentions,) = small_extractor.annotate([text])
        return {m.text: m.role for m in mentions}

    plain = roles("Masked Completion via Structured Diffusion\n\nWe complete masked images with Structured Diffusion.")
    assert plain["Structured Diffusion"] is Role.PROPOSES
    named = roles("ECON: Clothed Humans via Normal Integration\n\nResults of ECON rely on Normal Integration.")
    assert named.get("Normal Integration") is not Role.PROPOSES


def test_a_lowercase_phrase_introduced_as_a_name_is_an_entity(small_extractor) -> None:  # noqa: F811
    text = ("A title\n\nUpdating the gallery costs much. This process is known as backfilling and is slow. "
            "Unseen classes give what is known as the open set problem. It was known as early as 1990.")
    (mentions,) = small_extractor.annotate([text])
    found = {m.text: m.confidence for m in mentions}
    assert found["backfilling"] >= EDGE_THRESHOLD and found["open set problem"] >= EDGE_THRESHOLD
    assert "early" not in found  # a word that is no noun is no name, whatever precedes it


def test_phrases_a_method_container_names_are_entities(small_extractor) -> None:  # noqa: F811
    """"the methods of X and Y" names two methods; "the method of choice" names none."""
    text = ("A title\n\nWe develop the methods of feature reuse and forward parallelization to scale up. "
            "It is the method of choice.")
    (mentions,) = small_extractor.annotate([text])
    found = {m.text: m.confidence for m in mentions}
    assert found.get("feature reuse", 0) >= EDGE_THRESHOLD and found.get("forward parallelization", 0) >= EDGE_THRESHOLD
    assert "choice" not in found


def test_a_new_phrase_after_a_titles_name_and_article_is_a_name_of_the_proposal(small_extractor) -> None:  # noqa: F811
    """"NAISR: A 3D Neural Additive Model for ...": the phrase describes NAISR, it is no second entity."""
    text = ("NAISR: A 3D Neural Additive Model for Shape Representation\n\n"
            "We propose NAISR, a 3D neural additive model that represents shapes.")
    mentions = run_with_ents(small_extractor, text, [("3D Neural Additive Model", "Method")])
    keys = {m["text"]: m["entity_key"] for m in mentions}
    assert keys["3D Neural Additive Model"] == keys["NAISR"]
    known = "XNet: A Transformer for Vision\n\nWe propose XNet, a Transformer for images."
    labels = {m["text"]: m["label"] for m in run_with_ents(small_extractor, known, [])}
    assert labels["Transformer"] == "Transformer" and labels["XNet"] == "XNet"  # a known term stays itself


def test_places_and_organisations_are_no_entities(small_extractor) -> None:  # noqa: F811
    """Capitalised like names, but where the work was done: "IBM", "Saudi Arabia", "University of
    Frankfurt"; nor is a shouted "AND"."""
    text = ("A title\n\nData from IBM and NTHU, collected in Saudi Arabia and San Francisco by the University of "
            "Frankfurt AND France Telecom, trains LoRA.")
    mentions = run_with_ents(small_extractor, text, [("Saudi Arabia", "Dataset"), ("San Francisco", "Dataset")])
    assert [m["label"] for m in mentions if m["confidence"] >= EDGE_THRESHOLD] == ["Low-Rank Adaptation"]


def test_a_sentence_start_is_found_as_the_pattern_finds_it() -> None:
    """``at_sentence_start`` looks back over spaces only; it must agree with the pattern searched over
    the whole text before the span on every text, including Unicode spaces and a final line break."""
    import itertools

    from kg.extract.termhood import _SENTENCE_START, at_sentence_start

    characters = [".", "!", ":", " ", "\n", "\t", "a", "\u2003", "\r", ","]
    for length in range(6):
        for chars in itertools.product(characters, repeat=length):
            before = "".join(chars)
            assert at_sentence_start(before + "X", len(before)) == bool(_SENTENCE_START.search(before)), repr(before)


@pytest.mark.parametrize("text, span", [
    ("As we pre-train larger models, costs grow.", "pre-train"),
    ("Then they fine-tune the encoder on tables.", "fine-tune"),
    ("We also distill the teacher into a student.", "distill"),
])
def test_one_word_the_detector_finds_after_we_is_a_verb_not_a_name(small_extractor, text: str,  # noqa: F811
                                                                   span: str) -> None:
    """A single lowercase word straight after the subject "we"/"they" is the sentence's verb, whatever
    the detector made of it (none of SciERC's 5,312 train and dev spans has that shape)."""
    mentions = run_with_ents(small_extractor, text, [(span, "Dataset")])
    assert [m["text"] for m in mentions if m["text"] == span] == []


@pytest.mark.parametrize("text, span, name", [
    ("We obtain an Inception score of 9.46 on faces.", "Inception score of 9.46", "Inception score"),
    ("It reaches a reconstruction error = 0.51 at most.", "reconstruction error = 0.51", "reconstruction error"),
    ("It keeps a top-1 accuracy of 85.1% there.", "top-1 accuracy of 85.1%", "top-1 accuracy"),
])
def test_a_learned_span_ends_before_the_value_it_reports(small_extractor, text: str, span: str,  # noqa: F811
                                                          name: str) -> None:
    mentions = run_with_ents(small_extractor, text, [(span, "Metric")])
    assert name in {m["text"] for m in mentions}
    assert not any(any(c.isdigit() for c in m["text"].replace("top-1", "")) for m in mentions)


@pytest.mark.parametrize("cue", ["named", "called", "dubbed", "termed", "coined"])
def test_a_naming_cue_the_detector_took_in_is_not_part_of_the_name(small_extractor, cue: str) -> None:  # noqa: F811
    text = f"Our network, {cue} FooNet, respects permutations."
    mentions = run_with_ents(small_extractor, text, [(f"{cue} FooNet", "Method")])
    assert [m["label"] for m in mentions] == ["FooNet"]


def test_sota_before_a_learned_phrase_is_not_part_of_its_name(small_extractor) -> None:  # noqa: F811
    mentions = run_with_ents(small_extractor, "We learn SOTA image encoders from text.",
                             [("SOTA image encoders", "Method")])
    assert [m["label"] for m in mentions] == ["image encoder"]


@pytest.mark.parametrize("text, span, kind", [
    ("We study supervised contrastive learning for tables.", "supervised contrastive learning", EntityType.METHOD),
    ("Gains come from sparse fine-tuning alone.", "sparse fine-tuning", EntityType.METHOD),
    ("We address image retrieval with transformers.", "image retrieval with transformers", EntityType.TASK),
])
def test_a_learned_task_ending_in_a_known_method_is_that_kind_of_method(small_extractor, text: str,  # noqa: F811
                                                                        span: str, kind: EntityType) -> None:
    """The head names the kind: "stochastic gradient ascent" is a kind of gradient ascent, a method,
    whatever the detector called it; a phrase with a preposition ("X with transformers") keeps its type."""
    mentions = run_with_ents(small_extractor, text, [(span, "Task")])
    assert {m["text"]: m["type"] for m in mentions}[span] == kind


@pytest.mark.parametrize("text, name", [
    ("It outperforms the prior best method on the ISBI challenge for cell segmentation.", "ISBI"),
    ("We won the Foo3D competition by a large margin.", "Foo3D"),
    ("We evaluate our model on the ScanQA dataset and find it robust.", "ScanQA"),
    ("The BraTS challenge consists of a segmentation task.", "BraTS"),
])
def test_a_name_a_dataset_cue_follows_is_a_dataset_whatever_the_detector_says(small_extractor,  # noqa: F811
                                                                              text: str, name: str) -> None:
    """"The ISBI challenge" names an evaluation, like "the ScanQA dataset": the cue outranks the
    detector's label for the same span (U-Net's abstract made ISBI a method)."""
    mentions = run_with_ents(small_extractor, text, [(name, "Method")])
    assert {m["text"]: m["type"] for m in mentions}[name] == EntityType.DATASET
    assert not any(m["label"].startswith("The ") for m in mentions)  # a sentence's "The" is no part of it


@pytest.mark.parametrize("text, proposed", [
    ("Cheap Tricks\n\nWe show that a simple method called contrastive learning suffices.", True),
    ("Cheap Tricks\n\nWe term it a method dubbed Contrastive Learning, and test it.", True),
    ("Cheap Tricks\n\nA popular technique called contrastive learning is used here.", False),
    ("Cheap Tricks\n\nUnlike prior work with a method called contrastive learning, we train less.", False),
    ("Cheap Tricks\n\nWe show that contrastive learning suffices.", False),
    ("Cheap Tricks\n\nWe study a mechanism termed contrastive learning (Smith et al., 2020).", False),
    ("Cheap Tricks\n\nWe term this decentralized approach contrastive learning and test it.", True),
    ("Cheap Tricks\n\nWe call this quantity the margin and apply contrastive learning.", False),
])
def test_authors_naming_a_known_term_propose_it(small_extractor, text: str, proposed: bool) -> None:  # noqa: F811
    """The vocabulary holds famous proposals, so a term it knows can be the paper's own when the
    authors give it its name ("we ... a simple method called chain of thought prompting"); not when
    the sentence is about others' work (a citation says so too) or the authors do not speak."""
    (mentions,) = small_extractor.annotate([text])
    roles = {m.label: m.role for m in mentions}
    assert (roles["Contrastive Learning"] is Role.PROPOSES) is proposed
