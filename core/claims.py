"""Numeric claims: every amount an article asserts ("about 12,000 special forces", "at least 30 people", "$2m",
"45%"), what it counts, how hedged it is, and who asserts it.

``extract_claims(parsed, actors)`` reads one parsed article and returns one row per amount. Amounts are found by a
regular expression over each sentence (spaCy splits "1.500", "12-thousand", "275,000–325,000" and "$2m" unevenly,
so the text is the better place to read number formats), then checked against the parse: an amount must count
something (a noun it modifies, "1,500 of the soldiers", "a crowd of 10,000", a currency or percent sign, the
subject of a verb only people do: "at least 30 died", an adjective that stands for people: "at least 17 dead", "12
missing", the noun phrase a "to N" closes: "bringing the number of people detained to 57", the antecedent of "five
of whom", the subject of "the death toll passed 500", or what the "of" phrase of a number or list holds: "the
number of confirmed dead rose to 19", "the list of the missing was cut to 22"), state a measure or a group's
members joined to it by a hyphen ("the 1,200-tonne vessel", "a 10-km stretch", "a five-vessel fleet"; not "a
27-member bloc", "a 10-day truce", "the 100-metre sprint"), be an earthquake magnitude ("a magnitude 7.1
earthquake", "the 5.9-magnitude quake", "a 4.8 tremor"), or be a bare figure that a source states right after a
claim with a unit ("Police put the crowd at 15,000; organisers claimed '40,000'": people, quoted or not), or leave
out the noun of an amount before it in the sentence and count the same thing: coordinated with that noun ("1,900
properties under evacuation order and a further 2,300 on alert"), the same role of a coordinated verb ("87 homes
destroyed and 23 damaged", "killed 30 people and injured 12"), or right after a word that compares or adds
("compared with 2,245 in 2023", "up from 12,400", "including 60 from Mexico"). It must not be a date, time, age,
duration, phone number, ordinal, ratio, address or road number ("the 2200 block of Ridgeview Drive", "300 Lorne
St.", "Highway 5A"), a number inside a name ("Apollo 11", "Article 5") or a small anaphoric count ("the two
nations"); a date or time the model reads running on past the amount into a phrase ("down from 47 in the
afternoon") dates the amount and does not hide it; a time noun in the possessive measures what follows it
("up to 18 months' salary", "two weeks' notice": months, weeks), it is no duration. Vague amounts ("thousands of", "tens of thousands") are kept
with an empty value and qualifier ``vague``.

Units are normalised plurals with a few conventions: crowd sizes ("the crowd", "turnout", "attendance") and death
tolls ("the death toll", "deaths", "the dead") count ``people`` (which people is said by the predicate, and the
comparison step reads it there), and so do "bodies" and "lives" that nothing else qualifies ("14 bodies", "four
more bodies", "the loss of 27 lives"; not "three regulatory bodies", "bodies of water"); collective nouns written
in the singular after a number count their members and keep their name ("24 crew", "300 police", "40 cattle";
"three crews" are crews); "personnel" are ``troops`` only in a military context (a military modifier, "special
forces personnel", or a military word in the sentence: soldiers, troops, forces, army...), ``rescuers`` with a
rescue modifier ("search and rescue personnel", "rescue workers"), else ``personnel``; a "contingent" likewise is
troops only in a military context, else the group counted just before it ("320 firefighters, including a contingent
of 60") or people; magnitudes are ``magnitude``. Currencies come from the sign ("US$" USD, "C$"/"CA$" CAD,
"A$"/"AU$" AUD, "NZ$", "HK$", "S$", "€" EUR, "£" GBP, and the one-character signs of one currency each: "₱" PHP,
"₴" UAH, "₺" TRY, "₦" NGN, "₫" VND, "฿" THB, "₪" ILS, ...) or the noun ("Canadian dollars", "euros", "Mexican
pesos"); a bare "$" or "dollars" is the story's dollar: USD, unless the article is set in Canada, Australia or New
Zealand (their place and people words outnumber any other country's and appear at least twice) and does not write
that country's dollar with its own sign, whose papers print their dollar bare; "pesos" likewise are the story's
peso (PHP in a story set in the Philippines, MXN in Mexico, ...) and stay ``pesos`` when no country is evident (see
``home_currency``). A verb before the amount can hedge it like a qualifier: "exceeds", "topped", "surpassed", and
for a bare figure "passed" ("the toll passed 1,400", not "passed 12 laws") → ``at_least``; "fell short of" →
``at_most``.

The claimant is the subject of the nearest speech, cognition or commitment verb above the number in the dependency
tree ("X said ... 1,500", "X has pledged to plant 5,000 trees"), or of a reporting clause hung on a clause above it
("9,000 people are in shelters, the agency said, and ..."), else the source of "according to X" or of "X's
estimate", else the speaker named outside the quotation holding the number, else, for a quotation running over
several sentences ("“The hull lies at 30 metres. Our divers ...,” X said."), the speaker the quotes extractor gives
it. A cue noun given, issued or released by X is X's ("the council gave a figure of at least 17 dead"), and a
relative clause without "that" reports the amount before it however the parser hangs it ("the ₱5 million the
department says it has released": the department). A document as the source ("according to a manifest released by
the operator, X", "a list compiled by the council shows", "data from the ministry show": manifest, list, report,
figures, data, records, statement, survey, census, tally, ...) stands for its author, the agent of a verb of
issuing hung on it or the source of its "by" / "from" (not whoever "obtained" it); an owner in the phrase names it
too ("the council's report"). Verbs of recording a count (list, tally, record, count, log, register) report like
speech verbs ("the operator listed 186 passengers": the operator). A subject that names no actor ("some reports
suggest", "police said") stops the search: the claimant stays empty and the cue is kept; so does an unowned hearsay
noun ("claims that Pyongyang sent thousands"). A verb without subject ("intelligence suggesting", an agentless "is
believed to") passes the question to the verb above it, and so does a subject owned by a pronoun ("its assessment
teams had confirmed 87 homes destroyed, the district said": the district; failing a verb above, whom the pronoun
stands for). A finite verb that the parser coordinated with a "would" clause cannot share its "would", so it shares
the subject of the verb reporting that clause ("Bélanger said troops would arrive and pledged $10 million":
Bélanger). Verbs of observation and evidence (record, count, find, show, measure, suggest, indicate, ...) yield to
an "according to X" in the sentence ("Kamloops recorded 3.2 mm of rain, according to the agency": the agency, or no
one when X names no actor), and a place as their subject is where it happened, not a source ("B.C. has recorded
1,140 wildfires": the search goes on). "X put the fire at 26,000 hectares, up from 12,400" is X's for both figures.
A name the parser split into several subjects of one verb ("the Movimiento por la Justicia Social (MJS), which
called the strike, insists": "por" and "Social") is passed to the actors whole.

``claims`` table (``COLUMNS``):

| column | dtype | meaning |
| --- | --- | --- |
| article_id | string | the article |
| sentence_id | Int64 | the sentence holding the claim |
| start_char, end_char | Int64 | offsets in the article text of the whole expression, qualifier and counted noun included |
| text | string | the expression as written ("about 12,000 special forces") |
| value | Float64 | the amount (the lower end of a range); empty for vague amounts |
| value_high | Float64 | the upper end of a range, else empty |
| unit | string | what is counted, a normalised plural noun (`troops`, `containers`, `people`, `percent`, `USD`, ...) |
| qualifier | string | `exact`, `approx` (about, around, some, roughly, nearly, almost, an estimated), `at_least` (more than, over, at least, upwards of, as few/low as), `at_most` (up to, as many/much/large/high as, fewer than, less than, under), `range`, `vague` |
| noun_phrase | string | the counted noun phrase ("North Korean special forces soldiers"); for an amount that leaves its noun out, that of the amount it shares it with |
| claimant | string | canonical name of who asserts it, empty if no actor is named (filled from ``claimant_key`` by corpus.py) |
| claimant_id | string | that actor's id |
| cue | string | the attribution cue ("said", "according to", "believed", "suggest"), empty if none |
| sentence | string | the sentence |

"nearly" and "almost" count as ``approx`` rather than ``at_most``: reporters use them for a rounded figure, and
an analyst comparing outlets wants "nearly 11,000" next to "about 11,000".
"""
from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping

from spacy.tokens import Span, Token

from .actors import ArticleActors
from .parse import ParsedArticle
from .quotes import extract_quotes

COLUMNS = {"article_id": "string", "sentence_id": "Int64", "start_char": "Int64", "end_char": "Int64",
           "text": "string", "value": "Float64", "value_high": "Float64", "unit": "string",
           "qualifier": "string", "noun_phrase": "string", "claimant": "string", "claimant_id": "string",
           "cue": "string", "sentence": "string"}

QUALIFIERS = {
    "approx": ["approximately", "about", "around", "some", "roughly", "nearly", "almost", "an estimated",
               "estimated", "circa", "close to", "closer to", "nearer to"],
    "at_least": ["more than", "over", "at least", "upwards of", "in excess of", "no fewer than", "no less than",
                 "well over", "above", "as few as", "as little as", "as low as"],
    "at_most": ["up to", "as many as", "as much as", "as large as", "as high as", "as big as", "as great as",
                "fewer than", "less than", "at most", "under", "no more than", "below"],
    "range": ["between", "from"],  # only with a second number; otherwise dropped
}
QUALIFIER_OF = {p: q for q, phrases in QUALIFIERS.items() for p in phrases}
POST_QUALIFIER = {"or more": "at_least", "-plus": "at_least", "+": "at_least", "or so": "approx",
                  "or fewer": "at_most", "or less": "at_most"}
SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
WORD_VALUE = {w: i for i, w in enumerate(SMALL) if i} | TENS
SCALE = {"dozen": 12.0, "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
         "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12}
# "$" alone is the dollar of the story (``home_currency``); the prefixed signs say which dollar they are. The
# one-character signs name one currency each ("₱" is the Philippine peso, "₪" the shekel).
CURRENCY_SIGN = {"us$": "USD", "$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD",
                 "s$": "SGD", "hk$": "HKD", "mx$": "MXN", "r$": "BRL", "€": "EUR", "£": "GBP",
                 "¥": "JPY", "₩": "KRW", "₹": "INR", "₽": "RUB", "₱": "PHP", "₴": "UAH", "₺": "TRY", "₦": "NGN",
                 "₫": "VND", "฿": "THB", "₪": "ILS", "₸": "KZT", "₾": "GEL", "₼": "AZN", "₵": "GHS", "৳": "BDT",
                 "₮": "MNT", "₭": "LAK"}
CURRENCY_NOUN = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY",
                 "won": "KRW", "rouble": "RUB", "ruble": "RUB", "rupee": "INR", "hryvnia": "UAH", "shekel": "ILS",
                 "baht": "THB", "naira": "NGN", "ringgit": "MYR", "rupiah": "IDR"}


# Which dollar a bare "$" (or "dollars") is, and which peso "pesos" is: the currency of the country the story is
# set in (``HOME_CURRENCY``: at least two of its place or people words, more than any other country's words).
# Papers in Canada, Australia and New Zealand print their own dollar with a bare sign; wire copy and everyone
# else mean US dollars by it. So a bare "$" is USD unless the story is set in one of those countries, and even
# then USD when the article writes that country's dollar with its own sign ("C$", "A$", "NZ$"): a writer who
# marks the local dollar means the US one by "$". "US$" in an article does not change the rule (a Canadian paper
# writes "US$" for US dollars and "$" for its own). A peso is the currency of several countries and of none by
# default: "200,000 pesos" stays "pesos" when no country is evident. The outlet's name and manifest say nothing
# of its country, so they are not read.
DOLLAR_COUNTRIES = {
    "CAD": (r"Canada|Canadians?|Ottawa|Toronto|Montr[eé]al|Vancouver|Calgary|Edmonton|Winnipeg|Halifax|Qu[eé]bec"
            r"|Ontario|British\s+Columbia|B\.C\.|Alberta|Saskatchewan|Manitoba|Nova\s+Scotia|New\s+Brunswick"
            r"|Newfoundland|Prince\s+Edward\s+Island|Yukon|Nunavut|Northwest\s+Territories|RCMP"),
    "AUD": (r"Australian?s?|Canberra|Sydney|Melbourne|Brisbane|Adelaide|New\s+South\s+Wales|NSW|Queensland"
            r"|Tasmania|Northern\s+Territory"),
    "NZD": r"New\s+Zealand(?:ers?)?|Auckland|Christchurch|Kiwis",
    "USD": (r"United\s+States|U\.S\.(?:A\.)?|US|USA|Americans?|Washington|White\s+House|Congress|Pentagon"
            r"|New\s+York|California|Texas|Florida|Illinois|Ohio|Michigan|Pennsylvania|Arizona|Colorado|Oregon"
            r"|Nevada|Massachusetts|Virginia|Carolina|Georgia|Louisiana|Alabama|Tennessee|Kentucky|Minnesota"
            r"|Wisconsin|Missouri|Iowa|Kansas|Oklahoma|Utah|Idaho|Montana|Wyoming|Nebraska|Dakota|Alaska|Hawaii"
            r"|Maryland|Connecticut|Maine|Vermont|Mississippi|Arkansas|Indiana|New\s+Jersey|New\s+Mexico"),
}
PESO_COUNTRIES = {
    "PHP": r"Philippines?|Filipin[oa]s?|Pilipinas|Manila|Quezon\s+City|Luzon|Visayas|Mindanao|Cebu|Davao",
    "MXN": r"(?<!New\s)Mexic(?:o|ans?)|Guadalajara|Monterrey|Tijuana|Oaxaca|Chihuahua",
    "ARS": r"Argentin(?:a|es?|ians?)|Buenos\s+Aires|Rosario",
    "CLP": r"Chile|Chileans?|Valpara[ií]so",
    "COP": r"Colombia|Colombians?|Bogot[aá]|Medell[ií]n|Cali",
    "CUP": r"Cuba|Cubans?|Havana",
    "DOP": r"Dominican\s+Republic|Santo\s+Domingo",
    "UYU": r"Uruguay|Uruguayans?|Montevideo",
}
# currency noun → (its countries' words, the currency it is when no country is evident, empty for none)
HOME_CURRENCY = {"dollar": (DOLLAR_COUNTRIES, "USD"), "peso": (PESO_COUNTRIES, "")}
_COUNTRY_CUES = {noun: {code: re.compile(rf"(?<![\w.])(?:{cues})(?![\w$])") for code, cues in countries.items()}
                 for noun, (countries, _default) in HOME_CURRENCY.items()}
# a local dollar written with its own sign: "$" is then the US dollar
_MARKED_HOME = {"dollar": re.compile(r"(?<!\w)(?:C|CA|A|AU|NZ)\$")}
# "Canadian dollars", "US dollars", "Mexican pesos": the modifier says which one
CURRENCY_MODIFIERS = {
    "dollar": {"canadian": "CAD", "australian": "AUD", "us": "USD", "u.s.": "USD", "american": "USD",
               "zealand": "NZD", "singapore": "SGD", "kong": "HKD", "mexican": "MXN"},
    "peso": {"philippine": "PHP", "filipino": "PHP", "mexican": "MXN", "argentine": "ARS", "argentinian": "ARS",
             "chilean": "CLP", "colombian": "COP", "cuban": "CUP", "dominican": "DOP", "uruguayan": "UYU"},
}


def home_currency(text: str, noun: str = "dollar") -> str:
    """The currency a bare currency ``noun`` ("dollar", "peso"; for "dollar" also a bare "$") stands for in an
    article, empty when it cannot be told (see ``HOME_CURRENCY``)."""
    countries, default = HOME_CURRENCY[noun]
    if noun in _MARKED_HOME and _MARKED_HOME[noun].search(text):
        return default
    counts = {code: len(p.findall(text)) for code, p in _COUNTRY_CUES[noun].items()}
    best = max((c for c in counts if c != default), key=counts.get)
    rival = max(n for c, n in counts.items() if c != best)
    return best if counts[best] >= 2 and counts[best] > rival else default


def _alt(words) -> str:
    """A regex alternation trying the longest words first ("more than" before "more")."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_SIGN = r"US\$|HK\$|CA\$|AU\$|NZ\$|MX\$|A\$|C\$|S\$|R\$|[" + "".join(s for s in CURRENCY_SIGN if len(s) == 1) + "]"
_WORD = rf"(?:{_alt(TENS)})(?:-(?:{_alt(SMALL[1:10])}))?|{_alt(SMALL[1:])}"
_SCALES = r"(?:[\s-](?:dozen|hundred|thousand|million|billion|trillion))*"
# The lookahead refuses "13th", "1990s", "09:32", "9/11"; the suffixes are newsroom shorthand ("$2m", "£5bn").
_AMOUNT = (rf"(?:{_SIGN})?(?:(?:\d{{1,3}}(?:[,.]\d{{3}})+|\d+)(?:[.,]\d+)?(?:mn|bn|tn|m|k|{_SCALES})"
           rf"|(?:{_WORD}){_SCALES}|(?:half\s+)?an?\s+(?:dozen|hundred|thousand|million|billion){_SCALES})(?![\w/:])")
_VAGUE = (r"(?:tens|hundreds|dozens|scores)\s+of\s+(?:thousands|millions|billions)"
          r"|(?:several|many|a\s+few)\s+(?:dozen|hundred|thousand|million|billion)"
          r"|thousands|hundreds|millions|billions|dozens|scores(?=\s+of\b)")
EXPRESSION = re.compile(
    rf"(?<![\w.,/:-])(?:(?P<qual>{_alt(QUALIFIER_OF)})\s+)?"
    rf"(?:(?P<vague>{_VAGUE})(?!\w)|(?P<lo>{_AMOUNT})(?:(?P<sep>\s*[-–—]\s*|\s+to\s+|\s+and\s+)(?P<hi>{_AMOUNT}))?"
    r"(?P<pct>\s?(?:%|per\s?cent\b|percentage\s+points?\b))?(?P<post>\s+or\s+(?:more|so|fewer|less)\b|-plus\b|\+)?"
    r"(?P<strong>-strong\b)?(?P<compound>-[a-z])?)", re.I)

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?(?!\d|[.,]\d)"  # not the "1" of "January 1,500 soldiers"
# Street addresses and road numbers (names are capitalised, so the name words are matched case-sensitively): "the
# 2200 block of Ridgeview Drive", "300 Lorne St.", "1600 Pennsylvania Avenue", "12B Baker Street", "Highway 5A",
# "Route 66", "Interstate 95". A singular "block" after a number is an address block ("300 blocks of ice" is not).
STREET_TYPES = ("Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Crescent|Cres|Court|Ct|Place|Pl"
                "|Terrace|Parkway|Pkwy|Highway|Hwy|Square|Sq|Close|Row|Trail|Circle|Plaza|Alley|Quay|Strasse|Straße")
ROAD_NAMES = r"Highway|Hwy\.?|Route|Interstate|Freeway|Motorway|State\s+Road|County\s+Road|Autoroute|Autobahn"
_ADDRESS = (r"\b\d{1,6}\s+block\b"
            rf"|\b\d{{1,6}}[A-Za-z]?\s+(?-i:(?:[A-Z][\w'’.-]*\s+){{1,3}}(?:{STREET_TYPES}))\b\.?"
            rf"|(?-i:\b(?:{ROAD_NAMES}))\s+\d{{1,4}}[A-Za-z]?\b")
# Where a number is a date, time, age, ratio, phone or reference number or an address, never an amount.
NOT_AMOUNTS = re.compile(
    rf"{_MONTH}\s+{_DAY}(?:\s*(?:-|–|to|and)\s*(?:{_MONTH}\s+)?{_DAY})?(?:,?\s+\d{{4}})?"
    rf"|{_DAY}(?:\s*(?:-|–|to|and)\s*{_DAY})?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?|{_MONTH}\s+\d{{4}}"
    r"|\d{4}-\d\d-\d\d|\d{1,2}[:.]\d\d\s*[ap]\.?m\b\.?|\d{1,2}:\d\d|\d{1,2}\s*[ap]\.?m\b\.?"
    r"|\baged?\s+\d+|\d+[\s-]years?[\s-]old|\bNos?\.\s*\d+"
    # ratios ("one in five", "3 out of 10"), but not "12 in 2019": a year after "in" dates the amount
    rf"|\b(?:{_WORD}|\d+)\s+(?:in|out\s+of)\s+(?:every\s+)?(?!(?:1[89]|20)\d\d\b)(?:{_WORD}|\d+)\b"
    r"|\b(?:one|1)\s+in\s+(?:every\s+)?\d+\b"
    r"|\+\d[\d\s().-]{6,}\d|\(\d{2,5}\)\s?\d[\d\s-]{4,}\d|\b\d{3}[-.]\d{3}[-.]\d{4}\b|\b\d{3}-\d{4}\b(?!\s+[a-z])"
    # addresses and road numbers: "the 2200 block of Ridgeview Drive", "300 Lorne St.", "Highway 5A"
    rf"|{_ADDRESS}",
    re.I)
# A scale word, a thousands separator, a currency or percent sign: no date looks like that ("between 1 and 2
# million" is a DATE to the small model).
SIZED = re.compile(
    rf"\d[,.]\d{{3}}|hundred|thousand|million|billion|trillion|\d(?:mn|bn|tn|m|k)\b|{_SIGN}|%|per\s?cent", re.I)

CUE_VERBS = {"say", "tell", "report", "state", "claim", "estimate", "believe", "note", "suggest", "warn", "add",
             "announce", "confirm", "indicate", "insist", "allege", "assert", "argue", "write", "explain",
             "acknowledge", "admit", "reveal", "disclose", "predict", "forecast", "expect", "project", "think",
             "assess", "calculate", "count", "find", "show", "cite", "record", "tweet", "post", "mention",
             "stress", "emphasize", "emphasise", "declare", "maintain", "conclude", "testify", "put",
             # commitments: "the mayor has pledged to plant 5,000 trees" is the mayor's figure
             "promise", "pledge", "vow", "measure", "register", "log",
             # recording a count: "the operator listed 186 passengers on its manifest" is the operator's figure
             "list", "tally"}
# Verbs of observation and evidence: their subject is often a place or a thing ("Kamloops recorded 3.2 mm of
# rain", "the data show 40 deaths", "satellite mapping suggested ..."), so a source named by "according to X" in
# the sentence is the one asserting the figure, and a place as their subject is where it happened, not a source.
EVIDENCE_VERBS = {"record", "count", "find", "show", "measure", "register", "log", "suggest", "indicate", "list",
                  "tally"}
# Documents that state figures: their author is the source ("a manifest released by the operator", "a list
# compiled by the council", "the council's report"), named by the agent of a verb of issuing that hangs on them
# (``AUTHOR_VERBS``) or by an owner or modifier the noun phrase holds.
DOCUMENT_NOUNS = {"manifest", "list", "report", "figure", "data", "record", "statement", "survey", "census", "tally",
                  "count", "estimate", "assessment", "bulletin", "document", "study", "roster", "register", "log",
                  "update", "release", "filing", "table", "chart", "tabulation", "projection", "analysis"}
AUTHOR_VERBS = {"release", "issue", "publish", "compile", "prepare", "produce", "provide", "file", "submit", "post",
                "circulate", "distribute", "present", "give", "offer", "put", "keep", "draw", "revise", "update"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
POSSESSIVE_PRONOUNS = {"its", "their", "his", "her", "our", "my", "your"}
# Cues that also describe things ("the wall measures 3 metres"): a subject naming no actor does not stop the
# search for a source higher up.
WEAK_CUES = {"measure"}
CUE_NOUNS = {"estimate", "assessment", "figure", "tally", "count", "data", "calculation", "projection", "report"}
# Nouns that hand a "that" clause to an unnamed source ("claims that Pyongyang sent thousands of soldiers"): the
# figure is theirs, not that of whoever reports the claims, unless the noun has an owner ("Seoul's claims").
HEARSAY_NOUNS = {"claim", "allegation", "rumour", "rumor", "report", "suggestion", "speculation"}
# Verbs only people do: a bare number as their subject counts people ("at least 30 died").
PEOPLE_VERBS = {"die", "kill", "injure", "wound", "arrest", "detain", "attend", "march", "protest", "rally",
                "gather", "flee", "evacuate", "vote", "displace", "hospitalise", "hospitalize", "rescue",
                "demonstrate"}
# Nouns measured by a bare number: "a crowd of 10,000", "a 5,000-strong crowd", "put the death toll at 45".
# Crowd sizes and death tolls count people: which people (killed, injured, marching) is said by the predicate,
# and the comparison step reads it there, so "the death toll" and "3,000 people" share one unit.
COLLECTIVES = {"crowd": "people", "turnout": "people", "attendance": "people", "toll": "people",
               "contingent": "troops", "force": "troops", "army": "troops"}
# Nouns that stand for a figure without saying what it counts ("put the figure at 1.28 million").
PLACEHOLDERS = {"figure", "number", "total", "tally", "count", "estimate", "amount"}
# Nouns that count what their "of" phrase holds when a figure is given for them ("the number of confirmed dead
# rose to 19", "the list of the missing was cut to 22").
OF_COUNTS = {"number", "list", "total", "tally", "count", "roll"}
# Collective nouns that, written in the singular after a number, count their members: "24 crew", "40 cattle",
# "300 police" (the unit is the noun as written; "three crews" are crews).
MEMBER_NOUNS = {"crew", "staff", "personnel", "police", "cattle", "livestock", "poultry", "clergy", "infantry",
                "cavalry", "militia"}
# Adjectives that stand for people after a number or "the": "at least 17 dead", "30 injured", "the missing".
PEOPLE_ADJECTIVES = {"dead", "injured", "wounded", "missing", "displaced", "homeless"}
# Nouns that count people in a death toll ("14 bodies", "four more bodies", "the loss of 27 lives") unless a
# modifier or an "of" phrase says they are something else ("three regulatory bodies", "bodies of water").
PEOPLE_NOUNS = {"body", "life"}
QUANTITY_WORDS = {"more", "further", "additional", "other", "another"}
UNIT_OF = {"soldier": "troops", "troop": "troops", "force": "troops",
           "serviceman": "troops", "servicemen": "troops", "person": "people", "people": "people",
           "dead": "people", "death": "people", "fatality": "people", "rescuer": "rescuers",
           "missing": "people", "injured": "people", "wounded": "people", "foot": "feet",
           "km": "kilometres", "kg": "kilograms", "percent": "percent"}
# "personnel", "staff", "workers" say who they are by what surrounds them: a rescue modifier makes rescuers
# ("search and rescue personnel", "rescue workers"). Personnel are troops only in a military context: a military
# modifier ("special forces personnel", "military personnel") or a military word in the sentence ("the army sent
# 500 personnel", "troops and 300 personnel"); otherwise they stay personnel ("medical personnel").
STAFF_NOUNS = {"personnel", "staff", "worker", "workers"}
RESCUE_WORDS = {"rescue", "rescuer", "search-and-rescue"}
MILITARY_MODIFIERS = {"force", "military", "army", "navy", "naval", "armed", "defence", "defense", "combat",
                      "marine", "militia", "airborne", "infantry", "troop", "soldier"}
MILITARY_CONTEXT = {"soldier", "soldiers", "troop", "troops", "military", "army", "forces", "navy", "militia",
                    "infantry", "armed", "brigade", "brigades", "battalion", "battalions"}
# Earthquake magnitudes: "a magnitude 7.1 earthquake", "the 5.9-magnitude quake", "measured it at magnitude 6.4",
# "a 4.8 tremor" (a decimal on a quake noun), "6.2 on the Richter scale".
SEISMIC_NOUNS = {"quake", "earthquake", "tremor", "aftershock", "temblor", "foreshock", "shock"}
MAGNITUDE_BEFORE = re.compile(r"\bmagnitude(?:\s+of)?[\s-]*$", re.I)
MAGNITUDE_AFTER = re.compile(r"^(?:[\s-]*magnitude\b|\s+on\s+the\s+Richter\s+scale\b)", re.I)
# A verb in front of the amount hedges it like a qualifier: "now exceeds $3,000", "the toll topped 1,000"
# (at least), "fell short of 500" (at most). "pass", "cross", "overtake" bound a bare figure only ("the toll passed
# 1,400"): with a counted noun they are what was done ("parliament passed 12 laws", "troops crossed 3 rivers").
AT_LEAST_VERBS = {"exceed", "surpass", "top", "eclipse"}
AT_LEAST_BARE_VERBS = {"pass", "cross", "overtake"}
AT_MOST_BEFORE = re.compile(r"\b(?:fall|falls|fell|falling|fallen|come|comes|came|coming|stop|stops|stopped)"
                            r"\s+(?:just\s+|well\s+|far\s+|slightly\s+)?(?:short|shy)\s+of\s+(?:the\s+)?$", re.I)
AT_LEAST_BEFORE = re.compile(r"\b(?:exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?|top(?:s|ped|ping)"
                             r"|eclips(?:es|ed|ing))\s+(?:the\s+)?$", re.I)
AT_LEAST_BARE_BEFORE = re.compile(r"\b(?:pass(?:es|ed|ing)|cross(?:es|ed|ing)|overt(?:ake|akes|aken|aking|ook))"
                                  r"\s+(?:the\s+)?$", re.I)
# Units of measure that state a measure when hyphenated to an amount before a noun ("the 1,200-tonne vessel"),
# and groups whose members a hyphenated count states ("a five-vessel fleet").
MEASURE_WORDS = {"tonne", "ton", "metre", "meter", "kilometre", "kilometer", "km", "mile", "foot", "kilogram", "kg",
                 "litre", "liter", "gallon", "hectare", "acre", "megawatt", "mw", "kilowatt", "gigawatt", "barrel",
                 "storey", "story", "tonnes", "metres", "meters", "kilometres", "miles", "feet", "hectares", "acres"}
EVENT_NOUNS = {"sprint", "race", "relay", "dash", "hurdles", "freestyle", "backstroke", "breaststroke", "butterfly",
               "medley", "run", "walk", "swim", "event", "final", "heat", "marathon"}
GROUP_NOUNS = {"fleet", "convoy", "flotilla", "squadron", "motorcade", "caravan", "armada", "column"}
TIME_NOUNS = {"year", "month", "week", "day", "hour", "minute", "second", "decade", "century", "night",
              "weekend", "morning", "evening", "time", "yr"}
# Nouns that make "two sides", "one thing", "three reasons" figures of speech rather than counts.
GENERIC_NOUNS = {"thing", "way", "reason", "side", "example", "point", "question", "issue", "option", "step",
                 "aspect", "kind", "type", "sort", "factor", "word", "occasion", "hand", "other", "another", "one"}
DATE_ENTS = {"DATE", "TIME", "ORDINAL"}
# entities the small model puts on plain counts ("over 148 soldiers" NORP, "about 288 soldiers" FAC)
MISREAD_ENTS = {"DATE", "NORP", "PRODUCT", "FAC"}
NAME_ENTS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "NORP"}
CLAUSE_DEPS = {"relcl", "acl", "ccomp", "advcl", "xcomp"}


class _Home(Mapping):
    """{"dollar": ..., "peso": ...} of ``home_currency`` for one article, each scanned for when first asked: most
    articles print no bare dollar or peso, and the country scans are most of what reading a currency costs."""

    def __init__(self, text: str):
        self._text, self._found = text, {}

    def __getitem__(self, noun: str) -> str:
        if noun not in HOME_CURRENCY:
            raise KeyError(noun)
        if noun not in self._found:
            self._found[noun] = home_currency(self._text, noun)
        return self._found[noun]

    def __iter__(self):
        return iter(HOME_CURRENCY)

    def __len__(self) -> int:
        return len(HOME_CURRENCY)


def extract_claims(parsed: ParsedArticle, actors: ArticleActors) -> list[dict]:
    """One row per numeric claim of one article (``claimant_key`` is article-local; corpus.py names it)."""
    rows: list[dict] = []
    home = _Home(parsed.article.text)  # which dollar and which peso, worked out if the article has one
    quotations = functools.cache(lambda: _quote_speakers(parsed, actors))  # read once, if a figure needs them
    body = parsed.text  # not doc.text, which spaCy rebuilds on every access

    def quoted(char: int) -> list[tuple[int, int, str, str]]:
        return quotations() if _in_quoting_paragraph(body, char) else []
    for sid, sent in enumerate(parsed.sentences):
        # the unit of the last claim within the two sentences before: what a bare reported figure counts
        # ("Police put the crowd at 15,000. Organisers claimed '40,000'")
        recent = next((r["unit"] for r in reversed(rows) if r["unit"] and sid - r["sentence_id"] <= 2), "")
        text = sent.text
        masked: list[tuple[int, int]] | None = None  # dates, times, ages... : found once a sentence has a number
        counted: list[tuple[Token | None, Token, str, str]] = []  # (noun, anchor, unit, noun phrase) of the claims so far
        pos = 0
        while m := EXPRESSION.search(text, pos):
            lo_end = m.end("lo") if m.group("lo") else m.end()
            # "X and Y" is a range only after "between"; otherwise read X alone and Y on the next search
            and_list = (m.group("sep") or "").strip().lower() == "and" and (m.group("qual") or "").lower() != "between"
            end = lo_end if and_list else m.end()
            row = None
            if masked is None:
                masked = [found.span() for found in NOT_AMOUNTS.finditer(text)]
            if not any(a < end and m.start() < b for a, b in masked):
                row = _claim(parsed, actors, sent, sid, m, end, recent, counted, home, quoted)
            if row is not None:
                rows.append(row)
                recent = row["unit"] or recent
            pos = end if row is not None else lo_end  # a rejected range may still hold a claim in its second half
    return rows


def _claim(parsed: ParsedArticle, actors: ArticleActors, sent: Span, sid: int, m: re.Match, end: int,
           recent_unit: str = "", counted: list | None = None, home: Mapping[str, str] | None = None,
           quoted: Callable[[int], list[tuple[int, int, str, str]]] | None = None) -> dict | None:
    """The row of one matched expression, or None when it is not a claim; ``recent_unit`` is the unit of the
    claim just before, for a bare figure that a source reports ("claimed 'well over 100,000'"); ``counted`` holds
    (noun, anchor, unit, noun phrase) of the sentence's claims so far, for an amount whose noun is left out ("87
    homes destroyed and 23 damaged"); the new claim is appended to it. ``home`` gives what a bare "$", "dollars"
    or "pesos" is ({"dollar": "CAD", "peso": ""}: ``home_currency``); US dollars and no peso when not given.
    ``quoted(char)`` lists the article's quotations with their speakers (``_quote_speakers``) when the paragraph
    holding ``char`` has a quotation mark, else none."""
    home = home or {"dollar": "USD"}
    counted = [] if counted is None else counted
    base, vague = sent.start_char, m.group("vague")
    written_magnitude = _written_magnitude(sent.text, m)
    if written_magnitude is not None and m.group("compound"):
        end = m.start("compound")  # "5.9-magnitude": the amount ends before the hyphen
    elif m.group("compound") and _hyphenated_count(sent.text, m):
        end = m.start("compound")  # "the 1,200-tonne vessel", "a five-vessel fleet": the amount ends at the hyphen
    elif m.group("compound"):
        return None  # "a 27-member bloc", "a 10-day truce": an adjective, not an amount
    ranged = bool(not vague and m.group("hi") and end == m.end())
    num_start = m.start("vague") if vague else m.start("lo")
    expr = sent.doc.char_span(base + num_start, base + end, alignment_mode="expand")
    if expr is None or written_magnitude is None and _in_name_or_date(expr, m.group(0), base + m.start()):
        return None
    value = high = None
    if not vague:
        value, scaled = _number(m.group("lo"))
        if ranged:
            high, high_scaled = _number(m.group("hi"))
            if not scaled and high_scaled and value * high_scaled <= high:
                value *= high_scaled  # "1.5 to 2 million": the scale is written once
            if high <= value:
                return None  # "3-1" is a score, not a range
    anchor = _anchor(expr)
    lo_text = (m.group("lo") or "").strip()
    pct = (m.group("pct") or "").lower()
    unit = (_currency(lo_text, home.get("dollar", "USD"))
            or ("percentage points" if "point" in pct else "percent" if pct else ""))
    noun, noun_unit = _counted_noun(anchor, expr)
    if m.group("strong") and noun is not None:  # "a 5,000-strong crowd" counts the crowd's members
        noun_unit = COLLECTIVES.get(noun.lemma_, "")
    if noun is not None and noun.lemma_.lower() == "contingent":
        noun_unit = _contingent_unit(noun, sent, counted)
    inherited_unit = inherited_phrase = ""
    magnitude = not unit and not ranged and (written_magnitude is not None or _seismic_magnitude(sent, lo_text, noun))
    if magnitude:
        unit = "magnitude"
        if noun is not None and noun.lower_ == "magnitude":  # "the 5.9-magnitude quake"
            after = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else noun
            noun = next((t for t in (after, noun.head) if t.lemma_.lower() in SEISMIC_NOUNS), noun)
    elif noun is None and not noun_unit and not unit and (partner := _elided(anchor, expr, sent, m, counted)):
        noun, inherited_unit, inherited_phrase = partner  # "1,900 properties ... and a further 2,300 on alert"
    elif noun is None and not noun_unit and not unit and recent_unit and _reported_figure(anchor):
        noun_unit = recent_unit  # "Police put the crowd at 15,000; organisers claimed '40,000'"
    if noun is None and not noun_unit and not unit or (
            not magnitude and not pct and noun is not None and _not_a_count(noun, expr, lo_text, value)):
        return None  # (a percentage is never a duration: "sales fell 12% year on year")
    qual = " ".join((m.group("qual") or "").lower().split())
    if qual in QUALIFIERS["range"] and not ranged:
        qual = ""
    qualifier = ("vague" if vague else "range" if ranged
                 else POST_QUALIFIER.get((m.group("post") or "").strip().lower()) or QUALIFIER_OF.get(qual)
                 or _verb_qualifier(sent, m.start(), bare=noun is None or noun.i < expr.end)
                 or ("approx" if "dozen" in lo_text.lower() else "exact"))  # "a dozen" is a round figure
    start, stop = base + (m.start() if qual else num_start), base + end
    if written_magnitude is not None:
        start, stop = min(start, base + written_magnitude[0]), max(stop, base + written_magnitude[1])
    doc = sent.doc
    if inherited_unit:
        pass  # the noun belongs to the other amount; the text is this amount alone
    elif noun is not None and expr.end <= noun.i < expr.end + 8 and not any(t.like_num for t in doc[expr.end:noun.i]):
        stop = noun.idx + len(noun.text)  # the text runs to the counted noun, but not over "and 700 soldiers"
    elif noun is not None and anchor.head.lower_ == "of" and anchor.head.head == noun:
        start = noun.idx  # "crowd of 10,000"
    key, cue = _attribution(anchor, sent, actors, quoted)
    text = parsed.article.text
    if key is None and (contact := _contact_clause(text, stop, actors)):
        key, cue = contact  # "the ₱5 million the Department of Social Welfare says it has released"
    if not (unit or noun_unit or inherited_unit) and noun is not None and noun.lemma_.lower() in HOME_CURRENCY:
        unit = _currency_noun(noun, home)  # "dollars", "pesos"
    unit = unit or noun_unit or inherited_unit or _unit(noun, sent)
    noun_phrase = (inherited_phrase or "" if inherited_unit or noun is None else noun.text if magnitude
                   else _noun_phrase(noun, expr))
    counted.append((noun, anchor, unit, noun_phrase))
    return {"article_id": parsed.article_id, "sentence_id": sid, "start_char": start, "end_char": stop,
            "text": text[start:stop], "value": value, "value_high": high, "unit": unit, "qualifier": qualifier,
            "noun_phrase": noun_phrase, "claimant_key": key, "cue": cue,
            "sentence": text[sent.start_char:sent.end_char]}


# Words that carry a figure over from the amount before it, whose noun it leaves out: "1,900 properties under
# order and a further 2,300 on alert", "1,140 wildfires this year, compared with 2,245 in 2023", "26,000
# hectares, up from 12,400", "300 in May against 250 in April", "320 firefighters, including 60 from Mexico".
ELISION_BEFORE = re.compile(
    r"(?:\b(?:and|or|but|while|whereas|including|compared\s+(?:with|to)|as\s+against|against|versus|vs\.?|than"
    r"|(?:up|down|rising|falling|rose|fell|climbing|dropping)\s+from))"
    r"\s+(?:(?:a\s+further|another|an?\s+additional|a\s+total\s+of|only|just)\s+)?"
    rf"(?:(?:{_alt(QUALIFIER_OF)})\s+)?$", re.I)
SUBJECTS = {"nsubj", "nsubjpass"}


def _elided(anchor: Token, expr: Span, sent: Span, m: re.Match,
            counted: list[tuple[Token | None, Token, str, str]]) -> tuple[Token | None, str, str] | None:
    """(noun, unit, noun phrase) of the amount before in the sentence when this one counts the same thing but
    leaves the noun out: coordinated with that amount's noun ("1,900 properties ... and a further 2,300 on
    alert"), the same role of a coordinated verb ("87 homes destroyed and 23 damaged", "killed 30 people and
    injured 12"), or right after a word that compares or adds ("compared with 2,245", "up from 12,400", "and
    another 300"). None otherwise, and for an amount that looks like a year ("than 2019")."""
    candidates = [c for c in counted if c[2] and c[2] != "magnitude" and c[1].i < anchor.i]
    if not candidates or re.fullmatch(r"(1[89]|20)\d\d", expr.text.strip()):
        return None
    for noun, _a, unit, phrase in reversed(candidates):
        if noun is None:
            continue
        if anchor.dep_ == "conj" and anchor.head == noun:
            return noun, unit, phrase
        roles = {"dobj": {"dobj"}, "nsubj": SUBJECTS, "nsubjpass": SUBJECTS}.get(anchor.dep_, set())
        if anchor.head.dep_ == "conj" and noun.head == anchor.head.head and noun.dep_ in roles:
            return noun, unit, phrase
    if ELISION_BEFORE.search(sent.text[:m.start("lo")]):
        noun, _a, unit, phrase = candidates[-1]
        return noun, unit, phrase
    return None


def _contingent_unit(noun: Token, sent: Span, counted: list[tuple[Token | None, Token, str, str]]) -> str:
    """A contingent is troops in a military context (as personnel are); otherwise it is part of the group counted
    just before it ("320 firefighters, including a contingent of 60 from Mexico": firefighters), else people."""
    modifiers = {t.lemma_.lower() for t in noun.subtree if t.i < noun.i}
    if modifiers & MILITARY_MODIFIERS or {t.lower_ for t in sent} & MILITARY_CONTEXT:
        return "troops"
    before = sent.doc[max(sent.start, noun.left_edge.i - 2):noun.left_edge.i]
    earlier = [c for c in counted if c[2] and c[1].i < noun.i]
    if earlier and any(t.lower_ in ("including", "among", "with") for t in before):
        return earlier[-1][2]
    return "people"


def _hyphenated_count(text: str, m: re.Match) -> bool:
    """The amount is joined by a hyphen to a unit of measure ("the 1,200-tonne vessel", "a 30-metre wave", "a
    10-km stretch") or to what a group holds ("a five-vessel fleet"): it states that measure or count. Other
    hyphenated amounts are adjectives ("a 27-member bloc", "a 10-day truce"; ages are masked before)."""
    if m.group("hi") or m.group("pct") or m.group("post"):
        return False
    word = re.match(r"-([a-z]+)(?:-[a-z]+)*\s+([a-z]+)?", text[m.start("compound"):])
    if word is None:
        return False  # "the 100-metre": no noun after it; "1,200-Tonne": a name
    unit, after = word.group(1), word.group(2) or ""
    if unit in MEASURE_WORDS:
        return after.lower() not in EVENT_NOUNS  # "the 100-metre sprint" names a race
    return after.lower() in GROUP_NOUNS and unit not in ("member", "person", "man", "strong")


def _written_magnitude(text: str, m: re.Match) -> tuple[int, int] | None:
    """(start, end) in the sentence of "magnitude 7.1" / "7.1-magnitude" / "6.2 on the Richter scale" around a
    single amount below 10, or None."""
    lo = m.group("lo")
    if not lo or m.group("hi") and m.group("sep") and m.group("sep").strip() != "and" or m.group("pct"):
        return None
    if not re.fullmatch(r"\d(?:\.\d+)?", lo.strip()):
        return None  # magnitudes run from 1 to 9.x, written with digits
    before = MAGNITUDE_BEFORE.search(text[:m.start("lo")])
    after = MAGNITUDE_AFTER.match(text[m.end("lo"):])
    if not before and not after:
        return None
    start = before.start() if before else m.start("lo")
    return start, m.end("lo") + after.end() if after else m.end("lo")


def _seismic_magnitude(sent: Span, lo_text: str, noun: Token | None) -> bool:
    """A decimal below 10 on a quake noun ("a 4.8 tremor"), or counting nothing in a sentence about a quake's
    magnitude ("the quake measured 6.3", "a magnitude of 6.3"): a magnitude. Whole numbers count quakes ("40
    aftershocks"); a decimal counting nothing in a sentence that merely mentions a quake is no magnitude
    ("growth slowed to 1.5 after the quake")."""
    if not re.fullmatch(r"\d\.\d+", lo_text):
        return False
    if noun is not None:
        return noun.lemma_.lower() in SEISMIC_NOUNS and noun.tag_ == "NN"
    lemmas = {t.lemma_.lower() for t in sent}
    return bool(lemmas & {"magnitude", "richter"} or lemmas & SEISMIC_NOUNS and lemmas & {"measure", "register"})


def _reported_figure(anchor: Token) -> bool:
    """A bare amount a source states as such: the object of a speech or estimate verb, quoted or not
    ("claimed 'well over 100,000'", "estimated 40,000")."""
    tok = anchor
    for _ in range(3):
        if tok.head.is_punct and tok.head.i > tok.i:
            tok = tok.head  # "claimed '40,000'": the parser hangs the number on the closing quotation mark
        elif tok.dep_ == "pobj" and tok.head.lower_ in QUALIFIER_OF:
            tok = tok.head  # "claimed "well over 100,000"": ... or on the qualifier, read as a preposition
        else:
            break
    role = ("dobj", "ccomp", "attr", "oprd") + (("prep", "advmod") if tok.lower_ in QUALIFIER_OF else ())
    return tok.dep_ in role and tok.head.pos_ in ("VERB", "AUX") and tok.head.lemma_.lower() in CUE_VERBS


def _verb_qualifier(sent: Span, start: int, bare: bool) -> str | None:
    """A verb just before the amount that bounds it: "exceeds $3,000", "topped 1,000", "the toll passed 1,400"
    (at least; "pass", "cross", "overtake" only for a ``bare`` amount, one with no counted noun after it), "fell short of
    500" (at most); None otherwise."""
    before = sent.text[:start]
    if AT_MOST_BEFORE.search(before):
        return "at_most"
    if AT_LEAST_BEFORE.search(before) or bare and AT_LEAST_BARE_BEFORE.search(before):
        return "at_least"
    prev = [t for t in sent if t.idx + len(t) <= sent.start_char + start and not t.is_space]
    prev = [t for t in prev if t.lower_ != "the"][-1:]
    # "could top 1,000", "is expected to exceed 2,000": the base form only when the parser reads a verb
    verbs = AT_LEAST_VERBS | (AT_LEAST_BARE_VERBS if bare else set())
    if prev and prev[0].pos_ in ("VERB", "AUX") and prev[0].lemma_.lower() in verbs:
        return "at_least"
    return None


def _antecedent(tok: Token) -> Token | None:
    """What "whom" / "which" in "five of whom", "40 of which" stands for: the noun the relative clause hangs
    on, else the nearest plural noun before it that is not inside another prepositional phrase."""
    verb = tok.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ == "relcl" and verb.head.pos_ == "NOUN" and verb.head.i < tok.i:
        return verb.head
    sent_start = tok.sent.start
    for t in reversed(tok.doc[sent_start:tok.i]):
        if t.pos_ == "NOUN" and (t.tag_ == "NNS" or t.lemma_ in ("people", "person")):
            if t.dep_ == "pobj" and t.head.lower_ != "of":
                continue  # "villages cut off by landslides, 40 of which": not the landslides
            return t
    return None


def _in_name_or_date(expr: Span, written: str, written_start: int) -> bool:
    """The amount is part of a name ("Apollo 11", "Article 5") or of a date, time or age spaCy recognised."""
    prev = expr.doc[expr.start - 1] if expr.start > 0 else None
    if (prev is not None and prev.idx < written_start and prev.pos_ in ("PROPN", "NOUN") and prev.is_title
            and prev.ent_type_ not in DATE_ENTS | {"GPE", "LOC"} and re.fullmatch(r"\d+", expr.text)):
        return True  # a plain number right after a capitalised name is part of it ("Route 66")
    sized = SIZED.search(written)
    # "between 85 and 86 soldiers" is a DATE to the small model, "over 148 soldiers" NORP, "398,764,081 soldiers"
    # a PRODUCT; a number counting a lower-case plural noun right after it (not a time noun, not a year: "the 2022
    # elections") is a count whatever the entity says. Names with numbers ("Apollo 11 astronauts") are told by
    # the capitalised word before them, above.
    counts = not re.search(r"\b(1[89]|20)\d\d\b", written) and any(
        t.dep_ == "nummod" and t.head.tag_ == "NNS" and t.head.is_lower and expr.end <= t.head.i <= expr.end + 2
        and (t.head.lemma_.lower() not in TIME_NOUNS or _measures_what_follows(t.head)) for t in expr)
    # "down from 47 in the afternoon" is one TIME to the small model: an entity that runs on past the amount into
    # a prepositional phrase dates the amount, it does not make it a date
    after = expr.doc[expr.end] if expr.end < len(expr.doc) else None
    dated = (after is not None and after.pos_ == "ADP" and after.ent_iob_ == "I"
             and after.ent_type_ in DATE_ENTS and after.ent_type_ == expr[-1].ent_type_)
    return any((t.ent_type_ in NAME_ENTS or t.ent_type_ in DATE_ENTS and not sized and not dated)
               and not (counts and t.ent_type_ in MISREAD_ENTS) for t in expr if t.like_num or t.pos_ == "NUM")


def _number(text: str) -> tuple[float, float | None]:
    """(value, scale written) of one amount: "1,500", "1.500", "1.5 million", "12-thousand", "four", "$2m"."""
    text = re.sub(rf"^(?:{_SIGN})", "", text.strip().lower(), flags=re.I)
    digits = re.match(r"[\d.,]+", text)
    raw = digits.group() if digits else ""
    words = [w for w in re.split(r"[\s-]+", text[len(raw):]) if w]
    scales = [SCALE[w] for w in words if w in SCALE]
    scale = math.prod(scales) if scales else None
    if not raw:  # "four", "twenty-five thousand", "a million", "half a billion"
        value = sum(WORD_VALUE.get(w, 0) for w in words) or (0.5 if words[:1] == ["half"] else 1.0)
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", raw):
        value = float(raw.replace(",", ""))
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", raw) and not scale:  # European "1.500"; "1.500 million" is 1.5m
        value = float(raw.replace(".", ""))
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+,\d+", raw):  # European "1.500,5"
        value = float(raw.replace(".", "").replace(",", "."))
    else:
        value = float(raw.replace(",", "."))  # "1.5", and the European decimal "1,5"
    return value * (scale or 1), scale


def _currency(amount: str, dollar: str = "USD") -> str:
    """The currency of an amount's sign; a bare "$" is ``dollar``, the story's dollar."""
    sign = re.match(_SIGN, amount, re.I)
    if not sign:
        return ""
    return dollar if sign.group() == "$" else CURRENCY_SIGN[sign.group().lower()]


def _currency_noun(noun: Token, home: Mapping[str, str]) -> str:
    """"300 million dollars" is the story's dollar, "200,000 pesos" its peso (empty when the story has none: the
    unit is then the noun, "pesos"); "10 million Canadian dollars", "US dollars", "Mexican pesos" say theirs."""
    lemma = noun.lemma_.lower()
    modifiers = CURRENCY_MODIFIERS.get(lemma, {})
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i and c.lower_ in modifiers:
            return modifiers[c.lower_]
    return home.get(lemma, HOME_CURRENCY[lemma][1])


def _anchor(expr: Span) -> Token:
    """The token that ties the amount to the rest of the parse: the one whose head lies outside it."""
    outside = [t for t in expr if not expr.start <= t.head.i < expr.end or t.head == t]
    # prefer the token that modifies a noun after the amount ("10,000+ troops" parses "+" as the nummod)
    counting = [t for t in outside if t.head.pos_ == "NOUN" and t.head.i >= expr.end]
    numeric = [t for t in outside if t.like_num or t.pos_ in ("NUM", "NOUN", "SYM")]
    return (counting or numeric or outside or [expr[-1]])[0]


def _counted_noun(anchor: Token, expr: Span) -> tuple[Token | None, str]:
    """The noun the amount counts, and a unit when the noun does not say it ("30 died" → people)."""
    if anchor.dep_ == "conj" and anchor.head.like_num and anchor.head.i < anchor.i:
        anchor = anchor.head  # "500 and 700 soldiers": the noun is shared
    head = anchor.head
    if (anchor.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "appos") and head.i >= expr.end
            and not head.text[:1].isdigit()):  # "฿300 and ₺5bn": "5bn" is another amount, not what 300 counts
        if head.pos_ == "NOUN" or head.tag_ == "NNPS" or head.ent_type_ == "NORP":
            return head, ""
        if head.lower_ in PEOPLE_ADJECTIVES:  # "at least 17 dead", "30 injured"
            return head, "people"
    # "12 missing were found": the parser may hang the adjective on the number
    described = [c for c in anchor.children if c.i == expr.end and c.lower_ in PEOPLE_ADJECTIVES]
    if described:
        return described[0], "people"
    of = [c for c in anchor.children if c.dep_ == "prep" and c.lower_ == "of"]
    pobj = [c for c in (of[0].children if of else []) if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
    if pobj and anchor.lower_ != "one":  # "1,500 of the soldiers", "thousands of people"; not "one of the"
        return pobj[0], ""
    relative = [c for c in (of[0].children if of else []) if c.dep_ == "pobj" and c.tag_ in ("WP", "WDT")]
    if relative and anchor.lower_ != "one" and (antecedent := _antecedent(anchor)) is not None:
        return antecedent, ""  # "20 officers hurt, five of whom were taken to hospital" counts officers
    if anchor.dep_ in ("nsubj", "nsubjpass") and (
            head.lemma_ in PEOPLE_VERBS or head.lemma_ == "take" and any(c.lower_ == "part" for c in head.children)):
        return None, "people"
    if anchor.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_ in COLLECTIVES:
        return head.head, COLLECTIVES[head.head.lemma_]
    # "bringing the total number of people detained to 57": "to N" after a noun phrase that a participle
    # closes counts that noun phrase
    if (anchor.dep_ == "pobj" and head.lower_ == "to" and head.head.dep_ == "acl" and head.head.tag_ == "VBN"
            and head.head.head.pos_ == "NOUN"):
        noun = _of_number(head.head.head)
        return noun, COLLECTIVES.get(noun.lemma_, "")
    # "the death toll has passed 500", "the number of dead reached 310": the subject says what is counted
    if anchor.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass") and (c.lemma_ in COLLECTIVES or c.lemma_ in PLACEHOLDERS
                                                     or c.lemma_ in OF_COUNTS):
                noun = _of_number(c)
                if noun.lemma_ in COLLECTIVES or noun.lemma_ not in PLACEHOLDERS:
                    return noun, COLLECTIVES.get(noun.lemma_, "")
    # "estimated the crowd at 50,000", "put the death toll at 40,000", "the toll rose to 45"
    if anchor.dep_ == "pobj" and head.lower_ in ("at", "to") and head.head.pos_ == "VERB":
        for c in head.head.children:
            if c.pos_ == "NOUN" and (c.dep_ == "dobj" or c.dep_.startswith("nsubj") and
                                     (c.lemma_ in COLLECTIVES or c.lemma_ in PLACEHOLDERS or c.lemma_ in OF_COUNTS)):
                noun = _of_number(c)
                return noun, COLLECTIVES.get(noun.lemma_, "")
    # the parser sometimes hangs the noun right after the amount on the amount itself ("between 1,000,000,000 and
    # 1,000,000,001 soldiers": a conj of the first number); it is still what is counted
    after = expr.doc[expr.end] if expr.end < len(expr.doc) else None
    if after is not None and after.tag_ in ("NNS", "NNPS") and expr.start <= after.head.i < expr.end:
        return after, ""
    return None, ""


def _of_number(noun: Token) -> Token:
    """"the number of dead" counts the dead, "the number of confirmed dead" too (the parser makes "confirmed" a
    clause whose complement is "dead"), "the list of the missing" the missing (``OF_COUNTS``)."""
    if noun.lemma_.lower() in OF_COUNTS:
        for prep in (c for c in noun.children if c.lower_ == "of"):
            for obj in (o for o in prep.children if o.dep_ in ("pobj", "pcomp")):
                if obj.dep_ == "pcomp":
                    obj = next((c for c in obj.children if c.dep_ in ("oprd", "acomp", "dobj")), obj)
                return obj
    return noun


def _measures_what_follows(noun: Token) -> bool:
    """A time noun in the possessive before the noun it measures: "up to 18 months' salary", "two weeks' notice"
    (a measure of pay or notice, not a duration)."""
    return (noun.lemma_.lower() in TIME_NOUNS and (noun.dep_ == "poss" or any(c.tag_ == "POS" for c in noun.children))
            and noun.head.i > noun.i and noun.head.pos_ == "NOUN")


def _not_a_count(noun: Token, expr: Span, lo_text: str, value: float | None) -> bool:
    """Durations, ages, years, figures of speech ("one thing") and anaphora ("the two nations")."""
    lemma = noun.lemma_.lower()
    if _measures_what_follows(noun):
        return False
    if lemma in TIME_NOUNS or lemma in GENERIC_NOUNS or noun.ent_type_ in ("DATE", "TIME"):
        return True
    if re.fullmatch(r"(1[89]|20)\d\d", lo_text) and noun.tag_ != "NNS":
        return True  # "the 2024 budget bill"
    # "the two nations" points back at things counted before; "the 1,500 soldiers" still states a figure worth
    # comparing, so only small numbers are taken for references
    return (value or 0) < 10 and noun.i >= expr.end and any(
        c.dep_ == "det" and c.lower_ in ("the", "these", "those") and c.i < expr.start for c in noun.children)


def _unit(noun: Token | None, sent: Span | None = None) -> str:
    """The counted noun as a normalised plural ("soldier" → troops, "brigade" → brigades)."""
    lemma = noun.lemma_.lower() if noun is not None else ""
    if not lemma or lemma in PLACEHOLDERS:
        return ""
    if lemma in STAFF_NOUNS or noun.lower_ in STAFF_NOUNS:
        return _staff_unit(noun, sent)
    if lemma in UNIT_OF or noun.lower_ in UNIT_OF:
        return UNIT_OF.get(lemma) or UNIT_OF[noun.lower_]
    if lemma in MEMBER_NOUNS and noun.lower_ == lemma:
        return lemma  # "24 crew"
    if lemma in PEOPLE_NOUNS and noun.tag_ == "NNS" and not any(
            c.dep_ in ("amod", "compound", "nmod") and c.lower_ not in QUANTITY_WORDS or c.lower_ == "of"
            for c in noun.children):
        return "people"  # "14 bodies", "the loss of 27 lives"; not "regulatory bodies", "bodies of water"
    if lemma in CURRENCY_NOUN:
        return CURRENCY_NOUN[lemma]
    if noun.tag_ == "NNPS" or noun.ent_type_ == "NORP":
        return noun.text  # "Ukrainians"
    if noun.tag_ == "NNS":
        return noun.lower_
    if re.search(r"(s|x|ch|sh)$", lemma):
        return lemma + "es"
    return lemma[:-1] + "ies" if re.search(r"[^aeiou]y$", lemma) else lemma + "s"


def _staff_unit(noun: Token, sent: Span | None) -> str:
    """"search and rescue personnel" → rescuers; "special forces personnel", or personnel in a sentence about
    soldiers or the army → troops; otherwise the noun itself ("medical personnel" → personnel)."""
    modifiers = {t.lemma_.lower() for t in noun.subtree if t.i < noun.i}
    if modifiers & RESCUE_WORDS:
        return "rescuers"
    if noun.lower_ != "personnel":
        return "workers" if noun.lemma_.lower() == "worker" else "staff"
    context = {t.lower_ for t in (sent if sent is not None else noun.sent)}
    return "troops" if modifiers & MILITARY_MODIFIERS or context & MILITARY_CONTEXT else "personnel"


def _noun_phrase(noun: Token, expr: Span) -> str:
    """The counted noun with its modifiers after the amount, and the "of" phrase saying what it holds
    ("containers' worth of artillery shells")."""
    doc = noun.doc
    if noun.i < expr.start:  # "a crowd of 10,000": the noun and its compounds ("death toll")
        start = noun.i
        while start > 0 and doc[start - 1].dep_ in ("compound", "amod") and doc[start - 1].head == noun:
            start -= 1
        return doc[start:noun.i + 1].text
    start, end = max(noun.left_edge.i, expr.end), noun.i
    while start < end and (doc[start].dep_ in ("det", "cc", "conj") or doc[start].like_num):
        start += 1  # "500 and 700 soldiers": the other number is not part of the phrase
    holder = noun.head if noun.dep_ == "poss" and noun.head.lower_ == "worth" else noun
    for prep in (c for c in holder.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > end):
        end = next((o.i for o in prep.children if o.dep_ == "pobj"), end)
        break
    return doc[start:end + 1].text


def _attribution(anchor: Token, sent: Span, actors: ArticleActors,
                 quoted: Callable[[int], list[tuple[int, int, str, str]]] | None = None) -> tuple[str | None, str]:
    """(actor key of who asserts the number, cue); see the module docstring for the order of the rules.
    ``quoted(char)`` gives (start, end, speaker key, cue) of the article's attributed quotations (none when the
    paragraph holding ``char`` has no quotation mark)."""
    first_cue = ""
    according = _according_to(sent, actors)
    owner_key = None  # who "its" / "their" stands for in a subject naming no one ("its teams confirmed ...")
    for node in (anchor, *anchor.ancestors):
        if node.lemma_ == "put" and not any(c.lower_ == "at" and any(t.like_num for t in c.subtree)
                                            for c in node.children):
            continue  # "put the toll at 40,000[, up from 30,000]" reports figures; "put 12 people on trial" does not
        if node.pos_ == "NOUN" and node.lemma_.lower() in HEARSAY_NOUNS and any(
                c.dep_ in ("acl", "ccomp") and c.left_edge.i <= anchor.i <= c.right_edge.i for c in node.children):
            owner = [c for c in node.children if c.dep_ == "poss"]
            return (actors.resolve(_phrase(owner[0])) if owner else None), node.text
        if node.pos_ == "NOUN" and node.lemma_.lower() in CUE_NOUNS:
            owner = [c for c in node.children if c.dep_ == "poss"]
            if owner and (key := actors.resolve(_phrase(owner[0]))):
                return key, node.text  # "the UN's estimate of 12,000 deaths"
            issuer = node.head  # "the council gave a figure of at least 17 dead"
            if node.dep_ == "dobj" and issuer.lemma_.lower() in AUTHOR_VERBS and (
                    (subject := _subject(issuer)) is not None
                    and (key := actors.resolve(_subject_phrase(issuer, subject)))):
                return key, issuer.text
            continue
        verbs = [node] if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in CUE_VERBS else []
        # "9,000 people are sheltering in schools, the agency said, and ...": the reporting clause hangs on the
        # clause it reports
        verbs += [c for c in node.children if c.dep_ == "parataxis" and c.pos_ in ("VERB", "AUX")
                  and c.lemma_.lower() in CUE_VERBS and not c.left_edge.i <= anchor.i <= c.right_edge.i]
        for verb in verbs:
            subject = _subject(verb)
            if subject is not None and subject.left_edge.i <= anchor.i <= subject.right_edge.i:
                continue  # the number is who speaks ("45% of voters said no"), not what is said
            first_cue = first_cue or verb.text
            evidence = verb.lemma_.lower() in EVIDENCE_VERBS
            if evidence and according[1]:
                # "Kamloops recorded 3.2 mm of rain, according to the agency": the agency's figure (no one's when
                # the source names no actor), never the place's
                return according[0], "according to"
            key = actors.resolve(_subject_phrase(verb, subject)) or _author(subject, actors) \
                if subject is not None else None
            if key and evidence and _is_place(subject, key, actors):
                continue  # "B.C. has recorded 1,140 wildfires": where it happened, not who says so
            if key:
                return key, verb.text
            owner = [c for c in subject.children if c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS] \
                if subject is not None else []
            if owner:  # "its assessment teams had confirmed 87 homes destroyed": the owner's report, said above
                owner_key = owner_key or actors.resolve(owner[0])
                continue
            if subject is not None and subject.pos_ != "PRON" and verb.lemma_.lower() not in WEAK_CUES:
                return None, verb.text  # a source that names no one ("some reports suggest", "police said")
    if according[0]:
        return according[0], "according to"
    if owner_key:
        return owner_key, first_cue
    first_cue = first_cue or according[1]
    quote = _quotation_around(anchor, sent)
    if quote is not None:
        outside = [t for t in sent if not quote[0] <= t.idx < quote[1]]
        for tok in (t for t in outside if t.pos_ == "VERB" and t.lemma_.lower() in CUE_VERBS):
            subject = _subject(tok)
            if subject is not None and (key := actors.resolve(_phrase(subject))):
                return key, tok.text
        # "Peskov was blunt: "...": the person (else organisation) named outside the quotation speaks it
        named = sorted((m for m in actors.mentions if sent.start_char <= m.start_char < sent.end_char
                        and not quote[0] <= m.start_char < quote[1] and m.type in ("PERSON", "ORG")),
                       key=lambda m: m.type != "PERSON")
        if named:
            return named[0].key, first_cue
    # a quotation that runs over several sentences ("“The hull has settled at 30 metres. Our divers ...,” X
    # said."): its speaker is named in another sentence, so ask the quotes extractor who says it
    for start, end, key, cue in quoted(anchor.idx) if quoted is not None else ():
        if start <= anchor.idx < end:
            return key, first_cue or cue
    return None, first_cue


def _in_quoting_paragraph(text: str, char: int) -> bool:
    """The paragraph of ``text`` holding ``char`` has a quotation mark (a cheap test before the quotations are
    read)."""
    end = text.find("\n", char)
    return bool(re.search("[\"“”„«»]", text[text.rfind("\n", 0, char) + 1:end if end >= 0 else len(text)]))


def _quote_speakers(parsed: ParsedArticle, actors: ArticleActors) -> list[tuple[int, int, str, str]]:
    """(start, end, speaker key, cue) of each quotation of the article that ``quotes.extract_quotes`` gives to an
    actor."""
    keys = {m.key for m in actors.mentions}
    return [(r["start_char"], r["end_char"], r["speaker_key"], r["cue"] or "")
            for r in extract_quotes(parsed, actors) if r["speaker_key"] in keys]


def _according_to(sent: Span, actors: ArticleActors) -> tuple[str | None, str]:
    """(actor key, "according to") of the first "according to X" in the sentence naming an actor; (None,
    "according to") when X names no one; (None, "") without one."""
    cue = ""
    for tok in sent[:-1]:
        if tok.lower_ == "according" and tok.nbor().lower_ == "to":
            cue = "according to"
            source = [c for c in tok.nbor().children if c.dep_ == "pobj"]
            if source and (key := actors.resolve(_phrase(source[0])) or _author(source[0], actors)):
                return key, cue
    return None, cue


# The verb of a relative clause without "that" reporting the amount before it ("the $5 million the ministry says
# it has released", "the 1,500 troops Seoul believes were sent").
CONTACT_CUE = re.compile(r"\s+(?:(?:has|have|had)\s+)?(?:says|said|claims|claimed|estimates|estimated|reports"
                         r"|reported|believes|believed|insists|insisted)\b", re.I)


def _contact_clause(text: str, end: int, actors: ArticleActors) -> tuple[str, str] | None:
    """(key, cue) when the amount ending at ``end`` is the object of a relative clause without "that" whose
    subject names an actor and whose verb reports it ("the ₱5 million the Department of Social Welfare says it
    has released"): the parser often hangs that clause elsewhere. None otherwise."""
    lead = re.match(r"\s+(?:that\s+|which\s+)?(?:the\s+)?", text[end:], re.I)
    if lead is None:
        return None
    mention = next((m for m in actors.mentions if m.start_char == end + lead.end()), None)
    cue = CONTACT_CUE.match(text, mention.end_char) if mention is not None else None
    return (mention.key, cue.group().split()[-1]) if cue else None


def _author(noun: Token, actors: ArticleActors) -> str | None:
    """Who issued the document ``noun`` names (``DOCUMENT_NOUNS``): the agent of a verb of issuing hung on it ("a
    manifest released by the operator, X", "a list compiled by the council"), or the source of "by" / "from"
    ("a report by the UN", "data from the ministry"); None for another noun or when no actor is named."""
    if noun.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    sources = [o for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
               for o in c.children if o.dep_ == "pobj"]
    for verb in (c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in AUTHOR_VERBS):
        sources += [o for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
    return next((key for o in sources if (key := actors.resolve(_phrase(o)) or _named_after(o, actors))), None)


def _named_after(tok: Token, actors: ArticleActors) -> str | None:
    """The actor named right after ``tok``'s phrase and a comma ("by the operator, Blue Anchor Ferries"), which
    the parser does not always hang on it as an apposition."""
    phrase = _phrase(tok)
    doc = tok.doc
    if phrase.end + 1 >= len(doc) or doc[phrase.end].text != ",":
        return None
    start = doc[phrase.end + 1].idx
    return next((m.key for m in actors.mentions if m.start_char == start), None)


def _is_place(subject: Token, key: str, actors: ArticleActors) -> bool:
    """The subject names a place: a GPE/LOC mention, or a place entity."""
    phrase = _phrase(subject)
    mentions = [m for m in actors.mentions if m.key == key
                and phrase.start_char <= m.start_char and m.end_char <= phrase.end_char]
    if mentions:
        return all(m.type in PLACE_TYPES for m in mentions)
    return subject.ent_type_ in PLACE_TYPES


def _subject(verb: Token) -> Token | None:
    """Who does the (speech) verb: its active subject or passive agent, inherited by "... and said" and
    "adding that"; None for an agentless passive ("is believed to")."""
    for c in verb.children:
        if c.dep_ == "nsubj":
            # "the agency, which said": the relative pronoun stands for the noun the clause hangs on
            return verb.head if c.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" else c
        if c.dep_ == "agent":
            return next((o for o in c.children if o.dep_ == "pobj"), None)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None
    head = verb.head
    if (verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ") and head.tag_ == "VB" and head.dep_ == "ccomp"
            and any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children)):
        # "X said troops would arrive and pledged $10m": a finite verb cannot share "would", so it goes with
        # the verb that reports the clause, whatever the parser hung it on
        return _subject(head.head)
    if verb.dep_ in ("conj", "xcomp") or verb.dep_ == "advcl" and verb.tag_ == "VBG":
        return _subject(head)
    return None


def _subject_phrase(verb: Token, subject: Token) -> Span:
    """The subject's noun phrase; when the parser split one name into several subjects of the verb ("the
    Movimiento por la Justicia Social (MJS), which called the strike, insists": "por" and "Social"), all of
    them."""
    if subject.head != verb or subject.dep_ != "nsubj":
        return _phrase(subject)
    others = [c for c in verb.children if c.dep_ == "nsubj" and c != subject and c.tag_ not in ("WDT", "WP")]
    return _phrase(subject, *others)


def _phrase(tok: Token, *more: Token) -> Span:
    """``tok``'s noun phrase without the clauses hanging on it ("reports [that Kim sent troops]"); with ``more``
    tokens, the phrase running over all of their phrases when they are adjacent."""
    kept: set[int] = set()
    for t in (tok, *more):
        dropped = {d.i for c in t.children if c.dep_ in CLAUSE_DEPS for d in c.subtree}
        kept |= {d.i for d in t.subtree} - dropped
    doc, lo, hi = tok.doc, min(tok.i, *(t.i for t in more)) if more else tok.i, tok.i
    while lo - 1 in kept:
        lo -= 1
    while hi + 1 in kept:
        hi += 1
    while hi > tok.i and doc[hi].is_punct and not (doc[hi].text == ")" and "(" in doc[lo:hi].text):
        hi -= 1  # a trailing comma goes; the bracket closing "(MJS)" stays
    return doc[lo:hi + 1]


def _quotation_around(tok: Token, sent: Span) -> tuple[int, int] | None:
    """Character range of the quotation (“...” or "...") in ``sent`` that holds ``tok``, if any."""
    for q in re.finditer(r"“[^”]*”?|\"[^\"]*\"?", sent.text):
        start, end = sent.start_char + q.start(), sent.start_char + q.end()
        if start <= tok.idx < end:
            return start, end
    return None
