"""The benchmark: generated corpora, the ratios it prints, and a tiny run end to end."""
from __future__ import annotations

import re

from core.bench import LAST, SEEDS, make_corpus, ratio_lines
from core.ingest import read_articles


def test_generated_corpus_varies_names_numbers_dates_and_outlets(tmp_path):
    manifest = make_corpus(20, tmp_path / "c")
    articles = read_articles([tmp_path / "c"], manifest=manifest)
    assert len(articles) == 20 and len({a.article_id for a in articles}) == 20
    assert len({a.source for a in articles}) >= 10
    assert len({a.published for a in articles}) >= 5
    text = " ".join(a.text for a in articles)
    seed_text = " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    figures = lambda t: set(re.findall(r"\b\d{1,3}(?:,\d{3})+\b", t))
    assert figures(text) - figures(seed_text), "figures are changed"
    assert len({w for w in LAST if re.search(rf"\b{w}\b", text)}) >= 5, "people are changed"
    again = make_corpus(20, tmp_path / "d")
    assert again.read_text() == manifest.read_text()
    assert (tmp_path / "c" / "000007.txt").read_text() == (tmp_path / "d" / "000007.txt").read_text()


def test_ratio_lines_flag_missed_targets():
    def size(pipe, ingest, cold, warm, rss):
        return {"pipe_words_per_s": pipe, "ingest_words_per_s": ingest, "cold_s": cold, "warm_s": warm,
                "peak_rss_mb": rss, "load_s": 0.1}

    def page(change, switch=0.1, first=1.0):
        return {"filter_change_s": change, "page_switch_s": switch, "first_run_s": first,
                "new_filter_s": 2 * change, "back_filter_s": change / 2}
    results = {"seeds": size(1, 1, 1, 1, 100), "sizes": {
        10: size(100, 90, 10.0, 0.1, 400), 100: size(100, 70, 100.0, 4.0, 700)},
        "page": {"seeds": page(0.01), "top": page(0.05, 0.2, 1.5)}}
    text = "\n".join(ratio_lines(results))
    assert "throughput at 10: 0.90 [≥ 0.8] ok" in text
    assert "throughput at 100: 0.70 [≥ 0.8] MISSED" in text
    assert "cold / warm re-run at 10: 100× [≥ 50] ok" in text and "at 100: 25× [≥ 50] MISSED" in text
    assert "peak RSS at 100 / at 10: 1.75 [≤ 1.5] MISSED" in text
    assert "Numbers filter change at 100 / on the seeds: 5.00 [≤ 3] MISSED" in text
    assert "to filters not used before: 5.00 [≤ 3] MISSED; back to filters used before: 5.00" in text
    assert "page switch to Numbers at 100 / on the seeds: 2.00" in text
    assert "first run of the app (opening the store) at 100 / on the seeds: 1.50" in text


def test_tiny_bench_runs_and_prints_every_ratio(tmp_path, capsys):
    from core.__main__ import main

    assert main(["bench", "--sizes", "10,20", "--pipe-sample", "10", "--workdir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for line in ("full ingest / bare nlp.pipe throughput at 10:", "full ingest / bare nlp.pipe throughput at 20:",
                 "cold / warm re-run at 20:", "peak RSS at 20 / at 10:", "Numbers filter change at 20 / on the seeds:",
                 "to filters not used before:"):
        assert line in out, out
    assert (tmp_path / "corpus_20" / "manifest.csv").is_file()
