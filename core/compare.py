"""Cross-source comparison: the same claimed quantity, quote and event across outlets, and where they differ.

``compare(tables)`` returns the tables with group columns added and two new tables:

- ``claims`` gains ``group_id`` (claims that count the same kind of thing: same unit and compatible counted
  phrase, whatever the figure), ``quantity`` (a readable label: "North Korean troops") and ``stance`` (what
  the sentence says of the figure: `present`, `planned`, `possible`, `reported`).
- ``quotes`` gains ``group_id``, ``diff`` and ``speaker_agrees`` (see ``core.quote_groups``).
- ``timeline`` gains ``event_id``, ``event_label`` and ``date_differs`` (see ``core.events``).

``comparison`` table (``COMPARISON_COLUMNS``), one row per (claim group, source):

| column | dtype | meaning |
| --- | --- | --- |
| group_id | string | the claim group |
| quantity | string | what is counted ("North Korean troops") |
| source | string | the outlet |
| article_id | string | the article (the first, if a source has several) |
| figures | string | the figures this source prints, as written with their qualifier ("about 12,000; 1,500") |
| claimants | string | who stands behind each figure, `; `-separated in the same order ("—" when nobody is named) |
| n_claims | Int64 | claims of the group in this source |
| min_value, max_value | Float64 | smallest and largest figure (range tops included) |
| sentences | string | the sentences behind the figures, ` ¶ `-separated |

``disagreements`` table (``DISAGREEMENT_COLUMNS``), one row per claim group whose sources print different
figures:

| column | dtype | meaning |
| --- | --- | --- |
| group_id, quantity | string | the group |
| n_sources | Int64 | sources that print a figure for it |
| n_figures | Int64 | distinct figures |
| min_value, max_value | Float64 | the spread |
| ratio | Float64 | max_value / min_value |
| figures | string | each figure with the sources and claimants behind it: "1,500 — AFP (National Intelligence Service); …" |

``actor_profile(tables)`` (``PROFILE_COLUMNS``): per actor and source, mentions, quotes and claims.

| column | dtype | meaning |
| --- | --- | --- |
| actor_id, name, type | string | the actor |
| source | string | the outlet |
| n_mentions, n_quotes, n_claims | Int64 | what this source has of the actor |
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict

import pandas as pd

from . import events, quote_groups
from .schema import frame
from .textsim import words

COMPARISON_COLUMNS = {
    "group_id": "string", "quantity": "string", "source": "string", "article_id": "string",
    "figures": "string", "claimants": "string", "n_claims": "Int64", "min_value": "Float64",
    "max_value": "Float64", "sentences": "string",
}
DISAGREEMENT_COLUMNS = {
    "group_id": "string", "quantity": "string", "n_sources": "Int64", "n_figures": "Int64",
    "min_value": "Float64", "max_value": "Float64", "ratio": "Float64", "figures": "string",
}
PROFILE_COLUMNS = {"actor_id": "string", "name": "string", "type": "string", "source": "string",
                   "n_mentions": "Int64", "n_quotes": "Int64", "n_claims": "Int64"}
QUALIFIER_WORDS = {"approx": "about ", "at_least": "at least ", "at_most": "up to "}
# What the sentence says of the figure; the first pattern that matches wins.
STANCES = [
    ("possible", re.compile(r"\b(could|may|might|would|possibly|potentially)\b", re.I)),
    ("planned", re.compile(r"\b(plan(s|ned)?|prepar(e|es|ed|ing)|expect(s|ed)?|will|intend(s|ed)?|set to|to be)\b", re.I)),
    ("present", re.compile(r"\b(already|arrived|stationed|deployed|sent|begun|began|transported|have been|has been|are (currently )?in|were)\b", re.I)),
]


# --- claims ------------------------------------------------------------------------------------------------

def descriptors(noun_phrase: str) -> frozenset[str]:
    """The proper modifiers of a counted phrase ("North Korean special forces soldiers" → {north, korean}):
    what tells one set of troops from another."""
    caps = re.findall(r"\b[A-Z][\w'’-]*", noun_phrase or "")
    return frozenset(w for c in caps for w in words(c))


def complement(noun_phrase: str) -> frozenset[str]:
    """The content of an "of" phrase ("containers of artillery shells" → {artillery, shells})."""
    m = re.search(r"\bof\s+(.+)$", noun_phrase or "")
    return frozenset(w for w in words(m[1]) if len(w) > 2) if m else frozenset()


# What happened to the people counted: figures of the dead and of the injured are different quantities.
OUTCOMES = [
    ("killed", re.compile(r"\b(kill\w*|dead|died|dies|death\w*|fatalit\w*|perish\w*|lost their lives|toll)\b", re.I)),
    ("injured", re.compile(r"\b(injur\w*|wound\w*|hurt)\b", re.I)),
    ("missing", re.compile(r"\bmissing\b", re.I)),
    ("displaced", re.compile(r"\b(displac\w*|homeless|evacuat\w*|tents?|shelters?|fled|flee\w*|refugees?)\b", re.I)),
    ("arrested", re.compile(r"\b(arrest\w*|detain\w*|custody)\b", re.I)),
    ("rescued", re.compile(r"\b(rescued|alive|saved)\b", re.I)),
    ("destroyed", re.compile(r"\b(destroy\w*|flatten\w*|razed|levelled|leveled|collapsed|burned down)\b", re.I)),
    ("damaged", re.compile(r"\bdamag\w*\b", re.I)),
    ("on alert", re.compile(r"\b(on alert|alerts?|on standby|warned to)\b", re.I)),
    ("aftershock", re.compile(r"\b(aftershocks?|tremors?)\b", re.I)),
]


@dataclasses.dataclass
class ClaimFeatures:
    """What tells one counted quantity from another, beyond its unit. Empty means "not said"."""
    descriptors: frozenset = frozenset()   # proper modifiers: {north, korean}
    complement: frozenset = frozenset()    # "of" phrase: {artillery, shells}
    outcome: str = ""                      # killed, injured, displaced, ...
    years: frozenset = frozenset()         # past years the clause dates the figure to ("in 2023")

    def compatible(self, other: ClaimFeatures) -> bool:
        """Missing information is compatible; contradicting information is not."""
        if self.descriptors and other.descriptors and not (self.descriptors & other.descriptors):
            return False
        if self.complement and other.complement and not (self.complement & other.complement):
            return False
        if self.outcome and other.outcome and self.outcome != other.outcome:
            return False
        if (self.outcome == "aftershock") != (other.outcome == "aftershock"):  # a tremor is not the main quake
            return False
        return self.years == other.years

    def merged(self, other: ClaimFeatures) -> ClaimFeatures:
        return ClaimFeatures(self.descriptors | other.descriptors, self.complement | other.complement,
                             self.outcome or other.outcome, self.years)

    @property
    def weight(self) -> int:
        return len(self.descriptors) + len(self.complement) + bool(self.outcome)


def claims_compatible(a: tuple, b: tuple) -> bool:
    """(descriptors, complement) of two claims of the same unit: do they count the same thing?"""
    return ClaimFeatures(*a).compatible(ClaimFeatures(*b))


CLAUSE_BREAK = re.compile(r"[,;:—–]\s|\b(?:and|but)\b")


def clause_of(sentence: str, text: str, *, previous: bool = False) -> str:
    """The words from the last clause break before the figure to the first one after it (with the clause
    before that too when ``previous``: "the earthquakes of February 2023, which killed 53,000 people")."""
    sentence = sentence or ""
    at = sentence.find(text) if text else -1
    if at < 0:
        return sentence
    before = CLAUSE_BREAK.split(sentence[:at])
    after = CLAUSE_BREAK.split(sentence[at + len(text):])[0]
    head = " ".join(before[-2:]) if previous else before[-1]
    return f"{head} {text} {after}"


def claim_features(noun_phrase: str, sentence: str, text: str, published_year: int | None) -> ClaimFeatures:
    clause = clause_of(sentence, text)
    context = f"{noun_phrase} {clause}"
    outcome = next((name for name, pattern in OUTCOMES if pattern.search(context)), "")
    # a figure dated to another year ("the earthquakes of February 2023, which killed ...", "last year's quake")
    # is another happening; "the deadliest since 2023" does not date the figure
    wide = clause_of(sentence, text, previous=True)
    years = {int(y) for y in re.findall(r"(?<!since )(?<!since the )\b(?:[A-Z][a-z]+ )?(19\d\d|20\d\d)\b", wide)
             if not re.search(rf"since (?:the )?(?:[A-Z][a-z]+ )?{y}\b", wide)}
    if published_year and re.search(r"\blast year'?s?\b", wide):
        years.add(published_year - 1)
    return ClaimFeatures(descriptors(noun_phrase), complement(noun_phrase), outcome, frozenset(years - {published_year}))


def group_claims(claims: pd.DataFrame, published_year: dict[str, int] | None = None) -> tuple[list[str], list[str]]:
    """(group_id, quantity) for each claim row: claims of one unit whose features agree share a group."""
    published_year = published_year or {}
    gid = [""] * len(claims)
    label = [""] * len(claims)
    units = claims["unit"].fillna("").tolist()
    phrases = claims["noun_phrase"].fillna("").tolist()
    feats = [claim_features(p, s, t, published_year.get(a)) for p, s, t, a in
             zip(phrases, claims["sentence"].fillna(""), claims["text"].fillna(""), claims["article_id"])]
    by_unit: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        by_unit[u].append(i)
    n = 0
    for unit, idx in sorted(by_unit.items()):
        clusters: list[tuple[list[int], ClaimFeatures]] = []
        # the most specific claims first, so that vaguer ones join a specific group
        for i in sorted(idx, key=lambda i: (-feats[i].weight, i)):
            for k, (members, f) in enumerate(clusters):
                if feats[i].compatible(f):
                    members.append(i)
                    clusters[k] = (members, f.merged(feats[i]))
                    break
            else:
                clusters.append(([i], feats[i]))
        for members, f in clusters:
            n += 1
            name = quantity_label(unit, [phrases[i] for i in members], f.outcome, f.years)
            for i in members:
                gid[i], label[i] = f"c{n}", name
    return gid, label


def quantity_label(unit: str, phrases: list[str], outcome: str = "", years: frozenset = frozenset()) -> str:
    """ "North Korean troops", "containers of artillery shells", "people killed", "people killed (2023)": the most
    common proper modifier run and "of" phrase of the group's counted phrases around the unit, then what
    happened to them and when, if the text says."""
    mods = Counter(m for p in phrases for m in re.findall(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*", p))
    ofs = Counter(m[1].strip() for p in phrases if (m := re.search(r"\bof\s+(.+)$", p)))
    label = unit or "(no unit)"
    if mods:
        label = f"{mods.most_common(1)[0][0]} {label}"
    if ofs:
        label = f"{label} of {ofs.most_common(1)[0][0]}"
    if outcome and outcome not in label:
        label = f"{label} ({outcome})" if outcome == "aftershock" else f"{label} {outcome}"
    if years:
        label = f"{label} ({', '.join(map(str, sorted(years)))})"
    return label


def stance(sentence: str, text: str = "") -> str:
    """What the clause around the figure says of it ("are currently in Russia acclimatizing, and are expected
    to ..." → present)."""
    clause = clause_of(sentence, text)
    for name, pattern in STANCES:
        if pattern.search(clause):
            return name
    return "reported"


def fmt_number(value: object) -> str:
    """1500 → "1,500"; 2.5 → "2.5"; missing → ""."""
    if value is None or value is pd.NA or pd.isna(value):
        return ""
    v = float(value)
    return f"{int(v):,}" if v.is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def figure_label(value: object, value_high: object, qualifier: object, text: object = "") -> str:
    """How a claimed number reads: "1,500", "about 1,500", "at least 13,000", "up to 12,000",
    "88,000–107,000"; a vague figure ("thousands") is shown as written."""
    q = "" if qualifier is None or qualifier is pd.NA or pd.isna(qualifier) else str(qualifier)
    low, high = fmt_number(value), fmt_number(value_high)
    if q == "vague" or not low:
        return "" if text is None or text is pd.NA or pd.isna(text) else str(text) or "?"
    if high and high != low:
        return f"{low}–{high}"
    return QUALIFIER_WORDS.get(q, "") + low


def comparison_tables(claims: pd.DataFrame, articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    source_of = dict(zip(articles["article_id"], articles["source"]))
    counted = claims[claims["value"].notna()].copy()
    counted["source"] = counted["article_id"].map(source_of)
    counted["figure"] = [figure_label(v, h, q, t) for v, h, q, t in
                         zip(counted["value"], counted["value_high"], counted["qualifier"], counted["text"])]
    counted["who"] = counted["claimant"].fillna("").replace("", "—")
    counted["top"] = counted["value_high"].fillna(counted["value"])
    comp, dis = [], []
    for (gid, source), g in counted.groupby(["group_id", "source"], sort=True):
        comp.append({
            "group_id": gid, "quantity": g["quantity"].iloc[0], "source": source, "article_id": g["article_id"].iloc[0],
            "figures": "; ".join(g["figure"]), "claimants": "; ".join(g["who"]), "n_claims": len(g),
            "min_value": g["value"].min(), "max_value": g["top"].max(), "sentences": " ¶ ".join(g["sentence"].fillna("")),
        })
    for gid, g in counted.groupby("group_id", sort=True):
        values = sorted(set(g["value"]) | set(g["top"]))
        if g["figure"].nunique() < 2 or len(values) < 2 or g["source"].nunique() < 2:
            continue
        parts = []
        for fig, f in g.groupby("figure", sort=False):
            backers = ", ".join(f"{s} ({w})" for s, w in dict.fromkeys(zip(f["source"], f["who"])))
            parts.append((f["value"].iloc[0], f"{fig} — {backers}"))
        dis.append({
            "group_id": gid, "quantity": g["quantity"].iloc[0], "n_sources": g["source"].nunique(),
            "n_figures": g["figure"].nunique(), "min_value": min(values), "max_value": max(values),
            "ratio": max(values) / min(values) if min(values) else None,
            "figures": " | ".join(p for _v, p in sorted(parts, key=lambda vp: vp[0])),
        })
    dis_df = frame(dis, DISAGREEMENT_COLUMNS)
    if len(dis_df):
        dis_df = dis_df.sort_values(["ratio", "n_sources"], ascending=False, ignore_index=True)
    return frame(comp, COMPARISON_COLUMNS), dis_df


# --- all together --------------------------------------------------------------------------------------------

def compare(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    out = dict(tables)
    claims = tables["claims"].copy()
    for col in ("unit", "noun_phrase", "sentence", "claimant", "qualifier", "text"):
        if col not in claims:
            claims[col] = pd.Series(pd.NA, index=claims.index, dtype="string")
    for col in ("value", "value_high"):
        if col not in claims:
            claims[col] = pd.Series(pd.NA, index=claims.index, dtype="Float64")
    years = {a: int(p[:4]) for a, p in zip(tables["articles"]["article_id"], tables["articles"]["published"].fillna(""))
             if p}
    gid, label = group_claims(claims, years)
    claims["group_id"] = pd.array(gid, dtype="string")
    claims["quantity"] = pd.array(label, dtype="string")
    claims["stance"] = pd.array([stance(s, t) for s, t in zip(claims["sentence"].fillna(""), claims["text"].fillna(""))],
                               dtype="string")
    out["claims"] = claims
    out["comparison"], out["disagreements"] = comparison_tables(claims, tables["articles"])
    out["quotes"] = quote_groups.group_quotes(tables["quotes"])
    out["timeline"] = events.group_events(tables["timeline"], tables["articles"])
    return out


def actor_profile(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per actor and source: mentions, quotes and claims attributed to them."""
    source_of = dict(zip(tables["articles"]["article_id"], tables["articles"]["source"]))
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for table, id_col, what in (("mentions", "actor_id", "n_mentions"), ("quotes", "speaker_id", "n_quotes"),
                                ("claims", "claimant_id", "n_claims")):
        df = tables[table]
        for aid, art in zip(df[id_col].fillna(""), df["article_id"]):
            if aid:
                counts[(aid, source_of.get(art, ""))][what] += 1
    actors = tables["actors"].set_index("actor_id")
    rows = [{"actor_id": aid, "name": actors.at[aid, "name"] if aid in actors.index else "",
             "type": actors.at[aid, "type"] if aid in actors.index else "", "source": src,
             "n_mentions": c["n_mentions"], "n_quotes": c["n_quotes"], "n_claims": c["n_claims"]}
            for (aid, src), c in sorted(counts.items())]
    return frame(rows, PROFILE_COLUMNS)
