"""People and organisations: mentions in each article, and the actors they denote across the corpus.

Two steps. ``find_actors(parsed)`` reads one article: spaCy's PERSON/ORG/GPE entities, the phrases of the
editable alias list (``data/aliases.csv``: names no string metric can join, "South Korea's spy agency" →
National Intelligence Service), bare surnames joined to the full name last written before them ("Kim said" →
the Kim named most recently), definite descriptions ("the spy agency" → the last organisation named with that
head noun), and a role where the text gives one ("Kremlin spokesperson"). It returns an ``ArticleActors``,
which the claim and quote extractors ask who a phrase denotes (``resolve``). ``merge_actors(mention_rows)``
then joins spelling variants across articles with rapidfuzz (Georgy/Georgiy Zinoviev, Zelensky/Zelenskyy)
without joining different people who share a surname.

``actors`` table (``ACTOR_COLUMNS``):

| column | dtype | meaning |
| --- | --- | --- |
| actor_id | string | stable id derived from the canonical name |
| name | string | canonical name: the most used full spelling (the alias list's name for listed aliases) |
| type | string | PERSON, ORG or GPE |
| variants | string | every spelling seen, `\\|`-separated |
| role | string | the most frequent role or title given in the text, empty if none |
| n_mentions | Int64 | mentions in the corpus |
| n_articles | Int64 | articles that mention the actor |

``mentions`` table (``MENTION_COLUMNS``):

| column | dtype | meaning |
| --- | --- | --- |
| article_id | string | the article |
| sentence_id | Int64 | the sentence holding the mention |
| start_char, end_char | Int64 | offsets of the mention in the article text |
| text | string | the mention as written ("Kim", "the spy agency", "Zelenskyy") |
| actor_id | string | the actor it denotes |
| name | string | that actor's canonical name |
| type | string | PERSON, ORG or GPE |
| role | string | a role given at this mention ("Kremlin spokesperson"), else empty |
| how | string | how the mention was found: `ner`, `alias`, `surname`, `description` |
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span, Token

from .parse import ParsedArticle

ACTOR_COLUMNS = {"actor_id": "string", "name": "string", "type": "string", "variants": "string",
                 "role": "string", "n_mentions": "Int64", "n_articles": "Int64"}
MENTION_COLUMNS = {"article_id": "string", "sentence_id": "Int64", "start_char": "Int64", "end_char": "Int64",
                   "text": "string", "actor_id": "string", "name": "string", "type": "string", "role": "string",
                   "how": "string"}
ALIASES = Path(__file__).parent / "data" / "aliases.csv"
ENTITY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE"}
PRONOUNS = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON", "his": "PERSON",
            "it": "ORG", "its": "ORG"}
# Head nouns of definite descriptions that point back to an organisation named earlier ("the agency").
DESCRIPTION_HEADS = {"agency", "ministry", "service", "government", "council", "alliance", "organisation",
                     "organization", "committee", "office", "department", "centre", "center", "court", "army",
                     "military", "commission", "parliament", "company", "firm", "group", "bank", "union"}
TITLE_WORDS = {"president", "minister", "spokesperson", "spokesman", "spokeswoman", "ambassador", "envoy",
               "leader", "secretary", "general", "chancellor", "king", "queen", "prince", "premier", "governor",
               "mayor", "senator", "chief", "head", "director", "editor", "commander", "official", "analyst",
               "foreign", "prime", "vice", "deputy", "first", "defence", "defense", "chairman", "chairwoman", "chair"}
NAME_PREFIXES = re.compile(r"^(?:(?:the|mr|mrs|ms|dr|sir|president|minister|gen|general|prime|vice|foreign|leader)\.?\s+)+", re.I)


def fold(text: str) -> str:
    """Lowercase, accents and punctuation folded, hyphens as spaces: the key names are compared on."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'")
    text = re.sub(r"'s\b", "", text.lower())
    text = re.sub(r"[^\w ]+", " ", text)
    return " ".join(text.split())


@dataclasses.dataclass
class Mention:
    start_char: int
    end_char: int
    text: str
    key: str          # the article-local name: the full name this mention stands for
    type: str
    how: str
    role: str = ""
    sentence_id: int | None = None


@lru_cache(maxsize=1)
def load_aliases(path: Path = ALIASES) -> dict[str, tuple[str, str]]:
    """{folded alias: (canonical, type)} from the alias list."""
    with path.open(encoding="utf-8") as fh:
        return {fold(r["alias"]): (r["canonical"].strip(), r["type"].strip() or "ORG") for r in csv.DictReader(fh)}


def _alias_matcher(vocab) -> PhraseMatcher:
    matcher = PhraseMatcher(vocab, attr="LOWER")
    with ALIASES.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            alias = r["alias"].strip()
            variants = {alias, alias.replace("'", "’")}
            variants |= {v[4:] for v in variants if v.lower().startswith("the ")}
            for v in variants:
                matcher.add(r["canonical"], [_make_doc(vocab, v)])
    return matcher


def _make_doc(vocab, text: str):
    from spacy.tokens import Doc

    words = re.findall(r"\w+(?:-\w+)*|[’']s\b|[^\w\s]", text)
    return Doc(vocab, words=words)


def _clean_entity(span: Span) -> Span | None:
    """Drop a leading determiner or title and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s"}):
        end -= 1
    return doc[start:end] if end > start else None


def _role(ent: Span) -> str:
    """The title written next to a name: "Kremlin spokesperson Dmitry Peskov", "NATO Secretary-General Mark
    Rutte", "Ihor Solovey, the head of the centre", "the Kremlin spokesperson, Dmitry Peskov"."""
    doc = ent.doc
    # title words right before the name: a run of capitalised words, nouns and hyphen joints
    i = ent.start
    while i > 0:
        t = doc[i - 1]
        joined = not t.whitespace_ and i - 1 > 0 and t.text in {"-", "–"}
        if t.tag_ == "POS" or t.lower_ in {"the", "a", "an", "of", ","} or t.ent_type_ == "PERSON":
            break
        if not (joined or (t.pos_ in {"PROPN", "NOUN", "ADJ"}
                           and (t.is_title or t.is_upper or t.lower_ in TITLE_WORDS or t.head.i in range(i, ent.end)))):
            break
        i -= 1
    words = [t for t in doc[i:ent.start]]
    if words and any(w.lower_ in TITLE_WORDS or w.pos_ == "NOUN" for w in words):
        return doc.text[words[0].idx:ent.start_char].strip()
    root = ent.root
    # "the Kremlin spokesperson, Dmitry Peskov": the name is an apposition of the title
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < ent.start:
        return _phrase_text(doc, root.head.left_edge.i, root.head.i + 1)
    # "Ihor Solovey, the head of the centre"
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and child.i >= ent.end:
            return _phrase_text(doc, child.left_edge.i, child.right_edge.i + 1)
    return ""


def _phrase_text(doc, start: int, end: int) -> str:
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct or doc[start].tag_ == "POS"):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end].text if end > start else ""


class ArticleActors:
    """The actor mentions of one article, and who a phrase in it denotes."""

    def __init__(self, parsed: ParsedArticle, mentions: list[Mention]):
        self.parsed = parsed
        self.mentions = sorted(mentions, key=lambda m: m.start_char)

    def actor_at(self, start_char: int, end_char: int) -> Mention | None:
        """The longest mention overlapping the character range, or None."""
        hits = [m for m in self.mentions if m.start_char < end_char and start_char < m.end_char]
        return max(hits, key=lambda m: m.end_char - m.start_char, default=None)

    def last_before(self, char: int, type_: str | None = None) -> Mention | None:
        """The last mention (of ``type_``) that ends before ``char``."""
        found = None
        for m in self.mentions:
            if m.end_char > char:
                break
            if type_ is None or m.type == type_:
                found = m
        return found

    def resolve(self, phrase: Span | Token) -> str | None:
        """Who a noun phrase denotes (its article-local key): a named mention inside it, a pronoun ("he" → the last
        person named before, "it" → the last organisation), or None."""
        span = phrase if isinstance(phrase, Span) else phrase.doc[phrase.i:phrase.i + 1]
        if isinstance(phrase, Token):
            span = phrase.doc[phrase.left_edge.i:phrase.right_edge.i + 1]
            head = phrase
        else:
            head = span.root
        inside = [m for m in self.mentions if span.start_char <= m.start_char and m.end_char <= span.end_char]
        if inside:
            # prefer the mention that holds the phrase's head ("the head of the centre": the person, not the centre)
            for m in inside:
                if m.start_char <= head.idx < m.end_char:
                    return m.key
            people = [m for m in inside if m.type == "PERSON"]
            return (people or inside)[0].key
        if head.lower_ in PRONOUNS:
            m = self.last_before(head.idx, PRONOUNS[head.lower_])
            return m.key if m else None
        return None

    def rows(self) -> list[dict]:
        return [
            {"article_id": self.parsed.article_id, "sentence_id": m.sentence_id, "start_char": m.start_char,
             "end_char": m.end_char, "text": m.text, "key": m.key, "type": m.type, "role": m.role, "how": m.how}
            for m in self.mentions
        ]


_MATCHERS: dict[int, PhraseMatcher] = {}


def find_actors(parsed: ParsedArticle) -> ArticleActors:
    """Every actor mention in one article's body."""
    doc = parsed.doc
    aliases = load_aliases()
    matcher = _MATCHERS.get(id(doc.vocab))
    if matcher is None:
        matcher = _MATCHERS[id(doc.vocab)] = _alias_matcher(doc.vocab)
    taken = [False] * len(doc)
    mentions: list[Mention] = []

    def add(span: Span, key: str, type_: str, how: str, role: str = "") -> None:
        for t in span:
            taken[t.i] = True
        sid = parsed.sentence_id(span.start_char)
        if sid is None:
            return
        mentions.append(Mention(span.start_char, span.end_char, span.text, key, type_, how, role, sid))

    # 1. the alias list, longest match first
    spans = sorted(((doc[s:e], doc.vocab.strings[mid]) for mid, s, e in matcher(doc)), key=lambda x: -len(x[0]))
    for span, canonical in spans:
        if any(taken[t.i] for t in span):
            continue
        type_ = next((t for c, t in aliases.values() if c == canonical), "ORG")
        add(span, canonical, type_, "alias")
    # 2. named entities
    full_names: list[Mention] = []
    for ent in doc.ents:
        type_ = ENTITY_TYPES.get(ent.label_)
        if type_ is None or any(taken[t.i] for t in ent):
            continue
        span = _clean_entity(ent)
        if span is None or not any(c.isalpha() for c in span.text):
            continue
        text = span.text
        if type_ == "PERSON":
            words = fold(NAME_PREFIXES.sub("", text)).split()
            if not words:
                continue
            if len(words) == 1:
                # a bare surname: the full name written most recently before it with that word
                prior = [m for m in full_names if words[0] in fold(m.key).split()]
                key = prior[-1].key if prior else text
                add(span, key, type_, "surname" if prior else "ner", _role(span))
                continue
            m_key = NAME_PREFIXES.sub("", text)
            add(span, m_key, type_, "ner", _role(span))
            if mentions and mentions[-1].start_char == span.start_char:
                full_names.append(mentions[-1])
        else:
            add(span, text, type_, "ner")
    # 3. definite descriptions: "the agency" → the last organisation named with that head noun
    for tok in doc:
        if taken[tok.i] or tok.lower_ not in DESCRIPTION_HEADS or tok.pos_ != "NOUN":
            continue
        det = [c for c in tok.lefts if c.lower_ in {"the", "this", "that"}]
        if not det:
            continue
        span = doc[det[0].i:tok.i + 1]
        prior = [m for m in mentions if m.type == "ORG" and m.end_char <= tok.idx
                 and tok.lower_ in fold(m.text + " " + m.key).split()]
        if not prior:
            prior = [m for m in mentions if m.type == "ORG" and m.end_char <= tok.idx
                     and any(tok.lower_ in fold(a).split() for a, (c, _t) in aliases.items() if c == m.key)]
        if prior:
            add(span, prior[-1].key, "ORG", "description")
    # late surnames: a bare surname before its full name is joined to the first full name after it
    # (the model also tags a lone surname as ORG or GPE now and then: "Zelenskyy said")
    for m in mentions:
        if m.how == "ner" and len(fold(m.key).split()) == 1:
            # a surname is the first (Kim Hong-kyun) or last (Vladimir Putin) word of a full name
            named = [f for f in full_names if fold(m.key) in (fold(f.key).split()[0], fold(f.key).split()[-1])]
            before = [f for f in named if f.start_char < m.start_char]
            if named and (m.type == "PERSON" or m.text.istitle()):
                m.key, m.how, m.type = (before or named)[-1 if before else 0].key, "surname", "PERSON"
    mentions += _byline_mentions(parsed)
    return ArticleActors(parsed, mentions)


def _byline_mentions(parsed: ParsedArticle) -> list[Mention]:
    """The author named in the byline ("Justin McCurry"; "By : AFP" names an agency)."""
    from .ingest import NAME_LINE_RE, OUTLETS

    article = parsed.article
    found = []
    for start, end, kind in article.regions:
        if kind != "byline" or not article.byline:
            continue
        at = article.text.find(article.byline, start, end)
        if at < 0:
            continue
        is_person = bool(NAME_LINE_RE.match(article.byline)) and article.byline.casefold() not in OUTLETS
        found.append(Mention(at, at + len(article.byline), article.byline, article.byline,
                             "PERSON" if is_person else "ORG", "byline", "author" if is_person else "", None))
    return found


# --- across articles ----------------------------------------------------------------------------------------

def same_person(a: str, b: str) -> bool:
    """Two full names denote the same person: same number of words (hyphens folded), each word alike
    (Georgy/Georgiy, Zelensky/Zelenskyy), or one name the other with a middle name added."""
    wa, wb = fold(a).split(), fold(b).split()
    if not wa or not wb:
        return False
    if len(wa) == len(wb):
        return all(x[0] == y[0] and fuzz.ratio(x, y) >= 80 for x, y in zip(wa, wb))
    if len(wa) == 1 or len(wb) == 1:
        return False
    short, long_ = sorted((wa, wb), key=len)
    return short[0] == long_[0] and short[-1] == long_[-1]


def same_org(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if fa == fb or fuzz.ratio(fa, fb) >= 92:
        return True
    acro = lambda s: "".join(w[0] for w in s.split() if w not in {"of", "and", "for", "the"})
    return len(fa) >= 2 and (fa.replace(" ", "") == acro(fb) or fb.replace(" ", "") == acro(fa)) and min(len(fa), len(fb)) >= 2


def actor_id(name: str, type_: str) -> str:
    return type_[0].lower() + hashlib.sha1(f"{type_}:{fold(name)}".encode()).hexdigest()[:8]


def merge_actors(mention_rows: list[dict]) -> tuple[list[dict], list[dict], dict[tuple[str, str], tuple[str, str]]]:
    """Join article-local keys across articles into actors.

    Returns (actor rows, mention rows with actor_id and name, {(article_id, key): (actor_id, name)})."""
    aliases = load_aliases()
    canon_of_alias = {c for c, _t in aliases.values()}
    # the model tags one name differently now and then ("Vladivostok" as a person once): the majority wins
    votes: dict[str, Counter] = defaultdict(Counter)
    for r in mention_rows:
        votes[fold(r["key"])][r["type"]] += 1
    rank = {"PERSON": 0, "ORG": 1, "GPE": 2}
    for r in mention_rows:
        r["type"] = min(votes[fold(r["key"])].most_common(), key=lambda tv: (-tv[1], rank.get(tv[0], 3)))[0]
    keys: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (type, key) -> spellings
    for r in mention_rows:
        keys[(r["type"], r["key"])][r["text"]] += 1
    # cluster keys of the same type
    clusters: list[list[tuple[str, str]]] = []
    for type_ in sorted({t for t, _k in keys}):
        names = sorted((k for t, k in keys if t == type_), key=lambda k: (-len(fold(k).split()), -sum(keys[(type_, k)].values()), k))
        groups: list[list[str]] = []
        for k in names:
            for g in groups:
                if type_ == "PERSON":
                    ok = any(same_person(k, x) for x in g) or (len(fold(k).split()) == 1 and _only_surname_match(k, groups) is g)
                else:
                    ok = any(same_org(k, x) for x in g) or _only_container(k, groups) is g
                if ok:
                    g.append(k)
                    break
            else:
                groups.append([k])
        clusters += [[(type_, k) for k in g] for g in groups]
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
        aid = actor_id(name, type_)
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
    by_key = {(r["article_id"], r["key"]): key_map[(r["type"], r["key"])][:2] for r in mention_rows}
    # a key can be asked for in an article where it has no mention of its own (e.g. a resolved pronoun)
    for (type_, k), (aid, name, _t) in key_map.items():
        by_key.setdefault(("*", k), (aid, name))
    return actors, out_mentions, by_key


def _only_container(name: str, groups: list[list[str]]) -> list[str] | None:
    """The one group holding a longer name that ends with this one ("Security Council" → "UN Security
    Council"), if exactly one does; two candidates ("UN Security Council", "National Security Council") join
    neither."""
    words = fold(name).split()
    if len(words) < 2:
        return None
    hits = [g for g in groups if any(fold(x).split()[-len(words):] == words and len(fold(x).split()) > len(words) for x in g)]
    return hits[0] if len(hits) == 1 else None


def _only_surname_match(surname: str, groups: list[list[str]]) -> list[str] | None:
    """The one group of full names that has this surname, if exactly one does."""
    word = fold(surname)
    hits = [g for g in groups if any(len(fold(x).split()) > 1 and word in fold(x).split() for x in g)]
    return hits[0] if len(hits) == 1 else None
