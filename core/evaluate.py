"""Score the tables ``python -m core extract`` writes against a folder of hand-made gold annotations.

``score(gold_dir, pred_dir)`` returns a dict of figures and ``format_report(result)`` prints it one line per
table. The figures are the ones of the shared yardstick ``eval/score.py`` (same matching rules, same rounding,
same result keys), so an analyst can annotate a folder of their own articles and measure the product on it
without that script:

- claims: one-to-one on (article, value); among the matches, unit, qualifier and claimant are accuracies.
  Predicted claims with no numeric ``value`` (vague amounts) are not scored.
- quotes: one-to-one when the texts agree at 90 % or more after quote marks, case, spacing and trailing
  punctuation are set aside; a gold ``match=prefix`` quote needs only the predicted quote's opening to agree;
  gold ``kind=term`` rows (names in quotation marks) count neither way. Speakers are scored among the matches.
- timeline: the set of distinct (start, end) per article; gold alternatives are `|`-separated.
- people: per article, the PERSON actors mentioned, by canonical name.
- merge: for each gold actor of which two or more spellings were found, did they all get one ``actor_id``?
- metadata: published, headline, byline and outlet of each gold article.
- overall: the mean of claims F1, claimant accuracy, quotes F1, speaker accuracy, timeline F1, people F1,
  merge and metadata accuracy.

Gold folder (UTF-8 CSV with a header row; extra columns are ignored):

| file | columns |
| --- | --- |
| articles.csv | file (base name of the input file), published, headline, byline, outlet (empty = not scored) |
| claims.csv | file, value, unit, qualifier, claimant (`\\|` between acceptable claimants), evidence |
| quotes.csv | file, quote, speaker, kind (`term` = not a quote), match (`prefix`, optional) |
| dates.csv | file, start, end, granularity, example |
| actors.csv | canonical, type, variants (`\\|`-separated), files (`\\|`-separated file-name prefixes: `000`) |

A missing file or column raises ``InputError`` naming it.
"""
from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .ingest import InputError

EMPTY_NAMES = {"", "unattributed", "unknown", "none", "nan", "null", "n/a", "-"}
PERSON_TYPES = {"PERSON", "PER"}
METADATA_FIELDS = ("published", "headline", "byline", "outlet")
PRF_TABLES = ("claims", "quotes", "timeline", "people")
ACCURACY_KEYS = ("unit_acc", "qualifier_acc", "claimant_acc", "speaker_acc")
DETAIL_KEYS = ("missed", "spurious", "claimant_misses", "speaker_misses", "split", "misses")
SIMILAR = 0.9  # quotes and headlines
NAME_SIMILAR = 0.85

GOLD_REQUIRED = {
    "articles": ["file"],
    "claims": ["file", "value", "unit", "qualifier", "claimant"],
    "quotes": ["file", "quote", "speaker", "kind"],
    "dates": ["file", "start", "end", "granularity"],
    "actors": ["canonical", "type", "variants", "files"],
}
PRED_REQUIRED = {
    "articles": ["article_id", "file", "source", "published", "headline", "byline"],
    "claims": ["article_id", "value", "unit", "qualifier", "claimant"],
    "quotes": ["article_id", "quote", "speaker"],
    "timeline": ["article_id", "start", "end", "granularity"],
    "actors": ["actor_id", "name", "type"],
    "mentions": ["article_id", "actor_id", "text"],
}

Row = dict[str, str]


# --- reading -----------------------------------------------------------------------------------------------

def read_table(path: Path, required: list[str]) -> list[Row]:
    """The rows of a CSV file as dicts of strings; ``InputError`` when it or a required column is missing."""
    if not path.is_file():
        raise InputError(f"{path} is missing (expected a CSV file with columns {', '.join(required)})")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = [{k: v or "" for k, v in row.items() if k is not None} for row in reader]
            columns = reader.fieldnames or []
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path} cannot be read as a UTF-8 CSV file ({exc})") from exc
    missing = [c for c in required if c not in columns]
    if missing:
        raise InputError(f"{path} lacks column(s) {', '.join(missing)} (it has: {', '.join(columns) or 'none'})")
    return rows


# --- normalising text and names ----------------------------------------------------------------------------

def norm_text(text: str) -> str:
    """Quote text as compared: quote marks, case, spacing and trailing punctuation set aside."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.strip().strip('"').strip("'").strip()
    text = re.sub(r"\s+", " ", text)
    return text.rstrip(".,;:!? ").lower()


def norm_name(name: str) -> str:
    """A name as compared: accents, case, punctuation, a possessive and a leading "the" set aside."""
    name = unicodedata.normalize("NFKD", name or "")
    name = "".join(c for c in name if not unicodedata.combining(c)).replace("’", "'").lower()
    name = re.sub(r"'s\b", "", name)
    name = re.sub(r"[^a-z0-9 ]+", " ", name)
    name = re.sub(r"\s+", " ", name).strip()
    return re.sub(r"^the ", "", name)


def acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w not in {"of", "and", "for", "the"})


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def to_number(value: str) -> int | float | None:
    """``"1,500"`` / ``"1500.0"`` → 1500; None for anything that is not a finite number."""
    try:
        x = float(str(value).replace(",", "").strip())
    except ValueError:
        return None
    if x != x or x in (float("inf"), float("-inf")):
        return None
    return int(x) if x.is_integer() else x


def singular_unit(unit: str) -> str:
    unit = norm_name(unit)
    return unit[:-1] if unit.endswith("s") else unit


class NameMatcher:
    """Decides whether a predicted name denotes a gold canonical actor (variants listed in gold actors.csv)."""

    def __init__(self, gold_actors: Iterable[Row]):
        self.variants: dict[str, set[str]] = defaultdict(set)
        for row in gold_actors:
            canonical = norm_name(row["canonical"])
            self.variants[canonical].add(canonical)
            self.variants[canonical].update(norm_name(v) for v in (row.get("variants") or "").split("|") if v.strip())

    def same(self, predicted: str, gold: str) -> bool:
        p, g = norm_name(predicted), norm_name(gold)
        if not g or g in EMPTY_NAMES:  # unattributed in gold: the prediction must be unattributed too
            return not p or p in EMPTY_NAMES
        if not p:
            return False
        return any(_names_agree(p, candidate) for candidate in self.variants.get(g, set()) | {g})

    def same_any(self, predicted: str, gold_alternatives: str) -> bool:
        return any(self.same(predicted, g) for g in gold_alternatives.split("|"))


def _names_agree(p: str, c: str) -> bool:
    if p == c or similarity(p, c) >= NAME_SIMILAR:
        return True
    if len(p) >= 2 and (acronym(c) == p.replace(" ", "") or acronym(p) == c.replace(" ", "")):
        return True
    # "National Intelligence Service (NIS)": the canonical name plus a gloss, or a longer form of it
    return len(c) >= 6 and (p.startswith(c + " ") or (c.startswith(p + " ") and len(p.split()) >= 2))


# --- figures -----------------------------------------------------------------------------------------------

def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    """Precision, recall, F1 (rounded to 3 places) and the counts they come from."""
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "pred": n_pred,
            "gold": n_gold}


def rate(ok: int, n: int, *, none: float = 0.0) -> float:
    return round(ok / n, 3) if n else none


class Corpus:
    """Which predicted article is which gold file: predicted rows name articles by ``article_id``."""

    def __init__(self, gold_articles: list[Row], pred_articles: list[Row]):
        self.gold_files = {r["file"] for r in gold_articles}
        self.file_of = {r["article_id"]: Path(r["file"]).name for r in pred_articles}
        self.pred_by_file = {Path(r["file"]).name: r for r in pred_articles}

    def file(self, row: Row) -> str:
        return self.file_of.get(row["article_id"], "?")

    def scored(self, rows: Iterable[Row]) -> list[Row]:
        """The predicted rows that belong to a gold article."""
        return [r for r in rows if self.file(r) in self.gold_files]


def score_metadata(gold_articles: list[Row], corpus: Corpus, names: NameMatcher) -> dict:
    ok = n = 0
    misses = []
    for g in gold_articles:
        pred = corpus.pred_by_file.get(g["file"], {})
        for field in METADATA_FIELDS:
            want = (g.get(field) or "").strip()
            if not want:
                continue
            got = (pred.get(field) or (pred.get("source") if field == "outlet" else "") or "").strip()
            agree = _metadata_agrees(field, got, want, names)
            n += 1
            ok += agree
            if not agree:
                misses.append(f"{g['file']} {field}: want {want!r} got {got!r}")
    return {"accuracy": rate(ok, n, none=1.0), "n": n, "misses": misses}


def _metadata_agrees(field: str, got: str, want: str, names: NameMatcher) -> bool:
    if field == "published":
        return got[:10] == want
    if field == "headline":
        return similarity(norm_text(got), norm_text(want)) >= SIMILAR
    return names.same(got, want) or norm_name(want) in norm_name(got)


def score_claims(gold: list[Row], pred: list[Row], corpus: Corpus, names: NameMatcher) -> dict:
    pool: dict[tuple, list[Row]] = defaultdict(list)
    for row in pred:
        pool[(corpus.file(row), to_number(row["value"]))].append(row)
    tp = unit_ok = qualifier_ok = claimant_ok = 0
    missed, claimant_misses = [], []
    for g in gold:
        candidates = pool.get((g["file"], to_number(g["value"])), [])
        if not candidates:
            missed.append(f"{g['file']} {g['value']} {g['unit']} ({g.get('evidence', '')[:60]})")
            continue
        candidates.sort(key=lambda r: singular_unit(r["unit"]) != singular_unit(g["unit"]))  # same unit first
        p = candidates.pop(0)
        tp += 1
        unit_ok += singular_unit(p["unit"]) == singular_unit(g["unit"])
        qualifier_ok += norm_name(p["qualifier"]) == norm_name(g["qualifier"])
        claimant_agrees = names.same_any(p["claimant"], g["claimant"])
        claimant_ok += claimant_agrees
        if not claimant_agrees:
            claimant_misses.append(f"{g['file']} {g['value']}: claimant want {g['claimant']!r} got {p['claimant']!r}")
    spurious = [f"{file} {value} {r['unit']}" for (file, value), rows in pool.items() for r in rows]
    return prf(tp, len(pred), len(gold)) | {
        "unit_acc": rate(unit_ok, tp), "qualifier_acc": rate(qualifier_ok, tp),
        "claimant_acc": rate(claimant_ok, tp),
        "missed": missed, "spurious": spurious, "claimant_misses": claimant_misses,
    }


def quote_matches(pred: Row, gold: Row, corpus: Corpus) -> bool:
    if corpus.file(pred) != gold["file"]:
        return False
    p, g = norm_text(pred["quote"]), norm_text(gold["quote"])
    if gold.get("match") == "prefix":  # gold keeps only the quote's opening words
        return len(p) >= len(g) and similarity(p[: len(g)], g) >= SIMILAR
    return similarity(p, g) >= SIMILAR


def score_quotes(gold: list[Row], pred: list[Row], corpus: Corpus, names: NameMatcher) -> dict:
    terms = [g for g in gold if g["kind"] == "term"]
    gold = [g for g in gold if g["kind"] != "term"]
    pred = [p for p in pred if not any(quote_matches(p, t, corpus) for t in terms)]
    used: set[int] = set()
    tp = speaker_ok = 0
    missed, speaker_misses = [], []
    for g in gold:
        hit = next((i for i, p in enumerate(pred) if i not in used and quote_matches(p, g, corpus)), None)
        if hit is None:
            missed.append(f"{g['file']} “{g['quote'][:60]}”")
            continue
        used.add(hit)
        tp += 1
        agrees = names.same_any(pred[hit]["speaker"], g["speaker"])
        speaker_ok += agrees
        if not agrees:
            speaker_misses.append(
                f"{g['file']} “{g['quote'][:40]}”: speaker want {g['speaker']!r} got {pred[hit]['speaker']!r}")
    spurious = [f"{corpus.file(p)} “{p['quote'][:60]}”" for i, p in enumerate(pred) if i not in used]
    return prf(tp, len(pred), len(gold)) | {
        "speaker_acc": rate(speaker_ok, tp), "missed": missed, "spurious": spurious, "speaker_misses": speaker_misses,
    }


def score_timeline(gold: list[Row], pred: list[Row], corpus: Corpus) -> dict:
    predicted = {(corpus.file(r), (r["start"] or "")[:10], (r["end"] or r["start"] or "")[:10]) for r in pred}
    tp = 0
    matched: set[tuple[str, str, str]] = set()
    missed = []
    for g in gold:
        alternatives = zip(g["start"].split("|"), g["end"].split("|"))
        hit = next(((g["file"], s, e) for s, e in alternatives if (g["file"], s, e) in predicted), None)
        if hit:
            tp += 1
            matched.add(hit)
        else:
            missed.append(f"{g['file']} {g.get('example', '')!r} -> {g['start']}..{g['end']}")
    spurious = sorted(f"{f} {s}..{e}" for f, s, e in predicted - matched)
    return prf(tp, len(predicted), len(gold)) | {"missed": missed, "spurious": spurious}


def score_people(gold_actors: list[Row], actors: dict[str, Row], mentions: list[Row], corpus: Corpus,
                 names: NameMatcher) -> dict:
    found: dict[str, set[str]] = defaultdict(set)  # file -> predicted actor ids mentioned in it
    for m in mentions:
        found[corpus.file(m)].add(m["actor_id"])
    tp = n_pred = n_gold = 0
    missed = []
    for file in sorted(corpus.gold_files):
        prefix = file.split("_")[0]
        gold_people = [a for a in gold_actors if a["type"] == "PERSON" and prefix in a["files"].split("|")]
        left = [actors[i]["name"] for i in found[file] if i in actors and actors[i]["type"].upper() in PERSON_TYPES]
        n_gold += len(gold_people)
        n_pred += len(left)
        for a in gold_people:
            hit = next((name for name in left if names.same(name, a["canonical"])), None)
            if hit is None:
                missed.append(f"{file} {a['canonical']}")
            else:
                left.remove(hit)
                tp += 1
    return prf(tp, n_pred, n_gold) | {"missed": missed}


def score_merge(gold_actors: list[Row], actors: dict[str, Row], mentions: list[Row]) -> dict:
    merged = n = 0
    split = []
    for a in gold_actors:
        variants = {norm_name(v) for v in a["variants"].split("|") if v.strip()}
        found = [m for m in mentions if norm_name(m["text"]) in variants]
        if len({norm_name(m["text"]) for m in found}) < 2:
            continue  # fewer than two spellings were found: nothing to merge
        ids = {m["actor_id"] for m in found}
        n += 1
        if len(ids) == 1:
            merged += 1
        else:
            split.append(f"{a['canonical']}: {sorted(actors.get(i, {}).get('name', i) for i in ids)}")
    return {"accuracy": rate(merged, n), "n": n, "split": split}


def overall(result: dict) -> float:
    """The mean of the eight headline figures."""
    parts = [result["claims"]["f1"], result["claims"]["claimant_acc"], result["quotes"]["f1"],
             result["quotes"]["speaker_acc"], result["timeline"]["f1"], result["people"]["f1"],
             result["merge"]["accuracy"], result["metadata"]["accuracy"]]
    return round(sum(parts) / len(parts), 3)


def score(gold_dir: Path, pred_dir: Path) -> dict:
    """Every figure for the tables in ``pred_dir`` against the annotations in ``gold_dir``.

    Keys: ``missing_articles`` (gold files with no predicted article), ``claims``, ``quotes``, ``timeline``,
    ``people`` (precision/recall/f1/tp/pred/gold and lists of misses), ``merge`` and ``metadata``
    (accuracy/n), ``overall``. Raises ``InputError`` for a missing file or column.
    """
    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    gold = {name: read_table(gold_dir / f"{name}.csv", cols) for name, cols in GOLD_REQUIRED.items()}
    pred = {name: read_table(pred_dir / f"{name}.csv", cols) for name, cols in PRED_REQUIRED.items()}
    corpus = Corpus(gold["articles"], pred["articles"])
    names = NameMatcher(gold["actors"])
    actors = {r["actor_id"]: r for r in pred["actors"]}
    mentions = corpus.scored(pred["mentions"])

    def in_gold(rows: list[Row]) -> list[Row]:
        return [r for r in rows if r["file"] in corpus.gold_files]

    result: dict = {"missing_articles": sorted(corpus.gold_files - set(corpus.pred_by_file))}
    result["metadata"] = score_metadata(gold["articles"], corpus, names)
    result["claims"] = score_claims(in_gold(gold["claims"]),
                                    [r for r in corpus.scored(pred["claims"]) if to_number(r["value"]) is not None],
                                    corpus, names)
    result["quotes"] = score_quotes(in_gold(gold["quotes"]), corpus.scored(pred["quotes"]), corpus, names)
    result["timeline"] = score_timeline(in_gold(gold["dates"]), corpus.scored(pred["timeline"]), corpus)
    result["people"] = score_people(gold["actors"], actors, mentions, corpus, names)
    result["merge"] = score_merge(gold["actors"], actors, mentions)
    result["overall"] = overall(result)
    return result


# --- report ------------------------------------------------------------------------------------------------

def format_report(result: dict, *, details: bool = False) -> str:
    """One line per table (precision, recall, F1 and counts, or accuracy), then ``overall``; with ``details``,
    every miss and spurious row under its table."""
    lines = []
    if result.get("missing_articles"):
        lines.append(f"articles not extracted: {', '.join(result['missing_articles'])}")
    for table in PRF_TABLES:
        r = result[table]
        accuracies = "  ".join(f"{k}={r[k]:.3f}" for k in ACCURACY_KEYS if k in r)
        lines.append(f"{table:9} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
                     f"(tp {r['tp']}, pred {r['pred']}, gold {r['gold']})  {accuracies}".rstrip())
    merge, metadata = result["merge"], result["metadata"]
    lines.append(f"{'merge':9} accuracy={merge['accuracy']:.3f} over {merge['n']} actors with several name variants")
    lines.append(f"{'metadata':9} accuracy={metadata['accuracy']:.3f} over {metadata['n']} fields")
    if details:
        lines.extend(_detail_lines(result))
    lines.append(f"{'overall':9} {result['overall']:.3f}")
    return "\n".join(lines)


def _detail_lines(result: dict) -> list[str]:
    return [f"  {table}.{key}: {item}"
            for table in (*PRF_TABLES, "merge", "metadata")
            for key in DETAIL_KEYS
            for item in result[table].get(key, [])]
