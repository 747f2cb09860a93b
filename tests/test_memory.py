"""Actor merging from aggregated mentions: the same actors, mentions and keys as merging one dict per mention.

``actors.merge_mentions`` clusters each (key, type, spelling, how) once with its count and maps the results
back onto the mention rows with arrays, so that the corpus rebuild holds no Python object per mention. These
tests hold it to the per-mention algorithm it replaces (``reference_merge`` below, kept verbatim), on the seed
articles and on rows made to hit every tie that the order of mentions decides.
"""
from __future__ import annotations

import random
from collections import Counter, defaultdict

import pandas as pd
import pytest

from core import actors as actors_mod
from core.actors import (MENTION_ROW_FIELDS, count_mentions, fold, load_aliases, merge_actors, merge_mentions,
                         resolve_keys)
from core.corpus import build_tables, extract_articles, row_columns
from core.parse import parse_articles
from core.schema import frame


def reference_merge(mention_rows: list[dict]):
    """The per-mention merge (one dict per mention, copied twice) that ``merge_mentions`` replaced."""
    aliases = load_aliases()
    canon_of_alias = {c for c, _t in aliases.values()}
    mention_rows = [dict(r, local_key=r["key"]) for r in mention_rows]
    votes: dict[str, Counter] = defaultdict(Counter)
    for r in mention_rows:
        votes[fold(r["key"])][r["type"]] += 1
    rank = {"PERSON": 0, "ORG": 1, "GPE": 2}
    for r in mention_rows:
        r["type"] = min(votes[fold(r["key"])].most_common(), key=lambda tv: (-tv[1], rank.get(tv[0], 3)))[0]
    defined: dict[str, set] = defaultdict(set)
    for r in mention_rows:
        if r.get("how") in {"acronym", "known as"} and r["text"] != r["key"]:
            defined[r["text"]].add(r["key"])
    for r in mention_rows:
        if r["key"] in defined and len(defined[r["key"]]) == 1:
            r["key"] = next(iter(defined[r["key"]]))
    org_tails: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for k in {r["key"] for r in mention_rows if r["type"] == "ORG"}:
        words = fold(k).split()
        for n in range(1, len(words)):
            org_tails[tuple(words[-n:])].add(k)
    for r in mention_rows:
        if r["type"] == "PERSON" and len(fold(r["key"]).split()) >= 2:
            owner = org_tails.get(tuple(fold(r["key"]).split()), ())
            if len(owner) == 1:
                r["type"], r["key"] = "ORG", next(iter(owner))
    hows: dict[str, set] = defaultdict(set)
    for r in mention_rows:
        hows[r["key"]].add(r.get("how"))
    described = {k for k, h in hows.items() if h == {"description"}}
    keys: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for r in mention_rows:
        keys[(r["type"], r["key"])][r["text"]] += 1
    clusters: list[list[tuple[str, str]]] = []
    for type_ in sorted({t for t, _k in keys}):
        names = sorted((k for t, k in keys if t == type_),
                       key=lambda k: (-len(fold(k).split()), -sum(keys[(type_, k)].values()), k))
        clusters += [[(type_, k) for k in g] for g in actors_mod._cluster_names(type_, names, described)]
    key_map: dict[tuple[str, str], tuple[str, str, str]] = {}
    actors = []
    for cluster in clusters:
        counts = Counter()
        for tk in cluster:
            counts.update({tk[1]: sum(keys[tk].values())})
        listed = [k for _t, k in cluster if k in canon_of_alias]
        multiword = [k for k in counts if len(fold(k).split()) > 1] or list(counts)
        name = listed[0] if listed else max(multiword, key=lambda k: (counts[k], len(k)))
        type_ = cluster[0][0]
        aid = actors_mod.actor_id(name, type_)
        for tk in cluster:
            key_map[tk] = (aid, name, type_)
        actors.append({"actor_id": aid, "name": name, "type": type_})
    out_mentions = []
    per_actor = defaultdict(lambda: {"variants": Counter(), "roles": Counter(), "articles": set(), "n": 0})
    for r in mention_rows:
        aid, name, type_ = key_map[(r["type"], r["key"])]
        out_mentions.append({**r, "actor_id": aid, "name": name})
        acc = per_actor[aid]
        acc["variants"][r["text"]] += 1
        if r.get("role"):
            acc["roles"][r["role"]] += 1
        acc["articles"].add(r["article_id"])
        acc["n"] += 1
    for a in actors:
        acc = per_actor[a["actor_id"]]
        a["variants"] = "|".join(v for v, _n in acc["variants"].most_common())
        a["role"] = acc["roles"].most_common(1)[0][0] if acc["roles"] else ""
        a["n_mentions"] = acc["n"]
        a["n_articles"] = len(acc["articles"])
    by_key = {}
    for r in mention_rows:
        by_key[(r["article_id"], r["key"])] = by_key[(r["article_id"], r["local_key"])] = key_map[(r["type"], r["key"])][:2]
    for (type_, k), (aid, name, _t) in key_map.items():
        by_key.setdefault(("*", k), (aid, name))
    return actors, out_mentions, by_key


def assert_same_merge(rows: list[dict]) -> None:
    """``merge_actors`` (through ``merge_mentions``) gives what ``reference_merge`` gives, as tables and keys."""
    ref_actors, ref_mentions, ref_by_key = reference_merge(rows)
    got_actors, got_mentions, got_by_key = merge_actors(rows)
    pd.testing.assert_frame_equal(pd.DataFrame(got_actors).astype(actors_mod.ACTOR_COLUMNS),
                                  frame(ref_actors, actors_mod.ACTOR_COLUMNS))
    pd.testing.assert_frame_equal(pd.DataFrame(got_mentions).astype(actors_mod.MENTION_COLUMNS),
                                  frame(ref_mentions, actors_mod.MENTION_COLUMNS))
    assert got_by_key == ref_by_key


FULL = "Disaster and Emergency Management Authority"


def mention(article: str, text: str, key: str, type_: str, how: str = "ner", role: str = "") -> dict:
    return {"article_id": article, "sentence_id": 0, "start_char": 0, "end_char": len(text), "text": text,
            "key": key, "type": type_, "role": role, "how": how}


TIES = [
    # a type vote tied between two types of one rank: the type mentioned first wins
    mention("a", "Donbas", "Donbas", "LOC"), mention("b", "Donbas", "Donbas", "NORP"),
    mention("c", "Donbas", "Donbas", "NORP"), mention("c", "Donbas", "Donbas", "LOC"),
    # spellings and roles used equally often: listed in order of first mention, across the keys of one actor
    mention("a", "Zelenskyy", "Volodymyr Zelenskyy", "PERSON", "surname", "president"),
    mention("b", "Zelensky", "Volodymyr Zelensky", "PERSON", "surname", "leader"),
    mention("b", "Volodymyr Zelensky", "Volodymyr Zelensky", "PERSON", "ner", "leader"),
    mention("c", "Volodymyr Zelenskyy", "Volodymyr Zelenskyy", "PERSON", "ner", "president"),
    # an acronym defined in one article stands for its organisation in another; a tail of it called a person
    mention("a", "Disaster and Emergency Management Authority", "Disaster and Emergency Management Authority",
            "ORG", "acronym"),
    mention("a", "AFAD", "Disaster and Emergency Management Authority", "ORG", "acronym"),
    mention("b", "AFAD", "AFAD", "ORG"),
    mention("b", "Management Authority", "Management Authority", "PERSON"),
    # in article d, "AFAD" (mentioned last) and the full name resolve to the same key
    mention("d", "Disaster and Emergency Management Authority", "Disaster and Emergency Management Authority",
            "ORG"),
    mention("d", "AFAD", "AFAD", "GPE"),
    mention("e", "the agency", "the agency", "ORG", "description"),
    mention("e", "the agency", "the agency", "ORG", None),
]


def test_merge_equals_the_per_mention_merge_where_the_order_of_mentions_decides():
    assert_same_merge(TIES)
    actors = {a["name"]: a for a in merge_actors(TIES)[0]}
    assert actors["Donbas"]["type"] == "LOC"
    zel = next(a for a in actors.values() if a["type"] == "PERSON")
    assert zel["variants"] == "Zelenskyy|Zelensky|Volodymyr Zelensky|Volodymyr Zelenskyy"
    assert zel["role"] == "president" and (zel["n_mentions"], zel["n_articles"]) == (4, 3)


@pytest.mark.parametrize("seed", range(5))
def test_merge_equals_the_per_mention_merge_in_any_order(seed):
    rows = [dict(r) for r in TIES * 3]
    random.Random(seed).shuffle(rows)
    assert_same_merge(rows)


def test_merge_equals_the_per_mention_merge_on_the_seed_articles(seed_articles, nlp):
    rows = [r for _last, tables in extract_articles(parse_articles([a for a in seed_articles if a.text.strip()], nlp))
            for r in tables["mentions"]]
    assert len(rows) > 100
    assert_same_merge(rows)


def test_no_mentions_give_empty_tables():
    merged = merge_mentions(frame([], MENTION_ROW_FIELDS))
    assert list(merged.actors.columns) == list(actors_mod.ACTOR_COLUMNS) and merged.actors.empty
    mentions = merged.mention_table(frame([], MENTION_ROW_FIELDS))
    assert list(mentions.columns) == list(actors_mod.MENTION_COLUMNS) and mentions.empty
    assert merged.anywhere == {}


def test_count_mentions_gives_each_combination_once_in_order_of_first_mention():
    rows = frame([mention("a", "Kim", "Kim Jong Un", "PERSON", "surname"), mention("b", "Kim", "Kim Jong Un", "PERSON", None),
                  mention("c", "Kim", "Kim Jong Un", "PERSON", "surname"), mention("c", "Seoul", "Seoul", "GPE")],
                 MENTION_ROW_FIELDS)
    assert count_mentions(rows) == [("Kim Jong Un", "PERSON", "Kim", "surname", 2),
                                    ("Kim Jong Un", "PERSON", "Kim", None, 1), ("Seoul", "GPE", "Seoul", "ner", 1)]


def test_resolve_keys_follows_definitions_and_organisation_tails():
    counts = count_mentions(frame(TIES, MENTION_ROW_FIELDS))
    resolved = resolve_keys(counts)
    full = "Disaster and Emergency Management Authority"
    assert resolved["AFAD"] == ("ORG", full)  # voted ORG (one each: ORG ranks before GPE), then defined
    assert resolved["Management Authority"] == ("ORG", full)
    assert resolved["the agency"] == ("ORG", "the agency")


def test_canonical_asks_the_article_then_the_corpus():
    merged = merge_mentions(frame(TIES, MENTION_ROW_FIELDS))
    aid = {a: i for i, a in zip(merged.actors["actor_id"], merged.actors["name"])}
    articles = pd.Series(["b", "z", "z", "a", "a", "d"], dtype="string")
    keys = pd.Series(["AFAD", "Volodymyr Zelensky", "Nobody", None, "", "AFAD"], dtype="string")
    ids, names = merged.canonical(articles, keys)
    full = "Disaster and Emergency Management Authority"
    assert list(names) == [full, "Volodymyr Zelenskyy", "Nobody", "", "", full]
    assert list(ids) == [aid[full], aid["Volodymyr Zelenskyy"], "", "", "", aid[full]]
    assert str(ids.dtype) == str(names.dtype) == "string"


def test_build_tables_reads_each_table_as_one_frame_and_attributes_claims_and_quotes():
    rows = {"mentions": TIES,
            "claims": [{"article_id": "b", "value": 1500.0, "claimant_key": "AFAD", "sentence": "AFAD said 1,500."},
                       {"article_id": "c", "value": 3.0, "claimant_key": None}],
            "quotes": [{"article_id": "c", "quote": "We will rebuild.", "speaker_key": "Volodymyr Zelenskyy"}],
            "sentences": [{"article_id": "a", "sentence_id": 0, "text": "AFAD said."}], "timeline": []}
    asked = []

    def read(table):
        asked.append(table)
        return frame(rows[table], row_columns(table))

    tables = build_tables([], read)
    # sentences and mentions (again) only after the comparison, which is built from the others
    assert asked == ["mentions", "claims", "quotes", "timeline", "sentences", "mentions"]
    assert list(tables) == ["articles", "sentences", "actors", "mentions", "claims", "quotes", "timeline",
                            "comparison", "disagreements"]
    assert list(tables["claims"]["claimant"]) == [FULL, ""]
    assert list(tables["quotes"]["speaker"]) == ["Volodymyr Zelenskyy"]
    assert len(tables["mentions"]) == len(TIES) and tables["mentions"]["actor_id"].notna().all()


SPLIT = [
    # "AFAD" is voted a place but defined as the authority's acronym: the authority's key under two types
    mention("a", FULL, FULL, "ORG", "acronym"), mention("a", "AFAD", FULL, "ORG", "acronym"),
    mention("b", "AFAD", "AFAD", "GPE"), mention("c", "AFAD", "AFAD", "GPE"),
    mention("d", FULL, FULL, "ORG"), mention("d", "AFAD", "AFAD", "GPE"),
]


def test_a_key_of_two_actors_is_the_first_actor_anywhere_and_the_last_mentioned_in_its_article():
    assert_same_merge(SPLIT)
    assert_same_merge(SPLIT[::-1])
    merged = merge_mentions(frame(SPLIT, MENTION_ROW_FIELDS))
    id_of = dict(zip(merged.actors["type"], merged.actors["actor_id"]))
    assert len(merged.actors) == 2 and set(id_of) == {"GPE", "ORG"}
    ids, _names = merged.canonical(pd.Series(["a", "d", "z"], dtype="string"), pd.Series([FULL] * 3, dtype="string"))
    assert list(ids) == [id_of["ORG"], id_of["GPE"], id_of["GPE"]]
