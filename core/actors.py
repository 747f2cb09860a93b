"""People and organisations: mentions in each article, and the actors they denote across the corpus.

Two steps. ``find_actors(parsed)`` reads one article: spaCy's PERSON/ORG/GPE entities, the phrases of the
editable alias list (``data/aliases.csv``: names no string metric can join, "South Korea's spy agency" →
National Intelligence Service), bare surnames joined to the full name last written before them ("Kim said" →
the Kim named most recently; "De la Paz said" → "Leonora Dela Paz": a surname of several words starting with a
particle), definite descriptions ("the spy agency" → the last organisation named with that head noun; "the
company" → the last company; "navy divers", "the coast guard", "police" → the service the article names), and a
role where the text gives one ("Kremlin spokesperson"). Titles and occupations before a name are not part of it
("Deckhand Ramil Obena"); a name in apposition with a person's noun is a person whatever the model's tag
("Crisanto Villareal, a fisherman"); an untagged run of capitalised words ending in a company word is a company
("Romblon Star Shipping Lines"); a word the model calls a place in the article, or one qualifying a title
("Romblon Governor ..."), is no surname. It returns an ``ArticleActors``, which the claim and quote extractors
ask who a phrase denotes (``resolve``). ``merge_mentions(mentions)`` (``merge_actors(mention_rows)`` for rows
held as dicts) then joins spelling variants across articles with rapidfuzz (Georgy/Georgiy Zinoviev,
Zelensky/Zelenskyy; spacing aside, Dela Paz/de la Paz), a company named without its company words ("Romblon
Star" for "Romblon Star Shipping Lines", even where the model took it for a person), without joining different
people who share a surname.

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
| how | string | how the mention was found: `ner`, `alias` (the alias list), `acronym` ("Full Name (ACR)"), `known as`, `surname`, `description` ("the agency", "the minister", "police"), `byline` |
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

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span, Token

from .parse import ParsedArticle
from .schema import frame

ACTOR_COLUMNS = {"actor_id": "string", "name": "string", "type": "string", "variants": "string",
                 "role": "string", "n_mentions": "Int64", "n_articles": "Int64"}
MENTION_COLUMNS = {"article_id": "string", "sentence_id": "Int64", "start_char": "Int64", "end_char": "Int64",
                   "text": "string", "actor_id": "string", "name": "string", "type": "string", "role": "string",
                   "how": "string"}
# the rows of ArticleActors.rows(): a mention with its article-local key, before merging across articles
MENTION_ROW_FIELDS = {**{k: v for k, v in MENTION_COLUMNS.items() if k not in {"actor_id", "name"}}, "key": "string"}
ALIASES = Path(__file__).parent / "data" / "aliases.csv"
ENTITY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE"}
PRONOUNS = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON", "his": "PERSON",
            "it": "ORG", "its": "ORG"}
# Head nouns of definite descriptions that point back to an organisation named earlier ("the agency").
DESCRIPTION_HEADS = {"agency", "ministry", "service", "government", "council", "alliance", "organisation",
                     "organization", "committee", "office", "department", "centre", "center", "court", "army",
                     "military", "commission", "parliament", "company", "firm", "group", "bank", "union",
                     "authority", "platform", "coalition", "federation", "association", "institute", "party",
                     "movement", "board", "network", "foundation", "organisers", "organizers", "operator",
                     "carrier", "airline"}
TITLE_WORDS = {"president", "minister", "spokesperson", "spokesman", "spokeswoman", "ambassador", "envoy",
               "leader", "secretary", "general", "chancellor", "king", "queen", "prince", "premier", "governor",
               "mayor", "senator", "chief", "head", "director", "editor", "commander", "official", "analyst",
               "foreign", "prime", "vice", "deputy", "first", "defence", "defense", "chairman", "chairwoman", "chair"}
# Ranks and honorifics written before a name, often abbreviated ("Staff Sgt. Colin Wray", "Lt. Gen.", "Dr.").
TITLE_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "sir", "dame", "prof", "rev", "sgt", "staff", "cpl", "pte", "lt", "col",
                       "capt", "maj", "gen", "adm", "cmdr", "insp", "supt", "det", "const", "cst", "gov", "sen",
                       "rep", "hon", "sergeant", "corporal", "lieutenant", "captain", "colonel", "major",
                       "inspector", "superintendent", "detective", "constable", "officer", "councillor", "judge"}
# What people are called before their name, which the model now and then takes into it ("Deckhand Ramil Obena
# said", "Mayor Ana Cruz")
OCCUPATIONS = {"deckhand", "fisherman", "fisherwoman", "farmer", "teacher", "schoolteacher", "nurse", "doctor",
               "driver", "student", "resident", "survivor", "witness", "passenger", "engineer", "lawyer", "worker",
               "volunteer", "firefighter", "rescuer", "diver", "pilot", "sailor", "seaman", "soldier", "trader",
               "vendor", "shopkeeper", "photographer", "journalist", "reporter", "correspondent", "activist",
               "protester", "economist", "scientist", "researcher", "professor", "businessman", "businesswoman",
               "entrepreneur", "priest", "pastor", "bishop", "imam", "rabbi", "coach", "manager", "owner", "nun",
               "executive", "ceo", "cfo", "coo", "founder", "president-elect", "treasurer", "economist"}
NAME_PREFIXES = re.compile(r"^(?:(?:the|" + "|".join(sorted(TITLE_WORDS | TITLE_ABBREVIATIONS | OCCUPATIONS))
                           + r")\.?\s+)+", re.I)


@lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Lowercase, accents and punctuation folded, hyphens as spaces: the key names are compared on."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'").replace("ß", "ss")
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
    """Drop a leading determiner or title and a trailing possessive from an entity span, and whitespace: the
    model may run an entity on into the blank lines after it (where a byline or dateline was blanked out of the
    body), and a name never runs on past a line break."""
    start, end = span.start, span.end
    doc = span.doc
    end = next((t.i for t in doc[start:end] if t.text.isspace() and "\n" in t.text and t.i > start), end)
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct
                           or doc[start].text.isspace()):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].text.isspace()
                           or doc[end - 1].lower_ in {"'s", "’s"}):
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
        return doc[i:ent.start].text.strip()  # not doc.text, which spaCy rebuilds from every token
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

    def antecedent(self, pronoun: Token, type_: str) -> Mention | None:
        """What "he"/"she"/"it" refers to: the last person (organisation) that was the subject of a clause in this
        sentence or the one before ("Lucía Ferrer accused the minister ... she said" → Lucía Ferrer), else the
        last one named."""
        doc = pronoun.doc
        window = doc[pronoun.sent.start - 1].sent.start_char if pronoun.sent.start > 0 else 0
        subjects = None
        for m in self.mentions:
            if m.end_char > pronoun.idx:
                break
            if m.type != type_ or m.start_char < window:
                continue
            span = doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
            if span is not None and span.root.dep_ in {"nsubj", "nsubjpass"}:
                subjects = m
        return subjects or self.last_before(pronoun.idx, type_)

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
        # "The UN's humanitarian office, OCHA": the name in apposition to the head names the actor
        appos = [m for c in head.children if c.dep_ == "appos" for m in inside
                 if c.left_edge.idx <= m.start_char and m.end_char <= c.right_edge.idx + len(c.right_edge)]
        if appos:
            return appos[0].key
        if inside:
            # prefer the mention that holds the phrase's head ("the head of the centre": the person, not the centre)
            for m in inside:
                if m.start_char <= head.idx < m.end_char:
                    return m.key
            people = [m for m in inside if m.type == "PERSON"]
            return (people or inside)[0].key
        if head.lower_ in PRONOUNS:
            m = self.antecedent(head, PRONOUNS[head.lower_])
            return m.key if m else None
        return None

    def rows(self) -> list[dict]:
        return [
            {"article_id": self.parsed.article_id, "sentence_id": m.sentence_id, "start_char": m.start_char,
             "end_char": m.end_char, "text": m.text, "key": m.key, "type": m.type, "role": m.role, "how": m.how}
            for m in self.mentions
        ]


_MATCHERS: dict[int, PhraseMatcher] = {}  # one alias matcher per vocabulary


FUNCTION_WORDS = {"of", "for", "the", "and", "on", "in", "de", "del", "la", "el", "los", "las", "por", "y", "et",
                  "des", "du", "le", "les", "der", "die", "das", "und", "für", "di", "da", "do", "dos"}
PLACE_PREPOSITIONS = {"in", "at", "from", "near", "into", "across", "outside", "around", "toward", "towards", "inside"}
PLACE_NOUNS = {"town", "city", "village", "district", "province", "region", "suburb", "county", "state", "street",
               "square", "station", "airport", "port", "bridge", "road", "avenue", "neighbourhood", "neighborhood",
               "island", "river", "valley", "mountain", "hospital", "stadium", "park", "capital", "area", "border"}
PERSON_ROLE_HEADS = {"minister", "president", "spokesperson", "spokesman", "spokeswoman", "ambassador", "envoy",
                     "leader", "chancellor", "secretary", "premier", "governor", "mayor", "chief", "prime", "king",
                     "queen", "general", "commander", "director", "chairman", "chairwoman", "head"}
# Organisations written as a bare common noun: "Police said", "according to the force".
# Services written without their name ("police said", "the force", "navy divers", "the coast guard"): the one of
# the article's organisations with that word in its name (police without one are "Police")
BARE_ORG_NOUNS = {"police": "police", "force": "police", "navy": "navy", "army": "army", "guard": "guard"}
ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")


def find_actors(parsed: ParsedArticle) -> ArticleActors:
    """Every actor mention in one article's body, found in this order: the alias list, acronyms defined in the
    text ("Confederación Sindical de Trabajadores (CST)"), named entities (with bare surnames joined to full
    names), definite descriptions ("the agency", "the minister", "police"), then surnames the model missed."""
    doc = parsed.doc
    matcher = _MATCHERS.get(id(doc.vocab))
    if matcher is None:
        matcher = _MATCHERS[id(doc.vocab)] = _alias_matcher(doc.vocab)
    found = _Finder(parsed)
    found.aliases(matcher)
    found.acronyms()
    found.entities()
    found.company_names()
    found.known_as()
    found.aged_names()
    found.descriptions()
    found.missed_surnames()
    found.late_surnames()
    return ArticleActors(parsed, found.mentions + _byline_mentions(parsed))


class _Finder:
    """The steps of ``find_actors``, sharing the mentions found so far and the tokens they cover."""

    def __init__(self, parsed: ParsedArticle):
        self.parsed = parsed
        self.doc = parsed.doc
        self.taken = [False] * len(self.doc)
        self.mentions: list[Mention] = []
        self.full_names: list[Mention] = []
        self.acronym_of: dict[str, str] = {}
        # a word the model calls a place somewhere in the article is that place wherever it stands alone
        # ("Romblon Governor ..." where "off Romblon" is the province), whatever name it also starts
        self.places = {fold(e.text) for e in self.doc.ents if e.label_ in ("GPE", "LOC")}

    def add(self, span: Span, key: str, type_: str, how: str, role: str = "") -> Mention | None:
        for t in span:
            self.taken[t.i] = True
        sid = self.parsed.sentence_id(span.start_char)
        if sid is None:
            return None
        m = Mention(span.start_char, span.end_char, span.text, key, type_, how, role, sid)
        self.mentions.append(m)
        return m

    def free(self, span: Span) -> bool:
        return not any(self.taken[t.i] for t in span)

    def aliases(self, matcher: PhraseMatcher) -> None:
        """The alias list, longest match first."""
        aliases = load_aliases()
        doc = self.doc
        spans = sorted(((doc[s:e], doc.vocab.strings[mid]) for mid, s, e in matcher(doc)), key=lambda x: -len(x[0]))
        for span, canonical in spans:
            if self.free(span):
                type_ = next((t for c, t in aliases.values() if c == canonical), "ORG")
                self.add(span, canonical, type_, "alias")

    def acronyms(self) -> None:
        """ "Full Name (ACR)": the name whose initials spell the acronym, or the organisation named right before
        it, is one organisation with the acronym; later uses of the acronym join it."""
        doc = self.doc
        for i in range(1, len(doc) - 2):
            if not (doc[i].text == "(" and ACRONYM_RE.match(doc[i + 1].text) and doc[i + 2].text == ")"):
                continue
            acr = doc[i + 1].text
            name = _name_with_initials(doc, i, acr)
            if name is None:
                name = _capitalised_run(doc, i)
            if name is None or not self.free(name) and not all(self.taken[t.i] for t in name):
                continue
            key = next((m.key for m in self.mentions if m.start_char == name.start_char), name.text)
            if self.free(name):
                self.add(name, key, "ORG", "acronym")
            self.add(doc[i + 1:i + 2], key, "ORG", "acronym")
            self.acronym_of[acr] = key

    def entities(self) -> None:
        doc = self.doc
        for ent in doc.ents:
            type_ = ENTITY_TYPES.get(ent.label_)
            if type_ is None or not self.free(ent):
                continue
            span = _clean_entity(ent)
            if span is None or not any(c.isalpha() for c in span.text):
                continue
            if span.text in self.acronym_of:
                self.add(span, self.acronym_of[span.text], "ORG", "acronym")
                continue
            if type_ == "ORG" and _described_as_a_person(span):
                type_ = "PERSON"
            elif type_ == "PERSON" and len(span) >= 2 and span[-1].lower_ in COMPANY_WORDS and span[-1].is_title:
                type_ = "ORG"  # "Velmora Automotive", "Harbour Star Ferries": a company the model took for a person
            if span.text.islower() and fold(span.text).split()[-1] in BARE_ORG_NOUNS:
                continue  # "navy divers", "the coast guard said": a service without its name (``descriptions``)
            if type_ != "PERSON":
                self.add(span, span.text, type_, "ner")
                continue
            span = _extend_name(span, self.taken)
            words = fold(NAME_PREFIXES.sub("", span.text)).split()
            if not words or _not_a_name(span):
                continue
            if len(words) > 1:
                # "De la Paz said": a surname of several words, that of the full name written before it
                prior = [m for m in self.full_names if is_surname_of(words, m.key)]
                if prior:
                    self.add(span, prior[-1].key, type_, "surname", _role(span))
                    continue
                m = self.add(span, NAME_PREFIXES.sub("", span.text), type_, "ner", _role(span))
                if m:
                    self.full_names.append(m)
                continue
            # a bare surname: the full name written most recently before it with that word
            prior = [m for m in self.full_names if words[0] in fold(m.key).split()]
            if prior:
                self.add(span, prior[-1].key, type_, "surname", _role(span))
            elif not _is_place(span, doc):
                self.add(span, span.text, type_, "ner", _role(span))

    def company_names(self) -> None:
        """A run of capitalised words the model left untagged that ends in a company word ("Romblon Star Shipping
        Lines said", "Harbour Star Ferries"; ``COMPANY_WORDS``) names a company."""
        doc, taken = self.doc, self.taken

        def free_word(t) -> bool:
            return not taken[t.i] and t.is_title and t.is_alpha and t.pos_ in ("PROPN", "NOUN")

        i = 0
        while i < len(doc):
            tok = doc[i]
            if tok.lower_ not in COMPANY_WORDS or not free_word(tok):
                i += 1
                continue
            end = i + 1  # the company words run on ("Shipping Lines")
            while end < len(doc) and doc[end].lower_ in COMPANY_WORDS and free_word(doc[end]):
                end += 1
            start = i
            while start > 0 and free_word(doc[start - 1]):
                start -= 1
            run = doc[start:end]
            if len(run) >= 2 and not all(t.lower_ in COMPANY_WORDS for t in run):
                self.add(run, run.text, "ORG", "ner")
            i = end

    def known_as(self) -> None:
        """ "The Turkish Red Crescent, known locally as Kızılay": the other name is the same actor."""
        doc = self.doc
        for tok in doc:
            if tok.lower_ != "known" or tok.i + 2 >= len(doc):
                continue
            k = tok.i + 1
            while k < len(doc) and doc[k].pos_ == "ADV":
                k += 1
            if k + 1 >= len(doc) or doc[k].lower_ != "as":
                continue
            before = [m for m in self.mentions if m.end_char <= tok.idx and tok.idx - m.end_char <= 3]
            if not before:
                continue
            end = k + 1
            while end < len(doc) and (doc[end].is_title or doc[end].is_upper) and doc[end].is_alpha:
                end += 1
            other = doc[k + 1:end]
            if not len(other):
                continue
            if self.free(other):
                self.add(other, before[-1].key, before[-1].type, "known as")
                continue
            for m in self.mentions:  # the model already took the other name for an actor of its own
                if m.start_char == other.start_char and m.end_char == other.end_char:
                    m.key, m.type, m.how = before[-1].key, before[-1].type, "known as"

    def aged_names(self) -> None:
        """ "Hatice Yılmaz, 58, sat ...": capitalised words followed by an age in commas name a person, even when
        the model does not know the name."""
        doc = self.doc
        for i in range(len(doc) - 3):
            if not (doc[i + 1].text == "," and doc[i + 2].like_num and doc[i + 3].text == ","):
                continue
            if not doc[i + 2].text.isdigit() or not 0 < int(doc[i + 2].text) < 120:
                continue
            j = i + 1
            while j > 0 and doc[j - 1].is_title and doc[j - 1].is_alpha and doc[j - 1].lower_ not in TITLE_WORDS:
                j -= 1
            span = doc[j:i + 1]
            if 2 <= len(span) <= 4 and self.free(span):
                m = self.add(span, span.text, "PERSON", "ner")
                if m:
                    self.full_names.append(m)

    def descriptions(self) -> None:
        """ "the agency" → the last organisation named with that head noun; "the minister" → the last person given
        that role; "police" → the police force named in the article; an unnamed "the interior ministry" becomes
        an organisation of its own ("Interior Ministry")."""
        aliases = load_aliases()
        for tok in self.doc:
            low = tok.lower_
            if self.taken[tok.i] or tok.pos_ not in {"NOUN", "PROPN"}:
                continue
            det = [c for c in tok.lefts if c.lower_ in {"the", "this", "that"}]
            # "the Kremlin spokesperson, Dmitry Peskov", "the Guardia Urbana, the city's police": a description
            # with its name beside it is no anaphor
            if any(c.dep_ == "appos" for c in tok.children) or tok.dep_ == "appos":
                continue
            if low in BARE_ORG_NOUNS:
                word = BARE_ORG_NOUNS[low]
                named = [m for m in self.mentions if m.type == "ORG" and word in fold(m.key).split()]
                first = tok.i - 1 if low == "guard" and tok.i > 0 and tok.nbor(-1).lower_ == "coast" else tok.i
                if low == "guard" and (first == tok.i or self.taken[first]):
                    continue  # a guard is a service only as "coast guard"
                if low == "police" or det or named and low in {"navy", "army", "guard"}:
                    start = det[0].i if det else first
                    if named or word == "police":
                        self.add(self.doc[start:tok.i + 1], named[-1].key if named else "Police", "ORG", "description")
                continue
            if not det:
                continue
            span = self.doc[det[0].i:tok.i + 1]
            before = [m for m in self.mentions if m.end_char <= tok.idx]
            # its modifiers must fit the antecedent: "the spy agency" is not "the foreign ministry"
            mods = {fold(c.text) for c in tok.lefts if c.dep_ in {"amod", "compound"} and c.is_alpha}
            if low in DESCRIPTION_HEADS:
                def words_of(m: Mention) -> set[str]:
                    names = [m.text, m.key] + [a for a, (c, _t) in aliases.items() if c == m.key]
                    return {w for n in names for w in fold(n).split()}

                prior = [m for m in before if m.type == "ORG" and {low} | mods <= words_of(m)]
                if not prior and low in COMPANY_HEADS and not mods:  # "the company": the last company named
                    prior = [m for m in before if m.type == "ORG" and company_heads(fold(m.key).split())]
                if prior:
                    self.add(span, prior[-1].key, "ORG", "description")
                elif (mods := [c for c in tok.lefts if c.dep_ in {"amod", "compound"} and c.is_lower and c.is_alpha]):
                    words = [c.text for c in mods] + [tok.text]
                    self.add(self.doc[mods[0].i:tok.i + 1], " ".join(w.capitalize() for w in words), "ORG", "description")
            elif low in PERSON_ROLE_HEADS:
                prior = [m for m in before if m.type == "PERSON" and {low} | mods <= set(fold(m.role).split())]
                if prior:
                    self.add(span, prior[-1].key, "PERSON", "description")

    def missed_surnames(self) -> None:
        """A capitalised word the model did not tag that is the first or last word of a person named in the
        article ("Zinoviev responded in a Facebook post")."""
        ends = {}
        for m in self.full_names:
            w = fold(m.key).split()
            ends.setdefault(w[0], m)
            ends.setdefault(w[-1], m)
        for tok in self.doc:
            if self.taken[tok.i] or tok.pos_ != "PROPN" or not tok.is_title or tok.ent_type_ not in {"", "PERSON"}:
                continue
            if fold(tok.text) in self.places:
                continue
            if tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.pos_ == "PROPN" and is_title_word(tok.nbor()):
                continue  # "Romblon Governor Leonora de la Paz": a word before a title qualifies it
            m = ends.get(fold(tok.text))
            if m is None:
                continue
            prior = [f for f in self.full_names if f.start_char < tok.idx and fold(tok.text) in fold(f.key).split()]
            self.add(self.doc[tok.i:tok.i + 1], (prior[-1] if prior else m).key, "PERSON", "surname")

    def late_surnames(self) -> None:
        """A bare surname before its full name joins the first full name after it (the model also tags a lone
        surname as ORG or GPE now and then: "Zelenskyy said")."""
        for m in self.mentions:
            if m.how == "ner" and " " not in m.key.strip() and "-" in m.key and len(fold(m.key).split()) > 1:
                # "Hoffmann-Weiß" (whatever the model's tag): a double-barrelled surname of a full name
                named = [f for f in self.full_names if is_surname_of(fold(m.key).split(), f.key, hyphenated=True)]
                if named:
                    before = [f for f in named if f.start_char < m.start_char]
                    m.key, m.how, m.type = (before[-1] if before else named[0]).key, "surname", "PERSON"
                continue
            if m.how == "ner" and m.type == "PERSON" and len(fold(m.key).split()) > 1:
                # "De la Paz" before "Governor Leonora de la Paz": a surname of several words
                later = [f for f in self.full_names if f is not m and is_surname_of(fold(m.key).split(), f.key)]
                if later:
                    m.key, m.how = later[0].key, "surname"
                    self.full_names.remove(m)
                continue
            if m.how != "ner" or len(fold(m.key).split()) != 1:
                continue
            # a surname is the first (Kim Hong-kyun) or last (Vladimir Putin) word of a full name; a word the model
            # took for a place or an organisation only the last ("Zelenskyy said"; not the province "Romblon" of
            # "Romblon Star", a company the model took for a person)
            ends = (0, -1) if m.type == "PERSON" else (-1,)
            named = [f for f in self.full_names if fold(m.key) in [fold(f.key).split()[e] for e in ends]]
            before = [f for f in named if f.start_char < m.start_char]
            if named and (m.type == "PERSON" or m.text[:1].isupper() and not m.text.isupper()):
                m.key, m.how, m.type = (before[-1] if before else named[0]).key, "surname", "PERSON"


# Words that start a surname of several words: "de la Paz", "Dela Cruz", "van der Berg", "Al Hashimi"
SURNAME_PARTICLES = {"de", "del", "dela", "della", "delos", "da", "das", "do", "dos", "di", "du", "la", "le", "lo",
                     "van", "von", "der", "den", "ter", "ten", "al", "el", "bin", "ben", "ibn", "abu", "st", "san",
                     "santa", "mac", "mc", "o"}


# Nouns that say the one they describe is a person: "Ana Cruz, a fisherman from Banton", "..., the mayor"
PERSON_NOUNS = (OCCUPATIONS - {"owner", "manager"}) | (TITLE_WORDS - {"head", "first", "foreign", "prime", "vice", "deputy", "general",
                                             "chief", "defence", "defense", "official"}) | {
    "man", "woman", "mother", "father", "son", "daughter", "wife", "husband", "widow", "widower", "grandmother",
    "grandfather", "boy", "girl", "resident", "neighbour", "neighbor", "relative", "native", "veteran",
    "pensioner", "retiree", "mayor", "spokesman", "spokeswoman", "villager", "homeowner", "tenant", "mother-of-two"}


def _described_as_a_person(span: Span) -> bool:
    """A name of two to four capitalised words followed by an apposition whose noun is a person's ("Crisanto
    Reyes, a fisherman from Banton", "Ana Cruz, 58, a retired teacher"): a person, whatever the model's tag."""
    words = [t for t in span if not t.is_punct]
    if not 2 <= len(words) <= 4 or not all(t.is_title and t.is_alpha for t in words):
        return False
    doc = span.doc
    i = span.end
    if i >= len(doc) or doc[i].text != ",":
        return False
    i += 1
    if i + 1 < len(doc) and doc[i].like_num and doc[i + 1].text == ",":  # an age
        i += 2
    if i < len(doc) and doc[i].lower_ in {"a", "an", "the"}:
        i += 1
    for tok in doc[i:i + 4]:  # the noun, after at most three modifiers ("a retired primary teacher")
        if tok.lower_ in PERSON_NOUNS or tok.lemma_.lower() in PERSON_NOUNS:
            return True
        if tok.pos_ not in ("ADJ", "NOUN", "PROPN", "VERB") or tok.text == ",":
            return False
    return False


def is_title_word(tok) -> bool:
    """Whether ``tok`` is a title word ("Governor", "minister", "spokesman")."""
    return tok.lower_ in TITLE_WORDS or NAME_PREFIXES.match(tok.text + " ") is not None


def is_surname_of(words: list[str], full_name: str, *, hyphenated: bool = False) -> bool:
    """Whether the folded ``words`` of a surname of several words, which start with a surname particle ("de",
    "la", "paz") or were written joined by hyphens ("hoffmann", "weiss"), are how the longer ``full_name`` ends,
    spacing aside ("Leonora Dela Paz", "Leonora de la Paz", "Katrin Hoffmann-Weiß")."""
    if not words or not hyphenated and words[0] not in SURNAME_PARTICLES:
        return False
    full = fold(full_name).split()
    joined = "".join(words)
    return any("".join(full[k:]) == joined for k in range(1, len(full)))


def _name_with_initials(doc, paren: int, acr: str) -> Span | None:
    """The words right before ``paren`` whose capitalised initials spell ``acr`` (function words skipped), with
    an adjacent all-caps qualifier kept ("UN Office for the Coordination of Humanitarian Affairs")."""
    letters = acr.lower().replace("&", "")
    j, got = paren, ""
    while j > 0 and len(got) < len(letters):
        t = doc[j - 1]
        if t.lower_ in FUNCTION_WORDS or t.text in {"-", "'s", "’s"}:
            j -= 1
            continue
        if not (t.is_title or t.is_upper) or not t.is_alpha:
            return None
        got = t.text[0].lower() + got
        j -= 1
    if got != letters:
        return None
    while j < paren and doc[j].lower_ in FUNCTION_WORDS:
        j += 1
    if j > 0 and doc[j - 1].is_upper and doc[j - 1].is_alpha and len(doc[j - 1]) <= 4:
        j -= 1
    return doc[j:paren] if paren - j >= 2 else None


def _capitalised_run(doc, end: int) -> Span | None:
    """The capitalised words (with function words between them) right before token ``end``: "Disaster and
    Emergency Management Authority" before "(AFAD)". None unless two capitalised words or more."""
    j = end
    while j > 0 and ((doc[j - 1].is_title or doc[j - 1].is_upper) and doc[j - 1].is_alpha
                     or doc[j - 1].lower_ in FUNCTION_WORDS and j - 2 >= 0 and doc[j - 2].is_title):
        j -= 1
    while j < end and doc[j].lower_ in FUNCTION_WORDS:
        j += 1
    return doc[j:end] if sum(doc[k].is_title or doc[k].is_upper for k in range(j, end)) >= 2 else None


def _extend_name(span: Span, taken: list[bool]) -> Span:
    """Grow a person's name over capitalised name words the model left out: a first name before
    ("Carmen García" tagged as "García") and a second surname after ("Márquez Ibáñez")."""
    doc = span.doc
    start, end = span.start, span.end

    def namelike(t) -> bool:
        return (t.pos_ == "PROPN" and t.is_title and t.is_alpha and not taken[t.i] and t.ent_type_ in {"", "PERSON"}
                and t.lower_ not in TITLE_WORDS and t.lower_ not in FUNCTION_WORDS)

    while start > 0 and namelike(doc[start - 1]) and doc[start - 1].whitespace_:
        start -= 1
    while end < len(doc) and namelike(doc[end]) and doc[end - 1].whitespace_:
        end += 1
    return doc[start:end]


def _not_a_name(span: Span) -> bool:
    """What the model sometimes calls a person but is a rank and an agency ("RCMP Staff Sgt") or a numbered
    thing ("Highway 5A")."""
    if any(t.like_num or any(c.isdigit() for c in t.text) for t in span):
        return True
    words = [t for t in span if t.is_alpha]
    return all(t.is_upper or fold(t.text) in TITLE_ABBREVIATIONS | TITLE_WORDS for t in words)


def _is_place(span: Span, doc) -> bool:
    """A lone capitalised word the model took for a person but the grammar puts in a place: after a place
    preposition ("in Pütürge"), naming a place noun ("the town of Pütürge", "Atocha station")."""
    root, head = span.root, span.root.head
    if root.dep_ == "conj" and head.ent_type_ in {"GPE", "LOC", "FAC"}:  # "between Ashby Creek and Merritt"
        return True
    if root.dep_ == "pobj" and head.lower_ in PLACE_PREPOSITIONS | {"between"}:
        return not (head.lower_ == "to" and head.head.lower_ == "according")
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS:
        return True
    return root.dep_ == "compound" and head.lemma_.lower() in PLACE_NOUNS


def _byline_mentions(parsed: ParsedArticle) -> list[Mention]:
    """The authors named in the byline ("Justin McCurry", "Jane Doe and John Roe"; "By : AFP" names an agency)."""
    from .ingest import OUTLETS, _is_person_name

    article = parsed.article
    found = []
    for start, end, kind in article.regions:
        if kind != "byline" or not article.byline:
            continue
        for name in re.split(r"\s*(?:,|\band\b|&)\s*", article.byline):
            at = article.text.find(name, start, end) if name else -1
            if at < 0:
                continue
            is_person = _is_person_name(name) and name.casefold() not in OUTLETS
            found.append(Mention(at, at + len(name), name, name, "PERSON" if is_person else "ORG", "byline",
                                 "author" if is_person else "", None))
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
    # a middle name added (Andrzej Duda, Andrzej Sebastian Duda) or a second surname (Ignacio Márquez Ibáñez)
    return short[0] == long_[0] and (short[-1] == long_[-1] or long_[:len(short)] == short)


def same_org(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if fa == fb or fuzz.ratio(fa, fb) >= 92 and not _other_acronym(a, b):
        return True
    acro = lambda s: "".join(w[0] for w in s.split() if w not in FUNCTION_WORDS)
    return len(fa) >= 2 and (fa.replace(" ", "") == acro(fb) or fb.replace(" ", "") == acro(fa)) and min(len(fa), len(fb)) >= 2


def actor_id(name: str, type_: str) -> str:
    return type_[0].lower() + hashlib.sha1(f"{type_}:{fold(name)}".encode()).hexdigest()[:8]


MentionCount = tuple[str, str, str, "str | None", int]  # (key, type, text, how, number of mentions)


@dataclasses.dataclass
class MergedActors:
    """Actors joined across articles (``merge_mentions``)."""
    actors: pd.DataFrame   # ACTOR_COLUMNS
    of_key: dict[str, tuple[str, str, str]]  # article-local key → (actor_id, name, type) of its mentions
    local: pd.DataFrame    # article_id, key, actor_id, name: what an article-local key stands for in its article
    anywhere: dict[str, tuple[str, str]]  # key → (actor_id, name), for a key asked where it has no mention

    def mention_table(self, mentions: pd.DataFrame) -> pd.DataFrame:
        """The ``mentions`` table (``MENTION_COLUMNS``) of mention rows merged here, in their order."""
        return _with_actors(mentions, self.of_key)[list(MENTION_COLUMNS)].astype(MENTION_COLUMNS)

    def canonical(self, article_id: pd.Series, key: pd.Series) -> tuple[pd.api.extensions.ExtensionArray, ...]:
        """(actor_id, name) for each article-local key asked about in an article (a claimant, a speaker): what
        the key stands for in that article, else what it names anywhere, else no id and the key as the name;
        both empty where there is no key."""
        asked = pd.DataFrame({"article_id": article_id.array, "key": key.array})
        found = asked.merge(self.local, on=["article_id", "key"], how="left")  # keeps the order asked
        ids, names = [], []
        for k, aid, name in zip(asked["key"], found["actor_id"], found["name"]):
            if k is pd.NA or not k:
                aid, name = "", ""
            elif aid is pd.NA:
                aid, name = self.anywhere.get(k, ("", k))
            ids.append(aid)
            names.append(name)
        return pd.array(ids, dtype="string"), pd.array(names, dtype="string")


def merge_actors(mention_rows: list[dict]) -> tuple[list[dict], list[dict], dict[tuple[str, str], tuple[str, str]]]:
    """``merge_mentions`` for mention rows held as dicts (``ArticleActors.rows()``).

    Returns (actor rows, mention rows with actor_id and name, {(article_id, key): (actor_id, name)}, where
    article_id "*" gives what a key names anywhere)."""
    rows = frame(mention_rows, MENTION_ROW_FIELDS)
    merged = merge_mentions(rows)
    by_key = {(a, k): (aid, name) for a, k, aid, name in merged.local.itertuples(index=False)}
    for k, found in merged.anywhere.items():
        by_key.setdefault(("*", k), found)
    return merged.actors.to_dict("records"), merged.mention_table(rows).to_dict("records"), by_key


def merge_mentions(mentions: pd.DataFrame) -> MergedActors:
    """Join article-local keys across articles into actors, from the mention rows of the corpus in order
    (a frame with ``MENTION_ROW_FIELDS``); ``MergedActors.mention_table`` then gives the ``mentions`` table.

    The clustering sees each (key, type, spelling, how) once with its count (``count_mentions``), and every
    per-mention result is a function of the mention's key, mapped back onto the rows with arrays: memory holds
    no Python object per mention, so it does not grow with the corpus by more than the frames themselves."""
    counts = count_mentions(mentions)
    resolved = resolve_keys(counts)
    actor_rows, key_map = cluster_keys(counts, resolved)
    codes, keys = pd.factorize(mentions["key"].array)
    aid_of = {row["actor_id"]: i for i, row in enumerate(actor_rows)}
    of_key = [key_map[resolved[k]] for k in keys]  # (actor_id, name, type) of each distinct key
    actor_of_row = np.array([aid_of[aid] for aid, _n, _t in of_key], dtype=np.int64)[codes]
    actors = _actor_stats(pd.DataFrame(actor_rows, columns=["actor_id", "name", "type"]), actor_of_row, mentions)
    anywhere: dict[str, tuple[str, str]] = {}
    for (_type, k), (aid, name, _t) in key_map.items():
        anywhere.setdefault(k, (aid, name))
    return MergedActors(actors[list(ACTOR_COLUMNS)].astype(ACTOR_COLUMNS), dict(zip(keys, of_key)),
                        _local_keys(mentions["article_id"], codes, keys, resolved, of_key), anywhere)


def _with_actors(mentions: pd.DataFrame, of_key: dict[str, tuple[str, str, str]]) -> pd.DataFrame:
    """``mentions`` with the actor_id, name and type of each one's key (mapped per distinct key, not per row)."""
    codes, keys = pd.factorize(mentions["key"].array)
    found = [of_key[k] for k in keys]
    return mentions.assign(**{col: pd.array([v[i] for v in found], dtype="string")[codes]
                              for i, col in enumerate(("actor_id", "name", "type"))})


def count_mentions(mentions: pd.DataFrame) -> list[MentionCount]:
    """(key, type, text, how, number of mentions) of each distinct combination, in order of first mention
    (which decides ties between types as the mentions' order would)."""
    sizes = mentions.groupby(["key", "type", "text", "how"], sort=False, dropna=False).size()
    return [(key, type_, text, None if pd.isna(how) else how, int(n))
            for (key, type_, text, how), n in sizes.items()]


def resolve_keys(counts: list[MentionCount]) -> dict[str, tuple[str, str]]:
    """The (type, key) each article-local key stands for across the corpus."""
    # the model tags one name differently now and then ("Vladivostok" as a person once): the majority wins
    votes: dict[str, Counter] = defaultdict(Counter)
    for key, type_, _text, _how, n in counts:
        votes[fold(key)][type_] += n
    rank = {"PERSON": 0, "ORG": 1, "GPE": 2}
    type_of = {key: min(votes[fold(key)].most_common(), key=lambda tv: (-tv[1], rank.get(tv[0], 3)))[0]
               for key, *_rest in counts}
    # a name defined in one article ("Disaster and Emergency Management Authority (AFAD)", "known as Kızılay")
    # stands for the same actor where another article uses it alone
    defined: dict[str, set] = defaultdict(set)
    for key, _type, text, how, _n in counts:
        if how in {"acronym", "known as"} and text != key:
            defined[text].add(key)
    resolved = {key: (type_, next(iter(defined[key])) if key in defined and len(defined[key]) == 1 else key)
                for key, type_ in type_of.items()}
    # the model cuts organisation names with function words inside and calls the rest a person ("Vivienda
    # Digna" for "Plataforma por la Vivienda Digna"), or takes a company named without its company words for a
    # person ("Romblon Star" for "Romblon Star Shipping Lines"): a "person" that is the tail of an organisation,
    # or its head before company words, is that organisation
    org_tails: dict[tuple[str, ...], set[str]] = defaultdict(set)  # trailing words of an org name → org keys
    org_heads: dict[tuple[str, ...], set[str]] = defaultdict(set)  # an org name less its company words → keys
    for k in {k for type_, k in resolved.values() if type_ == "ORG"}:
        words = fold(k).split()
        for n in range(1, len(words)):
            org_tails[tuple(words[-n:])].add(k)
        for head in company_heads(words):
            org_heads[head].add(k)
    for key, (type_, k) in resolved.items():
        words = tuple(fold(k).split())
        if type_ == "PERSON" and words:
            # a tail of two words or more ("Vivienda Digna"), or a company's name without its company words,
            # even one word ("Velmora" for "Velmora Automotive")
            found = org_heads.get(words, set()) | (org_tails.get(words, set()) if len(words) >= 2 else set())
            owners = sorted(found, key=lambda o: -len(fold(o).split()))
            # one organisation, or names of one that nest ("Romblon Star Shipping" in "... Shipping Lines")
            if owners and all(_nested(o, owners[0]) for o in owners):
                resolved[key] = ("ORG", owners[0])
    return resolved


def _nested(short: str, long_: str) -> bool:
    """Whether ``short`` is ``long_`` less some leading or trailing words ("Romblon Star Shipping" of "Romblon
    Star Shipping Lines")."""
    s, w = fold(short).split(), fold(long_).split()
    return any(w[i:i + len(s)] == s for i in range(len(w) - len(s) + 1))


def cluster_keys(counts: list[MentionCount], resolved: dict[str, tuple[str, str]]
                 ) -> tuple[list[dict], dict[tuple[str, str], tuple[str, str, str]]]:
    """Cluster the resolved keys of each type into actors: (actor rows with actor_id, name and type, in cluster
    order; {(type, key): (actor_id, name, type)})."""
    aliases = load_aliases()
    canon_of_alias = {c for c, _t in aliases.values()}
    hows: dict[str, set] = defaultdict(set)
    keys: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (type, key) -> spellings
    for key, _type, text, how, n in counts:
        type_, k = resolved[key]
        hows[k].add(how)
        keys[(type_, k)][text] += n
    described = {k for k, h in hows.items() if h == {"description"}}
    clusters: list[list[tuple[str, str]]] = []
    for type_ in sorted({t for t, _k in keys}):
        names = sorted((k for t, k in keys if t == type_), key=lambda k: (-len(fold(k).split()), -sum(keys[(type_, k)].values()), k))
        clusters += [[(type_, k) for k in g] for g in _cluster_names(type_, names, described)]
    key_map: dict[tuple[str, str], tuple[str, str, str]] = {}
    actors = []
    for cluster in clusters:
        counts_of = Counter()
        for tk in cluster:
            counts_of.update({tk[1]: sum(keys[tk].values())})
        listed = [k for _t, k in cluster if k in canon_of_alias]
        multiword = [k for k in counts_of if len(fold(k).split()) > 1] or list(counts_of)
        name = listed[0] if listed else max(multiword, key=lambda k: (counts_of[k], len(k)))
        type_ = cluster[0][0]
        aid = actor_id(name, type_)
        for tk in cluster:
            key_map[tk] = (aid, name, type_)
        actors.append({"actor_id": aid, "name": name, "type": type_})
    return actors, key_map


def _actor_stats(actors: pd.DataFrame, actor_of_row: np.ndarray, mentions: pd.DataFrame) -> pd.DataFrame:
    """``actors`` with variants (spellings, most used first), role (the most given), n_mentions and n_articles,
    from the mentions (``actor_of_row``: each mention's row in ``actors``)."""
    n = len(actors)
    variants = _ranked(actor_of_row, mentions["text"])
    has_role = (mentions["role"].fillna("") != "").to_numpy(dtype=bool)
    roles = _ranked(actor_of_row[has_role], mentions["role"][has_role])
    pairs = pd.DataFrame({"actor": actor_of_row, "article_id": mentions["article_id"].array}).drop_duplicates()
    return actors.assign(
        variants=["|".join(variants.get(i, ())) for i in range(n)],
        role=[roles[i][0] if i in roles else "" for i in range(n)],
        n_mentions=np.bincount(actor_of_row, minlength=n),
        n_articles=np.bincount(pairs["actor"].to_numpy(dtype=np.int64), minlength=n))


def _ranked(actor_of_row: np.ndarray, values: pd.Series) -> dict[int, list[str]]:
    """For each actor, its distinct values, the most frequent first and ties in order of first mention (the
    order of ``Counter.most_common`` over the mentions)."""
    df = pd.DataFrame({"actor": actor_of_row, "value": values.array, "pos": np.arange(len(actor_of_row))})
    ranked = (df.groupby(["actor", "value"], sort=False).agg(n=("pos", "size"), first=("pos", "min")).reset_index()
              .sort_values(["actor", "n", "first"], ascending=[True, False, True]))
    return {int(a): list(g) for a, g in ranked.groupby("actor", sort=False)["value"]}


def _local_keys(article_id: pd.Series, codes: np.ndarray, keys, resolved: dict[str, tuple[str, str]],
                of_key: list[tuple[str, str, str]]) -> pd.DataFrame:
    """article_id, key, actor_id, name: in each article, what its keys (as written, and as resolved) stand for.
    A key that two of an article's keys resolve to goes with the one mentioned last."""
    last = (pd.DataFrame({"article_id": article_id.array, "code": codes, "pos": np.arange(len(codes))})
            .groupby(["article_id", "code"], sort=False)["pos"].max().reset_index())
    code = last["code"].to_numpy()
    written = pd.array(list(keys), dtype="string")
    resolved_key = pd.array([resolved[k][1] for k in keys], dtype="string")
    aid = pd.array([v[0] for v in of_key], dtype="string")[code]
    name = pd.array([v[1] for v in of_key], dtype="string")[code]
    both = pd.concat([last.assign(key=written[code], actor_id=aid, name=name),
                      last.assign(key=resolved_key[code], actor_id=aid, name=name)], ignore_index=True)
    both = both.sort_values("pos", kind="stable").drop_duplicates(["article_id", "key"], keep="last")
    return both[["article_id", "key", "actor_id", "name"]].reset_index(drop=True)


COMPANY_HEADS = {"company", "firm", "operator", "carrier", "airline"}  # "the company" → a name in COMPANY_WORDS
# Words a company's name may drop ("Romblon Star" for "Romblon Star Shipping Lines", "Acme" for "Acme Corp.")
COMPANY_WORDS = {"lines", "line", "shipping", "airlines", "airways", "air", "group", "company", "co", "corp",
                 "corporation", "inc", "incorporated", "ltd", "limited", "plc", "llc", "llp", "holdings", "holding",
                 "industries", "enterprises", "ag", "sa", "se", "gmbh", "nv", "bv", "spa", "srl", "ab", "asa", "oyj",
                 "pty", "pte", "bhd", "kk", "ferries", "ferry", "transport", "logistics", "motors", "systems",
                 "automotive", "auto", "aerospace", "pharmaceuticals", "pharma", "chemicals", "steel", "energy",
                 "technologies", "technology", "electronics", "telecom", "foods", "brands", "mining", "petroleum"}


def company_heads(words: list[str]) -> list[tuple[str, ...]]:
    """The shorter names a company's folded name ``words`` may go by: itself less its trailing company words
    (["romblon", "star", "shipping", "lines"] → ("romblon", "star", "shipping"), ("romblon", "star"))."""
    return [tuple(words[:n]) for n in range(1, len(words)) if all(w in COMPANY_WORDS for w in words[n:])]


def _cluster_names(type_: str, names: list[str], described: set[str]) -> list[list[str]]:
    """Each name joins the first group it matches (``same_person``/``same_org`` with a member, or the group
    that ``_only_surname_match``/``_only_container`` names, or the one group whose longer name is this one
    with company words after it: "Romblon Star", "Romblon Star Shipping Lines"), else starts a group of its
    own. Indexes of the
    members give the candidate groups, so a name is not compared with every group: the result is the same as
    trying the groups one by one, at a cost that grows with the corpus instead of its square."""
    groups: list[list[str]] = []
    by_shape: dict[tuple, list[tuple[int, list[str]]]] = defaultdict(list)  # PERSON: (n words, initials)
    by_ends: dict[tuple, list[tuple[int, list[str]]]] = defaultdict(list)   # PERSON: (first word, last word)
    by_word: dict[str, set[int]] = defaultdict(set)      # PERSON: a word of a multi-word name → its groups
    by_prefix: dict[tuple, set[int]] = defaultdict(set)  # PERSON: leading words of a longer name → groups
    by_tail: dict[tuple, set[int]] = defaultdict(set)    # others: trailing words of a longer name → groups
    by_head: dict[tuple, set[int]] = defaultdict(set)    # others: a longer name less its company words → groups
    by_length: dict[int, list[tuple[int, str, str]]] = defaultdict(list)  # others: folded length → (group,
    # folded name, name)
    by_squashed: dict[str, set[int]] = defaultdict(set)  # others: folded name without spaces → groups
    by_acronym: dict[str, set[int]] = defaultdict(set)   # others: acronym of the folded name → groups
    acro = lambda s: "".join(w[0] for w in s.split() if w not in FUNCTION_WORDS)

    def index(gi: int, name: str) -> None:
        f = fold(name)
        words = f.split()
        if type_ == "PERSON":
            if words:
                by_shape[(len(words), tuple(w[0] for w in words))].append((gi, words))
            if len(words) > 1:
                by_ends[(words[0], words[-1])].append((gi, words))
                for w in words:
                    by_word[w].add(gi)
                for n in range(2, len(words)):
                    by_prefix[tuple(words[:n])].add(gi)
            return
        for n in range(1, len(words)):
            by_tail[tuple(words[-n:])].add(gi)
        for head in company_heads(words):
            by_head[head].add(gi)
        by_length[len(f)].append((gi, f, name))
        if len(f) >= 2:
            by_squashed[f.replace(" ", "")].add(gi)
            by_acronym[acro(f)].add(gi)

    def first_person_group(name: str) -> int | None:
        words = fold(name).split()
        if not words:
            return None
        hits = [gi for gi, other in by_shape.get((len(words), tuple(w[0] for w in words)), ())
                if all(fuzz.ratio(x, y) >= 80 for x, y in zip(words, other))]
        if len(words) > 1:
            hits += [gi for gi, other in by_ends.get((words[0], words[-1]), ()) if len(other) != len(words)]
            hits += by_prefix.get(tuple(words), ())  # a second surname: "Ignacio Márquez (Ibáñez)"
        elif len(by_word.get(words[0], ())) == 1:  # _only_surname_match
            hits += by_word[words[0]]
        return min(hits, default=None)

    def first_org_group(name: str) -> int | None:
        f = fold(name)
        hits = []
        # fuzz.ratio(a, b) >= 92 needs |len(a) - len(b)| <= 8 % of len(a) + len(b)
        for length in range(int(len(f) * 0.84) - 1, int(len(f) / 0.84) + 2):
            hits += [gi for gi, other, written in by_length.get(length, ()) if other == f
                     or fuzz.ratio(f, other) >= 92 and not _other_acronym(name, written)]
        if len(f) >= 2:
            for gi in by_acronym.get(f.replace(" ", ""), set()) | by_squashed.get(acro(f), set()):
                if any(same_org(name, x) for x in groups[gi]):
                    hits.append(gi)
        words = f.split()
        if words and (len(words) >= 2 or name in described) and len(by_tail.get(tuple(words), ())) == 1:
            hits += by_tail[tuple(words)]  # _only_container
        if words and len(by_head.get(tuple(words), ())) == 1:  # "Romblon Star" = "Romblon Star Lines", "Acme" = "Acme Corp"
            hits += by_head[tuple(words)]
        if (short := leading_acronym(name)) is not None:  # "BC Wildfire Service" = "British Columbia Wildfire Service"
            letters, rest = short
            hits += [gi for gi in by_tail.get(rest, ()) if any(acronym_expands(letters, rest, x) for x in groups[gi])]
        return min(hits, default=None)

    for name in names:
        gi = first_person_group(name) if type_ == "PERSON" else first_org_group(name)
        if gi is None:
            gi = len(groups)
            groups.append([])
        groups[gi].append(name)
        index(gi, name)
    return groups


def leading_acronym(name: str) -> tuple[str, tuple[str, ...]] | None:
    """("bc", ("wildfire", "service")) for "BC Wildfire Service": a name that starts with an acronym of two to
    four capitals followed by other words, as (its letters, the folded words after it); else None."""
    words = name.split()
    if len(words) < 2 or not re.fullmatch(r"[A-Z]{2,4}", words[0].replace(".", "")):
        return None
    return words[0].replace(".", "").lower(), tuple(fold(" ".join(words[1:])).split())


def _other_acronym(a: str, b: str) -> bool:
    """Both names start with an acronym, and not the same one: "NB Wildfire Service" is not "BC Wildfire
    Service", however alike the strings."""
    sa, sb = leading_acronym(a), leading_acronym(b)
    return sa is not None and sb is not None and sa[0] != sb[0]


def acronym_expands(letters: str, rest: tuple[str, ...], other: str) -> bool:
    """Whether ``other`` is the name whose leading acronym is ``letters`` written out: its words end with
    ``rest`` and the words before are exactly as many as the letters, with those initials ("British Columbia"
    for BC, "United Nations" for UN)."""
    words = fold(other).split()
    head = words[:len(words) - len(rest)]
    return words[len(head):] == list(rest) and len(head) == len(letters) and \
        "".join(w[0] for w in head) == letters


def _only_container(name: str, groups: list[list[str]], described: set[str] = frozenset()) -> list[str] | None:
    """The one group holding a longer name that ends with this one ("Security Council" → "UN Security
    Council"), if exactly one does; two candidates ("UN Security Council", "National Security Council") join
    neither. A one-word name joins only when it comes from descriptions ("police" → "National Police")."""
    words = fold(name).split()
    if not words or len(words) < 2 and name not in described:
        return None
    hits = [g for g in groups if any(fold(x).split()[-len(words):] == words and len(fold(x).split()) > len(words) for x in g)]
    return hits[0] if len(hits) == 1 else None


def _only_surname_match(surname: str, groups: list[list[str]]) -> list[str] | None:
    """The one group of full names that has this surname, if exactly one does."""
    word = fold(surname)
    hits = [g for g in groups if any(len(fold(x).split()) > 1 and word in fold(x).split() for x in g)]
    return hits[0] if len(hits) == 1 else None
