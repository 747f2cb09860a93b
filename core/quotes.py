"""Direct quotations and who said them.

``extract_quotes(parsed, actors)`` returns one row per quotation in an article's body: the words inside a
pair of quotation marks (straight "…", curly “…”, German „…“, guillemets «…» and »…«, CJK 「…」, and single ‘…’,
‚…‘ or ‹…› when they clearly pair up; a quote within a quote stays part of the outer one), the
speech cue that attributes them and an article-local ``speaker_key`` (an actor key from ``ArticleActors.resolve``, or a
plain descriptive phrase such as "national security council spokesperson", or None). ``corpus.py`` turns the key
into ``speaker``/``speaker_id``.

The quote marks are paired by our own scanner, paragraph by paragraph, so a stray mark or an apostrophe
(containers' worth, Korea’s) never hides or swallows the other quotes: an unclosed quote is capped at its
paragraph end unless the next paragraph opens with a quote mark, the convention for a quote that runs over
several paragraphs. An unbalanced mark is reported, not guessed around in silence: ``extract_quotes(...,
problems=[...])`` describes each for the reader (``corpus`` adds it to the article's warnings). Names in
quotation marks (the "Storm Corps", a title) are not quotes.

The speaker is found, in this order: the subject of the nearest speech verb that governs the quote in the
dependency parse ("Kim described it as a “threat”", "“…,” he said", "the ministry quoted Kim as saying
“…”");
a cue right after the quote ("“…,” according to the NIS"); a cue right before it ("Peskov said: “…”"); the
subject of the clause the quote is woven into; for a quote standing alone with no cue, the speaker of the
same words quoted earlier in the article (a pull quote), else the speaker of the quote just before it in the
same or previous paragraph; and for a paragraph that is a quote and nothing else,
after a paragraph without quotes, the first person that paragraph names as the subject of a clause (the
speaker it introduces).

``quotes`` table (``COLUMNS``):

| column | dtype | meaning |
| --- | --- | --- |
| article_id | string | the article |
| sentence_id | Int64 | the sentence where the quote opens |
| start_char | Int64 | offset of the quote text (inside the marks) in the article text |
| end_char | Int64 | end offset: ``text[start_char:end_char] == quote`` |
| quote | string | the text inside the quotation marks |
| speaker | string | canonical name of who said it (filled by corpus.py), else the descriptive phrase, else empty |
| speaker_id | string | the speaker's actor_id (filled by corpus.py), empty when the speaker is not an actor |
| cue | string | the speech verb or phrase: "said", "told", "according to", "quoted ... as saying", ":"; empty for an uncued continuation |
| kind | string | `statement` (a clause or sentence of the speaker's) or `fragment` (a few words woven into the reporter's sentence) |
| sentence | string | text of the sentence(s) holding the quote |
"""
from __future__ import annotations

import dataclasses
import functools
import logging
import re

from spacy.tokens import Doc, Span, Token

from .actors import ArticleActors, Mention, fold
from .parse import ParsedArticle

COLUMNS = {"article_id": "string", "sentence_id": "Int64", "start_char": "Int64", "end_char": "Int64",
           "quote": "string", "speaker": "string", "speaker_id": "string", "cue": "string", "kind": "string",
           "sentence": "string"}

log = logging.getLogger(__name__)

# Lemmas of verbs that report speech or a stated position. A verb only counts as a cue when it reports
# something done, so a modal use ("Seoul will respond by ...") is skipped in ``_is_cue``.
SPEECH_VERBS = set("""say tell add state note warn urge express describe call condemn emphasize emphasise insist
claim argue write declare announce caution respond reply ask explain accuse dismiss deny acknowledge articulate
stress mention suggest indicate demand vow pledge promise report tweet post protest complain predict concede
admit confirm comment remark assert allege recall conclude criticise criticize praise brand label reiterate
underline underscore maintain observe testify hail welcome slam lament decry characterise characterize voice
threaten appeal plead tout quote cite continue agree""".split())
QUOTING_VERBS = {"quote", "cite"}  # "X quoted Y as saying": the speaker is the object, not the subject
MODALS = {"will", "would", "could", "can", "may", "might", "shall", "should", "must", "'ll", "’ll"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
# Role nouns of a definite description that points back to the person last named with that role ("the minister").
ROLE_NOUNS = {"minister", "president", "spokesperson", "spokesman", "spokeswoman", "ambassador", "envoy",
              "chancellor", "secretary", "leader", "premier", "governor", "mayor", "general", "commander",
              "chief", "head", "director", "senator", "prosecutor", "judge", "diplomat", "official"}
# Words that mark the quoted words as a name, not something said ("the so-called “Storm Corps”").
NAMING_CUES = re.compile(
    r"\b(?:so-called|dubbed|known as|nicknamed|code-?named|titled|entitled)(?:\s+(?:the|a|an))?\s*$", re.I)
SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "at", "to", "a", "an", "de", "du", "la", "le", "by", "with"}

# Double marks: English “…”, German „…“ (Polish „…”), French «…» (and reversed »…«), straight "…". Copy mixes
# them, so any of them closes a quote another opened. Single marks (English ‘…’ and '…', German ‚…‘, ‹…› and
# reversed ›…‹) make a quote only outside a double one: inside, they are a quote within the quote, or
# apostrophes. CJK corner brackets 「…」 and 『…』 pair only with their own closer and need no space around them.
DOUBLE_OPEN, DOUBLE_CLOSE = "“„«", "”»"
SINGLE_PAIRS = {"‘": "’'", "'": "’'", "‚": "‘’", "‹": "›", "›": "‹"}   # opening mark → its closing marks
CJK_PAIRS = {"「": "」", "『": "』"}
SINGLE_OPEN, SINGLE_CLOSE = "‘‚‹", "’›"
OPENING = DOUBLE_OPEN + SINGLE_OPEN + "".join(CJK_PAIRS)
CLOSING = DOUBLE_CLOSE + SINGLE_CLOSE + "".join(CJK_PAIRS.values())
# A double mark of another family that opens inside a quote starts a quote within it (« il a dit “non” »),
# when its closing mark follows in the same paragraph.
FAMILY = {"“": "curly", "”": "curly", "„": "curly", "«": "guillemet", "»": "guillemet", '"': "straight"}
INNER_CLOSE = {'"': '"', "“": "”", "„": "“”", "«": "»", "»": "«", "「": "」", "『": "』"}
MARK = re.compile("[\"'“”„«»‘’‚‹›「」『』]")
OPEN_BEFORE = "([{—–-/:"          # characters after which a mark opens a quote
CLOSE_AFTER = ".,;:!?)]}—–-…"     # characters before which a mark closes one
UNCLOSED = "read up to the end of its paragraph"
REOPENED = "not read as a quote, as another opening mark came before it closed"


@dataclasses.dataclass
class QuoteSpan:
    """A paired quotation: ``start:end`` is the trimmed text inside the marks, ``open``/``close`` the marks."""
    open: int
    close: int         # index of the closing mark, or the paragraph end when the quote was capped
    start: int
    end: int
    paragraph: int     # paragraph where it opens
    end_paragraph: int  # paragraph where it closes (later than ``paragraph`` for a multi-paragraph quote)
    capped: bool = False


# --- pairing quotation marks ---------------------------------------------------------------------------------

PARAGRAPH_BREAK = re.compile(r"(?<=\S)[^\S\n]*\n\s*")  # a line break and the blanks around it


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, from its first to just past its last visible character. A line break
    inside a running sentence (a letter or comma before it, a lowercase word after it) is a scraping artefact, as
    in ``nlp.line_boundaries``, and does not end one."""
    bounds = []
    start = len(text) - len(text.lstrip())
    for m in PARAGRAPH_BREAK.finditer(text, start):
        before, after = text[m.start() - 1], text[m.end():m.end() + 1]
        if after.islower() and (before.isalpha() or before == ","):
            continue
        bounds.append((start, m.start()))
        start = m.end()
    end = len(text.rstrip())
    if end > start:
        bounds.append((start, end))
    return bounds


def _context(text: str, i: int) -> tuple[bool, bool]:
    """(can open, can close) for a quote mark at ``i``, from the characters around it."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    can_open = (prev.isspace() or prev in OPEN_BEFORE or prev in OPENING) and not nxt.isspace()
    can_close = not prev.isspace() and (nxt.isspace() or nxt in CLOSE_AFTER + CLOSING + '"\'')
    return can_open, can_close


@functools.lru_cache(maxsize=None)
def _marks(chars: str) -> re.Pattern:
    return re.compile(f"[{re.escape(chars)}]")


def _single_close(text: str, i: int, end: int, closers: str = "’'") -> int | None:
    """The mark closing a single quote opened at ``i``, within the paragraph ending at ``end``, or None.
    An apostrophe between letters (Korea’s, don't) never closes; a plural possessive (soldiers’ morale) only
    closes when no later candidate does."""
    candidates = [m.start() for m in _marks(closers).finditer(text, i + 1, end) if _context(text, m.start())[1]]
    for j in candidates:
        possessive = text[j] in "’'" and text[j - 1] == "s" and re.match(r"\s+[a-z]", text[j + 1:j + 3] or "")
        if not possessive or j == candidates[-1]:
            return j
    return None


def _inner_close(text: str, i: int, end: int) -> int | None:
    """The closing mark of a quote within a quote opened at ``i`` (a mark of another family), or None."""
    closers = INNER_CLOSE.get(text[i])
    if closers is None:
        return None
    return next((m.start() for m in _marks(closers).finditer(text, i + 1, end)
                 if text[i] in CJK_PAIRS or _context(text, m.start())[1]), None)


def find_quote_spans(text: str, problems: list[tuple[int, str]] | None = None) -> list[QuoteSpan]:
    """Pair the quotation marks of ``text``. Double marks are the outer quotes; single marks are quotes only
    outside double ones (inside, they are quotes within the quote, or apostrophes). A mark left unbalanced is
    logged and, when ``problems`` is given, added to it as ``(offset, what happened)``."""
    def unbalanced(at: int, what: str) -> None:
        log.warning("unbalanced quotation mark at char %d: %s", at, what)
        if problems is not None:
            problems.append((at, what))

    spans: list[QuoteSpan] = []
    paras = paragraphs(text)
    opened: int | None = None    # index of the unclosed double (or corner bracket) opening mark
    opened_para = 0
    for p, (p_start, p_end) in enumerate(paras):
        # a quote left open by the previous paragraph continues: skip its re-opening mark
        i = p_start + 1 if opened is not None else p_start
        while (m := MARK.search(text, i, p_end)) is not None:
            i = m.start()
            c = text[i]
            can_open, can_close = _context(text, i)
            corner = opened is not None and text[opened] in CJK_PAIRS
            if corner or c in CJK_PAIRS or c in CJK_PAIRS.values():
                if corner and c == CJK_PAIRS[text[opened]]:
                    spans.append(_span(text, opened, i, opened_para, p))
                    opened = None
                elif c in CJK_PAIRS and opened is None:
                    opened, opened_para = i, p
                elif opened is not None and (j := _inner_close(text, i, p_end)) is not None:
                    i = j   # a quote within the quote
            elif c in DOUBLE_OPEN + DOUBLE_CLOSE + '"':
                closes = opened is not None and (c in DOUBLE_CLOSE or c == '"' and (can_close or not can_open)
                                                 or c in DOUBLE_OPEN and can_close and not can_open)
                nested = (opened is not None and not closes and can_open and not can_close
                          and FAMILY.get(c) != FAMILY.get(text[opened]))
                if nested and (j := _inner_close(text, i, p_end)) is not None:
                    i = j   # a quote within the quote
                elif closes:
                    spans.append(_span(text, opened, i, opened_para, p))
                    opened = None
                elif c in DOUBLE_OPEN or can_open:
                    if opened is not None:
                        unbalanced(opened, REOPENED)
                    opened, opened_para = i, p
            elif opened is None and c in SINGLE_PAIRS and can_open and not text[i + 1].isdigit():
                # (an apostrophe before a digit is an elision, the '90s, never an opening mark)
                j = _single_close(text, i, p_end, SINGLE_PAIRS[c])
                if j is not None:
                    spans.append(_span(text, i, j, p, p))
                    i = j
            i += 1
        if opened is not None:
            nxt = paras[p + 1] if p + 1 < len(paras) else None
            reopen = CJK_PAIRS if text[opened] in CJK_PAIRS else DOUBLE_OPEN + '"'
            if nxt is None or text[nxt[0]] not in reopen:
                unbalanced(opened, UNCLOSED)
                spans.append(dataclasses.replace(_span(text, opened, p_end, opened_para, p), capped=True))
                opened = None
    return [s for s in spans if s.end > s.start and any(ch.isalnum() for ch in text[s.start:s.end])]


def _span(text: str, open_: int, close: int, para: int, end_para: int) -> QuoteSpan:
    inner = text[open_ + 1:close]
    start = open_ + 1 + len(inner) - len(inner.lstrip())
    end = close - (len(inner) - len(inner.rstrip()))
    return QuoteSpan(open_, close, start, end, para, end_para)


def is_name(text: str, before: str) -> bool:
    """Quoted words that name something rather than report speech: a short Title-Case phrase with no punctuation
    (the "Storm Corps", “War and Peace”), or any words introduced as a name ("so-called", "dubbed")."""
    if NAMING_CUES.search(before):
        return True
    words = re.findall(r"[\w'’-]+", text)
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    return (0 < len(content) <= 5 and not re.search(r"[.,;:!?]", text)
            and all(w[0].isupper() or w[0].isdigit() for w in content) and words[0][0].isupper())


# --- attributing a quote ---------------------------------------------------------------------------------------

def _subject(verb: Token) -> Token | None:
    """Who does the verb: its agent when passive ("the plan was described by Kim as"), else its subject. When
    the parse gives the verb two subjects, the nearer is it: in "“…, some of them in pyjamas,” McKinnon told
    reporters" the parser also hangs "some", inside the quote, on "told"."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    return min(subjects, key=lambda c: abs(c.i - verb.i), default=None)


def _quoted_person(verb: Token) -> Token | None:
    """The person "quoted as saying": the object of an active "quoted", the subject of a passive one."""
    return next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)


def _in_subject(span: Span | None) -> bool:
    """The phrase is (part of) the subject of its clause: "Kim", "the Kremlin spokesperson, Dmitry Peskov"."""
    if span is None:
        return False
    tok = span.root
    while tok.dep_ in {"appos", "compound", "flat", "conj"} and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in SUBJECT_DEPS


def _is_cue(tok: Token) -> bool:
    # "will respond", "has not commented": a future or denied act reports no words
    if tok.pos_ not in {"VERB", "AUX"} or any(c.dep_ == "aux" and c.lower_ in MODALS or c.dep_ == "neg"
                                              for c in tok.children):
        return False
    lemma = tok.lemma_.lower()
    return lemma in SPEECH_VERBS or lemma == "point" and any(c.lower_ == "out" for c in tok.children)


def _cue_text(tok: Token) -> str:
    if tok.lemma_.lower() in QUOTING_VERBS:
        return f"{tok.text} ... as saying"
    return " ".join([tok.text] + [c.text for c in tok.children if c.dep_ == "prt"])


class _Attributor:
    """Finds the speaker of each quote of one article. Mentions inside quotes are never speakers: in “I met Putin,”
    he said, "he" is not Putin."""

    def __init__(self, parsed: ParsedArticle, actors: ArticleActors, spans: list[QuoteSpan], text: str):
        self.doc: Doc = parsed.doc
        self.text = text           # parsed.doc.text, which spaCy rebuilds on every access
        self.actors = actors
        self.spans = spans
        self.outside = [m for m in actors.mentions if not self.in_quote(m.start_char)]
        self.last_speaker: str | None = None   # speaker key of the previous quote, set by extract_quotes

    def in_quote(self, char: int) -> bool:
        return any(s.open <= char <= s.close for s in self.spans)

    def tokens(self, q: QuoteSpan) -> Span:
        """The tokens of the quote, its marks included."""
        span = self.doc.char_span(q.open, min(q.close + 1, len(self.text)), alignment_mode="expand")
        return span if span is not None else self.doc[0:0]

    def _last_named(self, char: int, accept) -> Mention | None:
        found = None
        for m in self.outside:
            if m.end_char > char:
                break
            if accept(m):
                found = m
        return found

    def introduced(self, paragraph: tuple[int, int]) -> tuple[str, str] | None:
        """(speaker key, no cue) for a paragraph that is one quote and nothing else, after a paragraph with no
        quote that introduces someone ("Among those waiting is Ana Cruz, a fisherman whose son is missing. His
        wife has not been found." / "“I come here every morning.”"): the first person named there as the
        subject of a clause; None when that paragraph quotes anyone, or names no one so."""
        start, end = paragraph
        if any(s.open < end and s.close >= start for s in self.spans):
            return None
        for m in self.outside:
            if start <= m.start_char < end and m.type == "PERSON" and _in_subject(
                    self.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")):
                return m.key, ""
        return None

    def antecedent(self, pronoun: Token, type_: str) -> str | None:
        """What "he"/"it" refers to: the last person (organisation) outside quotes that was the subject of a clause
        in this sentence or the one before ("Kim told the envoy, Zinoviev, that ... He also said" → Kim), else the
        last one named."""
        sent_start = pronoun.sent.start
        window_start = self.doc[sent_start - 1].sent.start_char if sent_start > 0 else 0
        def named_subject(m: Mention) -> bool:
            span = self.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
            return m.type == type_ and m.start_char >= window_start and _in_subject(span)

        subjects = self._last_named(pronoun.idx, named_subject)
        m = subjects or self._last_named(pronoun.idx, lambda m: m.type == type_)
        # nobody named: the pronoun continues the last speaker ("The minister said ... “…,” she added")
        return m.key if m else self.last_speaker

    def who(self, tok: Token) -> str | None:
        """The speaker key a subject denotes: an actor, else a descriptive phrase, else None."""
        if tok.lower_ in {"who", "that", "which"} and tok.head.dep_ == "relcl":
            tok = tok.head.head
        if self.in_quote(tok.idx):
            return None
        low = tok.lower_
        if low in PERSON_PRONOUNS or low in {"it", "its"}:
            return self.antecedent(tok, "PERSON" if low in PERSON_PRONOUNS else "ORG")
        if tok.pos_ == "PRON":
            return None
        m = self.actors.actor_at(tok.idx, tok.idx + len(tok))
        if m:
            return m.key
        # a name given beside the head: an apposition first ("the Kremlin spokesperson, Dmitry Peskov"), then the
        # organisation a role belongs to ("NATO officials", "officials at the Ministry of Defence"). A country is
        # too broad ("a US official" stays descriptive) and a person beside a role is someone else ("Putin's
        # spokesman", "a Trump adviser").
        for deps, types in (({"appos"}, {"PERSON", "ORG", "GPE"}), ({"compound", "flat", "nmod", "prep"}, {"ORG"})):
            found = [m for c in tok.children if c.dep_ in deps for m in self.outside if m.type in types
                     and c.left_edge.idx <= m.start_char and m.end_char <= c.right_edge.idx + len(c.right_edge)]
            if found:
                return next((m for m in found if m.type == "PERSON"), found[0]).key
        lemma = tok.lemma_.lower()
        if lemma in ROLE_NOUNS and any(c.lower_ in {"the", "this", "that"} for c in tok.children):
            # "the minister" → the person last named with that role (actors.resolve covers organisations only)
            m = self._last_named(tok.idx, lambda m: m.type == "PERSON" and lemma in fold(m.role).split())
            if m:
                return m.key
        if tok.pos_ == "PROPN":   # a surname the entity recogniser missed: the person last named with it
            m = self._last_named(tok.idx, lambda m: m.type == "PERSON" and fold(tok.text) in fold(m.key).split())
            if m:
                return m.key
        if tok.pos_ not in {"NOUN", "PROPN"}:
            return None
        words = [t for t in self.doc[tok.left_edge.i:tok.i + 1] if not t.is_punct and not self.in_quote(t.idx)]
        while words and words[0].dep_ in {"det", "predet"}:
            words = words[1:]
        return " ".join(t.text for t in words[-6:]) or None

    def governing(self, q: QuoteSpan) -> tuple[str | None, str] | None:
        """Speaker and cue from the speech verb that governs the quote in the parse, or None."""
        toks = self.tokens(q)
        inside = {t.i for t in toks}
        for t in toks:   # the cue inside the marks, its subject outside: He “emphasized that ...”
            subj = _subject(t) if _is_cue(t) else None
            if subj is not None and subj.i not in inside:
                return self.said_by(t)
        for exit_tok in (t for t in toks if t.head.i not in inside):
            cue, h = None, exit_tok.head
            while True:
                if h.lemma_.lower() in QUOTING_VERBS and _quoted_person(h) is not None:
                    return self.said_by(h)   # "the ministry quoted Kim as saying “…”": Kim, not the ministry
                if cue is None and _is_cue(h) and not self.in_quote(h.idx):
                    cue = h
                subj = _subject(h)
                if cue is not None and subj is not None:
                    return self.who(subj), _cue_text(cue)
                if h.head.i == h.i:
                    break
                h = h.head
        return None

    def woven_subject(self, q: QuoteSpan) -> tuple[str | None, str] | None:
        """The actor subject of the nearest clause the quote is woven into, when no speech verb governs it."""
        toks = self.tokens(q)
        inside = {t.i for t in toks}
        for exit_tok in (t for t in toks if t.head.i not in inside):
            h = exit_tok.head
            while True:
                subj = _subject(h)
                if subj is not None and not self.in_quote(subj.idx):
                    m = self.actors.actor_at(subj.idx, subj.idx + len(subj))
                    if m or subj.lower_ in PERSON_PRONOUNS:
                        return self.who(subj), h.text
                if h.head.i == h.i:
                    break
                h = h.head
        return None

    def after(self, q: QuoteSpan, para_end: int) -> tuple[str | None, str] | None:
        """A cue right after the closing mark: "“…,” he said", "“…,” according to the NIS". A quote ending in a
        full stop ends its sentence, so nothing after it is its cue; after "!" or "?" the cue must come within a
        short subject ("“Why?” the minister asked") or be the verb the quote hangs from."""
        ending = self.text[q.start:q.end].rstrip(CLOSING + "\"'")[-1:]
        if ending == "." and not self.text[q.start:q.end].endswith(".."):
            return None
        heads = {t.head.i for t in self.tokens(q)}
        for n, tok in enumerate(self.between(q.close + 1, para_end)):
            if tok.text in {".", "!", "?"} or self.in_quote(tok.idx):
                return None
            if tok.lower_ == "according" and tok.i + 1 < len(self.doc) and tok.nbor(1).lower_ == "to":
                obj = next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
                return (self.who(obj) if obj is not None else None), "according to"
            if tok.pos_ == "VERB":   # the first verb after the quote must be the cue
                if not _is_cue(tok) or ending in {"!", "?"} and n > 6 and tok.i not in heads:
                    return None
                return self.said_by(tok)
        return None

    def said_by(self, cue: Token) -> tuple[str | None, str]:
        """Speaker and cue text of a speech verb: who is quoted for "quoted/cited ... as saying", else its subject."""
        person = _quoted_person(cue) if cue.lemma_.lower() in QUOTING_VERBS else None
        subj = person if person is not None else _subject(cue)
        return (self.who(subj) if subj is not None else None), _cue_text(cue)

    def between(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="contract") if end > start else None
        return list(span) if span is not None else []

    def before(self, q: QuoteSpan, para_start: int) -> tuple[str | None, str] | None:
        """A cue right before the opening mark: "Peskov said: “…”", "He said, “…”", "Peskov: “…”"."""
        lead = self.text[para_start:q.open].rstrip()
        if not lead or lead[-1] not in ":,":
            return None
        window = self.between(para_start, para_start + len(lead) - 1)
        cut = max((k for k, t in enumerate(window) if t.text in {".", "!", "?"} or self.in_quote(t.idx)), default=-1)
        window = window[cut + 1:]   # the reporter's words since the last sentence end or quote
        verbs = [t for t in window if t.pos_ == "VERB"]
        if verbs and _is_cue(verbs[-1]):
            return self.said_by(verbs[-1])
        if not verbs and lead[-1] == ":" and window:
            # "Peskov: “…”"; "Chief executive Stefan Müller was blunt: “…”": the subject of the clause before
            subject = next((t for t in window if t.dep_ in SUBJECT_DEPS), window[-1])
            return self.who(subject), ":"
        return None


def _standalone(text: str, q: QuoteSpan, para_start: int) -> bool:
    """The quote opens a sentence (or follows a colon), rather than being woven into the reporter's sentence."""
    lead = text[para_start:q.open].rstrip()
    if not lead or lead[-1] in ".!?:":
        return True
    return lead[-1] in CLOSING + "\"'" and lead[:-1].rstrip()[-1:] in ".!?,"


def _kind(toks: Span, standalone: bool) -> str:
    """``statement`` for a sentence or a clause of the speaker's own; ``fragment`` for borrowed words. A quoted
    verb phrase of ten words or more ("provided Russia with more than 13,000 containers of ...") is a clause the
    speaker said, not "a few words"."""
    if standalone:
        return "statement"
    ids = {t.i for t in toks}
    has_clause = any(t.dep_ in SUBJECT_DEPS | {"expl"} and t.head.i in ids for t in toks)
    has_verb = any(t.pos_ in {"VERB", "AUX"} for t in toks)
    n_words = sum(1 for t in toks if t.is_alpha)
    return "statement" if has_clause or has_verb and n_words >= 10 else "fragment"


def extract_quotes(parsed: ParsedArticle, actors: ArticleActors | None = None, *,
                   problems: list[str] | None = None) -> list[dict]:
    """One row per direct quote in the article body (see the module docstring for the columns); ``speaker_key`` is
    an actor key of ``actors`` (found here when not given), a descriptive phrase, or None. An unbalanced quotation
    mark is described, for the reader, in ``problems`` when it is given."""
    if actors is None:
        from .actors import find_actors
        actors = find_actors(parsed)
    text = parsed.text         # the body: headline, byline and captions are blanked, offsets are unchanged
    paras = paragraphs(text)
    unbalanced: list[tuple[int, str]] = []
    spans = [s for s in find_quote_spans(text, unbalanced)
             if parsed.sentence_id(s.start) is not None
             and not is_name(text[s.start:s.end], text[paras[s.paragraph][0]:s.open])]
    if problems is not None:
        problems.extend(unbalanced_message(parsed.article.text, at, what, shift=parsed.char_offset)
                        for at, what in unbalanced)
    attributor = _Attributor(parsed, actors, spans, text)
    rows: list[dict] = []
    last_paragraph = -2        # where the previous quote closed
    said_before: dict[str, str] = {}  # the words of each attributed quote → its speaker key
    for q in spans:
        p_start, p_end = paras[q.paragraph][0], paras[q.end_paragraph][1]
        standalone = _standalone(text, q, p_start)
        found = attributor.governing(q) or attributor.after(q, p_end) or attributor.before(q, p_start)
        words = _words(text[q.start:q.end])
        if found is None and standalone and words in said_before:
            found = said_before[words], ""  # a pull quote: the words of a quote given earlier, said by the same
        if found is None and standalone and attributor.last_speaker and last_paragraph >= q.paragraph - 1:
            found = attributor.last_speaker, ""   # an uncued quote right after an attributed one continues it
        if found is None and q.paragraph > 0 and text[q.close + 1:p_end].strip(" .,;:!?\n\"'”’»") == "" \
                and text[p_start:q.open].strip() == "" and last_paragraph < q.paragraph - 1:
            found = attributor.introduced(paras[q.paragraph - 1])  # a quote paragraph after its speaker's
        key, cue = found or attributor.woven_subject(q) or (None, "")
        first, last = parsed.sentence_id(q.start), parsed.sentence_id(q.end - 1)
        last = first if last is None else last
        rows.append({
            "article_id": parsed.article_id, "sentence_id": first, "start_char": q.start, "end_char": q.end,
            "quote": parsed.article.text[q.start:q.end], "speaker_key": key, "cue": cue,
            "kind": _kind(attributor.tokens(q), standalone),
            "sentence": parsed.article.text[parsed.sentences[first].start_char:parsed.sentences[last].end_char],
        })
        attributor.last_speaker, last_paragraph = key, q.end_paragraph
        if key:
            said_before.setdefault(words, key)
    return rows


def _words(quote: str) -> str:
    """A quote's words, case and punctuation aside: what a pull quote shares with the quote it repeats."""
    return " ".join(re.findall(r"\w+", quote.casefold()))


def unbalanced_message(text: str, at: int, what: str, *, shift: int = 0) -> str:
    """What the reader is told about the unbalanced mark at ``at``: where it is (``shift`` turns an offset in one
    chunk of a long article into one in the article), what was done, what to check."""
    snippet = " ".join(text[at:at + 60].replace(";", ",").split())  # "; " separates an article's warnings
    return f"unbalanced quotation mark at character {at + shift} ({snippet}…), {what}: check the quotation marks there"
