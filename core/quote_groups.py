"""The same utterance printed by several outlets: quote groups, wording differences, speaker agreement.

``group_quotes(quotes)`` adds to the quotes table:

| column | dtype | meaning |
| --- | --- | --- |
| group_id | string | quotes of one utterance share it (`q1`, `q2`, … in order of first appearance) |
| diff | string | this quote's wording against the group's longest version, word by word: `[-word-]` is in the longest version but not here, `{+word+}` here but not there, `…` the longest version goes on; empty for the longest itself |
| speaker_agrees | boolean | every member of the group names the same speaker (or none) |

Two quotes are one utterance when one is a fragment of the other (at least two words, whole words, after
case, punctuation and British/American spelling are folded), when their texts are 85 % alike, or when two
longer quotes (five content words or more) share 60 % of their content words, as translations do. The most
alike pairs are joined first; within one article, quotes given to different speakers are never joined.
"""
from __future__ import annotations

import difflib
from collections import defaultdict

import pandas as pd
from rapidfuzz import fuzz

from .clustering import constrained_clusters
from .textsim import content_words, overlap, words

MIN_FRAGMENT_WORDS = 2
SIMILAR_TEXT = 85
MIN_CONTENT_FOR_OVERLAP = 5
CONTENT_OVERLAP = 0.6


def same_utterance(a: str, b: str) -> bool:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    short, long_ = sorted((wa, wb), key=len)
    if len(short) >= MIN_FRAGMENT_WORDS and f" {' '.join(short)} " in f" {' '.join(long_)} ":
        return True
    if fuzz.ratio(" ".join(wa), " ".join(wb)) >= SIMILAR_TEXT:
        return True
    ca, cb = content_words(a), content_words(b)
    return min(len(ca), len(cb)) >= MIN_CONTENT_FOR_OVERLAP and overlap(ca, cb) >= CONTENT_OVERLAP


def word_diff(text: str, longest: str) -> str:
    """``text`` against ``longest`` in word-diff markup; a fragment's missing head and tail become "…"."""
    a, b = text.split(), longest.split()
    key = lambda ws: [" ".join(words(w)) for w in ws]
    ops = difflib.SequenceMatcher(None, key(a), key(b), autojunk=False).get_opcodes()
    # a fragment: what the longest version says before and after it is elided, not marked as missing
    lead = ops and ops[0][0] == "insert"
    trail = len(ops) > 1 and ops[-1][0] == "insert"
    ops = ops[1 if lead else 0: len(ops) - 1 if trail else len(ops)]
    out = ["…"] if lead else []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            out.append(" ".join(a[i1:i2]))
            continue
        if j2 > j1:
            out.append("[-" + " ".join(b[j1:j2]) + "-]")
        if i2 > i1:
            out.append("{+" + " ".join(a[i1:i2]) + "+}")
    if trail:
        out.append("…")
    return " ".join(out)


def candidate_pairs(texts: list[str]) -> set[tuple[int, int]]:
    """Pairs of quotes that share a content word (or a word, for short ones): the only pairs worth comparing."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(texts):
        for w in content_words(t) or set(words(t)):
            index[w].append(i)
    pairs = set()
    for members in index.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pairs.add((members[x], members[y]))
    return pairs


def similarity(a: str, b: str) -> float:
    """How alike two quotes of one utterance are, to merge the closest first (1.0 for the same words)."""
    wa, wb = " ".join(words(a)), " ".join(words(b))
    return fuzz.ratio(wa, wb) / 100


def _merge_utterances(texts: list[str], articles: list[str], speakers: list[str]) -> list[int]:
    """The group root of each quote: pairs that are one utterance merge, most alike first, unless that puts
    two speakers of one article together (``constrained_clusters`` checks that on every merge).

    Wire copy repeats a quote word for word in hundreds of articles, and comparing every pair of them is
    quadratic. Quotes with the same words are alike (1.0) and merge before any other pair, so each set of them
    is one unit from the start (unless one article gives it to two speakers: then its quotes stay separate
    units); units are compared once per pair, at the place the first of their quote pairs would take, and a
    group keeps {article: speaker} so that checking a merge does not walk its members."""
    n = len(texts)
    by_words: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, t in enumerate(texts):
        by_words[tuple(words(t))].append(i)
    units: list[list[int]] = []
    for ws, rows in by_words.items():
        said: dict[str, str] = {}
        clash = any(speakers[i] and said.setdefault(articles[i], speakers[i]) != speakers[i] for i in rows)
        units += [[i] for i in rows] if (clash or not ws or len(rows) == 1) else [rows]
    rep = [u[0] for u in units]
    top = [max(u) for u in units]
    pairs = []
    for u, v in candidate_pairs([texts[i] for i in rep]):
        a, b = rep[u], rep[v]
        if same_utterance(texts[a], texts[b]):
            pairs.append(((similarity(texts[a], texts[b]), min(top[u], top[v]), max(top[u], top[v])), u, v))
    said = [{articles[i]: speakers[i] for i in rows if speakers[i]} for rows in units]
    root = constrained_clusters(said, sorted(pairs, reverse=True))
    row_root = [0] * n
    for u, rows in enumerate(units):
        for i in rows:
            row_root[i] = root[u]  # any label will do: groups are named by their first quote
    return row_root


def group_quotes(quotes: pd.DataFrame) -> pd.DataFrame:
    out = quotes.copy()
    n = len(out)
    texts = out["quote"].fillna("").tolist() if "quote" in out else [""] * n
    speakers = out["speaker"].fillna("").tolist() if "speaker" in out else [""] * n
    articles = out["article_id"].tolist() if "article_id" in out else [""] * n
    root = _merge_utterances(texts, articles, speakers)
    names: dict[int, str] = {}
    gid = []
    for i in range(n):
        names.setdefault(root[i], f"q{len(names) + 1}")
        gid.append(names[root[i]])
    members: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gid):
        members[g].append(i)
    diff, agrees = [""] * n, [True] * n
    for g, idx in members.items():
        longest = max(idx, key=lambda i: (len(texts[i]), -i))
        named = {speakers[i] for i in idx if speakers[i]}
        for i in idx:
            diff[i] = "" if i == longest else word_diff(texts[i], texts[longest])
            agrees[i] = len(named) <= 1
    out["group_id"] = pd.array(gid, dtype="string")
    out["diff"] = pd.array(diff, dtype="string")
    out["speaker_agrees"] = pd.array(agrees, dtype="boolean")
    return out
