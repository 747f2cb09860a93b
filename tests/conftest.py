"""Shared fixtures: the spaCy model (loaded once) and the tables of the seed articles (extracted once)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# The property tests draw the same examples on every run, so that a run's result depends on the code only (a
# new random example that breaks a rule would otherwise fail some run at random). To search new examples, run
# with HYPOTHESIS_PROFILE=explore; a failure it finds is printed with its example: add it as a plain test.
settings.register_profile("fixed", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=400)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).parent / "data" / "gold"


@pytest.fixture(scope="session")
def nlp():
    from core.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def seed_articles():
    from core.ingest import read_articles

    return read_articles([SEEDS], manifest=SEEDS / "sources.csv")


@pytest.fixture(scope="session")
def seed_tables(seed_articles, nlp):
    """Every table of the five seed articles; tests must not modify these frames."""
    from core.corpus import extract_corpus

    return extract_corpus(seed_articles, nlp)


@pytest.fixture(scope="session")
def seed_file_of(seed_tables):
    """{article_id: file base name} for the seeds, so tests can name articles by file."""
    arts = seed_tables["articles"]
    return {a: Path(f).name for a, f in zip(arts["article_id"], arts["file"])}


@pytest.fixture
def parse(nlp):
    """parse(text, published="YYYY-MM-DD") → ParsedArticle of a text you write (all of it is body)."""
    from core.parse import parse_text

    def _parse(text: str, published: str = ""):
        return parse_text(text, nlp, published=published)

    return _parse


@pytest.fixture(scope="session")
def score_story(nlp, tmp_path_factory):
    """score_story(folder) → the evaluator's result for a story folder (articles, sources.csv, gold/)."""
    from core.corpus import extract_corpus
    from core.evaluate import score
    from core.export import write_tables
    from core.ingest import read_articles

    def _score(folder: Path) -> dict:
        tables = extract_corpus(read_articles([folder], manifest=folder / "sources.csv"), nlp)
        out = tmp_path_factory.mktemp(folder.name)
        write_tables(tables, out)
        return score(folder / "gold", out)

    return _score
