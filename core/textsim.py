"""Word-level text normalisation and similarity shared by the cross-source grouping rules.

British and American spellings are folded ("mobilising" = "mobilizing", "centre" = "center"), case and
punctuation are ignored, and content words are compared with weights that make a word shared by every
sentence of the corpus ("Korea") count for less than a rare one ("summoned").
"""
from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

STOPWORDS = frozenset("""
a an the and or but if of to in on at by for with from as into onto about over under after before than then
that this these those it its it's is are was were be been being has have had do does did will would can could
may might must shall should not no nor so such too very just also only even still yet already there here who whom
whose which what when where why how all any both each few more most other some own same he she they them his her
their we our us you your i me my mine said says say told tells according s t
""".split())
DATE_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week month
year january february march april may june july august september october november december jan feb mar apr jun jul
aug sep sept oct nov dec last next this since between""".split())
_BRITISH = [(re.compile(r"is(e|es|ed|ing|ation|ations)$"), r"iz\1"), (re.compile(r"yse$"), "yze"),
            (re.compile(r"our$"), "or"), (re.compile(r"tre$"), "ter"), (re.compile(r"ence$"), "ense")]


def fold_spelling(word: str) -> str:
    """One spelling for British/American variants of a lowercase word."""
    if len(word) > 5:
        for pattern, repl in _BRITISH:
            word = pattern.sub(repl, word)
    return word


def words(text: str) -> list[str]:
    """Lowercase words with accents, apostrophes and punctuation removed, spellings folded."""
    return list(_words(text or ""))


# The grouping rules compare each quote or sentence with many others: normalise each text once.
@functools.lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    return tuple(fold_spelling(w) for w in re.findall(r"[a-z0-9]+", text))


def stem(word: str) -> str:
    """A crude stem so that "summoned"/"summons", "soldier"/"soldiers" compare equal."""
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str, *, drop_dates: bool = False) -> set[str]:
    return set(_content_words(text or "", drop_dates))


@functools.lru_cache(maxsize=1 << 16)
def _content_words(text: str, drop_dates: bool) -> frozenset[str]:
    skip = STOPWORDS | (DATE_WORDS if drop_dates else frozenset())
    return frozenset(stem(w) for w in _words(text) if w not in skip and not w.isdigit() and len(w) > 1)


def overlap(a: set[str], b: set[str]) -> float:
    """Share of the smaller set found in the larger one (1.0 when one contains the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


class Idf:
    """Inverse document frequency of content words over a collection of texts."""

    def __init__(self, texts: Iterable[set[str]]):
        self.df: Counter = Counter()
        self.n = 0
        self._weights: dict[str, float] = {}  # computed once per word: similarity() is called per pair
        for t in texts:
            self.n += 1
            self.df.update(t)

    def weight(self, word: str) -> float:
        w = self._weights.get(word)
        if w is None:
            w = self._weights[word] = math.log((1 + self.n) / (1 + self.df.get(word, 0))) + 1.0
        return w

    def similarity(self, a: set[str], b: set[str]) -> float:
        """IDF-weighted Dice similarity of two word sets (1.0 for equal sets, 0.0 for disjoint ones)."""
        # math.fsum is exact, so the result does not depend on the sets' order (which changes with the hash seed)
        total = math.fsum(self.weight(w) for w in a) + math.fsum(self.weight(w) for w in b)
        if not total:
            return 0.0
        return 2 * math.fsum(self.weight(w) for w in a & b) / total
