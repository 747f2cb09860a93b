"""Cross-source comparison on the seeds: the groups an analyst expects to see."""
from __future__ import annotations


def _files(df, seed_file_of):
    return sorted(seed_file_of[a][:3] for a in df["article_id"])


def test_troop_counts_form_one_group_and_containers_another(seed_tables):
    c = seed_tables["claims"]
    troops = c[(c["unit"] == "troops") & c["value"].notna()]
    containers = c[c["unit"] == "containers"]
    assert set(troops["value"]) == {1500, 10000, 12000}
    assert troops["group_id"].nunique() == 1
    assert containers["group_id"].nunique() == 1
    assert troops["group_id"].iloc[0] != containers["group_id"].iloc[0]
    assert troops["quantity"].iloc[0] == "North Korean troops"


def test_disagreements_show_troop_figures_with_claimants_per_source(seed_tables):
    d = seed_tables["disagreements"]
    row = d[d["quantity"] == "North Korean troops"].iloc[0]
    assert (row["min_value"], row["max_value"], row["ratio"], row["n_sources"]) == (1500, 12000, 8.0, 5)
    assert "10,000 — AFP (Volodymyr Zelenskyy)" in row["figures"]
    assert "12,000 — europenews.today (National Intelligence Service)" in row["figures"]
    assert "up to 12,000 — Report 002 (—)" in row["figures"]
    comp = seed_tables["comparison"]
    guardian = comp[(comp["quantity"] == "North Korean troops") & (comp["source"] == "The Guardian")].iloc[0]
    assert guardian["figures"] == "1,500; about 12,000"
    assert guardian["claimants"] == "National Intelligence Service; National Intelligence Service"


def _group_of(quotes, prefix):
    hits = quotes[quotes["quote"].str.startswith(prefix)]
    assert hits["group_id"].nunique() == 1, hits[["quote", "group_id"]]
    return quotes[quotes["group_id"] == hits["group_id"].iloc[0]]


def test_the_same_quote_across_outlets_is_one_group(seed_tables, seed_file_of):
    q = seed_tables["quotes"]
    condemn = _group_of(q, "We condemn North Korea")
    assert _files(condemn, seed_file_of) == ["003", "004"]
    assert set(condemn["speaker"]) == {"Kim Hong-kyun"} and condemn["speaker_agrees"].all()
    transported = _group_of(q, "North Korea transported its special forces")
    assert _files(transported, seed_file_of) == ["001", "004"]
    assert set(transported["speaker"]) == {"National Intelligence Service"}
    peskov = _group_of(q, "not directed against third countries")
    assert _files(peskov, seed_file_of) == ["002", "003"]
    fragment = peskov[peskov["quote"] == "not directed against third countries"].iloc[0]
    assert fragment["diff"] == "… not directed against third countries …"


def test_summons_of_the_ambassador_is_one_event_in_four_articles(seed_tables, seed_file_of):
    t = seed_tables["timeline"]
    summons = t[t["sentence"].str.contains("summoned the Russian ambassador") & (t["start"] == "2024-10-21")]
    event = t[t["event_id"].isin(summons["event_id"])]
    assert event["event_id"].nunique() == 1
    assert _files(event, seed_file_of) == ["000", "001", "003", "004"]
    assert not event["date_differs"].any()


def test_the_8_to_13_october_transport_is_one_event(seed_tables, seed_file_of):
    t = seed_tables["timeline"]
    transport = t[(t["start"] == "2024-10-08") & (t["end"] == "2024-10-13")]
    assert transport["event_id"].nunique() == 1
    assert _files(transport, seed_file_of) == ["000", "001", "004"]


def test_actor_profile_counts_per_source(seed_tables):
    from core.compare import actor_profile

    prof = actor_profile(seed_tables)
    peskov = prof[prof["name"] == "Dmitry Peskov"].set_index("source")
    assert set(peskov.index) == {"Report 002", "europenews.today", "The Guardian"}
    assert peskov.loc["europenews.today", "n_quotes"] == 2
    assert peskov.loc["The Guardian", "n_quotes"] == 1
    nis = prof[prof["name"] == "National Intelligence Service"]
    assert nis["n_claims"].sum() == 9
