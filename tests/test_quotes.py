"""Quotes: pairing quotation marks (no model needed), attributing speakers (one rule per test, on sentences
written here), and the exact quote rows of every seed article, checked against the gold annotation."""
from __future__ import annotations

import csv
import logging
import re
from pathlib import Path

import pytest

from core.actors import find_actors, fold
from core.quotes import COLUMNS, _subject, extract_quotes, find_quote_spans, is_name

GOLD = Path(__file__).parent / "data" / "gold"


def spans(text: str) -> list[str]:
    return [text[s.start:s.end] for s in find_quote_spans(text)]


@pytest.fixture
def quotes(parse):
    """quotes(text) → the rows of extract_quotes, after checking every row's offsets against the text."""
    def _quotes(text: str) -> list[dict]:
        parsed = parse(text, published="2024-10-21")
        rows = extract_quotes(parsed, find_actors(parsed))
        for r in rows:
            assert parsed.article.text[r["start_char"]:r["end_char"]] == r["quote"]
            assert r["sentence_id"] == parsed.sentence_id(r["start_char"])
            assert r["quote"] in r["sentence"]
        return rows
    return _quotes


def test_of_two_subjects_the_parser_gives_a_verb_the_nearer_is_its_subject():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ['"', "Some", "left", ",", '"', "McKinnon", "told", "reporters", "."]
    heads = [6, 6, 1, 6, 6, 6, 6, 6, 6]  # the parse also hangs "Some" (inside the quote) on "told"
    deps = ["punct", "nsubj", "ccomp", "punct", "punct", "nsubj", "ROOT", "dobj", "punct"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps)
    assert _subject(doc[6]).text == "McKinnon"


def test_a_subject_inside_the_quote_does_not_take_the_speakers_place(quotes):
    rows = quotes('"People left with what they could carry, some of them in their pyjamas," Mayor Darlene '
                  'McKinnon told reporters at an emergency centre in Kamloops.')
    assert [(r["quote"][:12], r["speaker_key"]) for r in rows] == [("People left ", "Darlene McKinnon")]


# --- pairing quotation marks --------------------------------------------------------------------------------

def test_straight_and_curly_marks_pair():
    assert spans('He said "we are ready," and left. She said “not yet.”') == ["we are ready,", "not yet."]


def test_quote_spanning_several_sentences_is_one_span():
    text = "“We see no threat. The cooperation is legal.” He left."
    assert spans(text) == ["We see no threat. The cooperation is legal."]


def test_apostrophes_are_not_quote_marks():
    text = "Pyongyang sent 13,000 containers' worth of shells to Russia's army and Korea’s soldiers’ camps. Don't."
    assert spans(text) == []
    assert spans("He called it ‘the people’s war’ on Monday.") == ["the people’s war"]
    # nor inside a quote, where a plural possessive must not close it early
    assert spans('He said "13,000 containers\' worth of shells" arrived.') == ["13,000 containers' worth of shells"]


def test_single_quotes_pair_when_they_enclose_words():
    assert spans("Starmer called it ‘deeply troubling’. ‘We will work with allies,’ he said.") == [
        "deeply troubling", "We will work with allies,"]
    assert spans("He said the ‘soldiers’ morale was broken’ and left.") == ["soldiers’ morale was broken"]


def test_elisions_and_inch_marks_are_not_quotes():
    assert spans("'Tis the season, he joked about the '90s.") == []
    assert spans("He recalled the '90s and the companies' rise.") == []
    assert spans('He bought a 27" monitor and a 12" tablet.') == []


def test_single_quotes_inside_double_quotes_belong_to_the_outer_quote():
    assert spans("“He told me ‘never again’, and I believed him,” she said.") == [
        "He told me ‘never again’, and I believed him,"]


def test_unbalanced_mark_is_capped_at_the_paragraph_end_and_reported(caplog):
    text = 'Smith said "we are not going anywhere\n\nDoe said "the budget is balanced," on Tuesday.'
    with caplog.at_level(logging.WARNING, logger="core.quotes"):
        assert spans(text) == ["we are not going anywhere", "the budget is balanced,"]
    assert "unbalanced" in caplog.text


def test_quote_continues_into_a_paragraph_that_opens_with_a_quote_mark():
    text = "Doe said: “The first phase is done.\n\n“The second starts in May.”\n\nThe council did not comment."
    assert spans(text) == ["The first phase is done.\n\n“The second starts in May."]


def test_line_break_inside_a_running_sentence_does_not_end_the_paragraph():
    assert spans("He said “the soldiers were waiting to pick\n\nup bags” on Monday.") == [
        "the soldiers were waiting to pick\n\nup bags"]


def test_names_in_quotation_marks_are_not_quotes():
    assert is_name("Storm Corps", "an elite unit, also known as the ")
    assert is_name("War and Peace", "he read ")
    assert is_name("special military operation", "Officials said the so-called ")
    assert not is_name("immediate", "urged an ")
    assert not is_name("Yes,", "")
    assert not is_name("We condemn it in the strongest terms,", "")


# --- attributing speakers -------------------------------------------------------------------------------------

def test_pronoun_speaker_after_the_quote(quotes):
    rows = quotes('Foreign Minister Anna Berg met the ambassador on Monday. "We will not accept this," she said.')
    assert [(r["quote"], r["speaker_key"], r["cue"], r["kind"]) for r in rows] == [
        ("We will not accept this,", "Anna Berg", "said", "statement")]


def test_pronoun_prefers_the_last_subject_over_a_later_object(quotes):
    rows = quotes("Minister John Park told the Russian envoy, Ivan Petrov, that the talks had failed. "
                  "He also “urged Moscow to withdraw its troops at once.”")
    assert [(r["speaker_key"], r["cue"]) for r in rows] == [("John Park", "urged")]


def test_names_inside_a_quote_are_not_speakers(quotes):
    rows = quotes("“I met Vladimir Putin last week,” he said.")
    assert [r["speaker_key"] for r in rows] == [None]


def test_split_quote_is_two_rows_with_one_speaker(quotes):
    rows = quotes("“We are ready,” said General Mark Milley. “We have always been ready.”")
    assert [(r["quote"], r["speaker_key"], r["cue"]) for r in rows] == [
        ("We are ready,", "Mark Milley", "said"), ("We have always been ready.", "Mark Milley", "")]


def test_two_quotes_by_one_speaker_stay_two_rows(quotes):
    rows = quotes("Dmitry Peskov called the report “a provocation” and the video “a fake”.")
    assert [r["quote"] for r in rows] == ["a provocation", "a fake"]
    assert len({r["speaker_key"] for r in rows}) == 1 and rows[0]["speaker_key"] is not None
    assert "Peskov" in rows[0]["speaker_key"]


def test_uncued_quote_in_the_next_paragraph_continues_the_speaker(quotes):
    rows = quotes("“We are ready,” said General Mark Milley.\n\n“Nobody should doubt it.”\n\n"
                  "The Pentagon declined to comment.\n\n“This is not over.”")
    assert [r["speaker_key"] for r in rows] == ["Mark Milley", "Mark Milley", None]


def test_quoted_as_saying_gives_the_person_quoted(quotes):
    rows = quotes("The foreign ministry quoted Kim Jong Un as saying the army would “fight to the end.”")
    assert [(r["speaker_key"], r["cue"]) for r in rows] == [("Kim Jong Un", "quoted ... as saying")]


def test_colon_introduces_a_quote(quotes):
    rows = quotes("Asked about the troops, the Kremlin spokesperson, Dmitry Peskov, said: “We see no threat. "
                  "The cooperation is legal.”")
    assert [(r["quote"], r["speaker_key"], r["kind"]) for r in rows] == [
        ("We see no threat. The cooperation is legal.", "Dmitry Peskov", "statement")]


def test_according_to_after_the_quote(quotes):
    rows = quotes("The special forces “are expected to reach the front lines soon,” according to the "
                  "National Intelligence Service.")
    assert [(r["speaker_key"], r["cue"]) for r in rows] == [("National Intelligence Service", "according to")]


def test_fragment_takes_the_subject_of_the_clause_that_governs_it(quotes):
    rows = quotes("Minister John Park described the deployment as a “serious security threat” on Monday.")
    assert [(r["quote"], r["speaker_key"], r["cue"], r["kind"]) for r in rows] == [
        ("serious security threat", "John Park", "described", "fragment")]
    rows = quotes("Canada summoned the Russian ambassador and urged an “immediate” withdrawal.")
    assert [(r["speaker_key"], r["kind"]) for r in rows] == [("Canada", "fragment")]


def test_fragment_in_a_subordinate_clause_goes_to_the_speech_verb_not_the_clause_subject(quotes):
    rows = quotes("Zinoviev's deputy Ivan Petrov said that the cooperation between Moscow and Pyongyang was "
                  "“within the framework of international law.”")
    assert [r["speaker_key"] for r in rows] == ["Ivan Petrov"]


def test_passive_cue_gives_the_agent(quotes):
    rows = quotes("The statement was described by Dmitry Peskov as “provocative”.")
    assert [r["speaker_key"] for r in rows] == ["Dmitry Peskov"]


def test_descriptive_speaker_when_no_actor_is_named(quotes):
    rows = quotes("The White House could not confirm it, but a national security council spokesperson said "
                  "it would “mark a dangerous development”.")
    assert [r["speaker_key"] for r in rows] == ["national security council spokesperson"]
    # a country beside the role is too broad to be the speaker
    rows = quotes("A senior US official said the troops were “a real concern”.")
    assert [r["speaker_key"] for r in rows] == ["senior US official"]


def test_role_description_points_back_to_the_person_with_that_role(quotes):
    rows = quotes("Vice Foreign Minister John Park met the envoy. The minister warned that Seoul would respond "
                  "by mobilising “all available means against any acts that threaten its interests.”")
    assert [(r["speaker_key"], r["cue"]) for r in rows] == [("John Park", "warned")]


def test_sentence_after_a_closed_quote_is_not_its_cue(quotes):
    rows = quotes("The video was shown on Sunday. “We expect a strong reaction from our partners.” "
                  "North Korea said on Monday that it would respond.")
    assert [r["speaker_key"] for r in rows] == [None]


def test_a_denied_speech_act_is_not_a_cue(quotes):
    rows = quotes("The video was shown on Sunday. “Where are the troops?” North Korea has not commented.")
    assert [(r["speaker_key"], r["cue"]) for r in rows] == [(None, "")]


def test_quoted_name_and_apostrophes_give_no_rows(quotes):
    assert quotes('The unit, known as the "Storm Corps", sent 13,000 containers\' worth of shells to Korea’s '
                  "neighbour.") == []


def test_british_single_quotes(quotes):
    rows = quotes("The prime minister, Keir Starmer, said the move was ‘deeply troubling’. "
                  "‘We will work with our allies,’ he told reporters.")
    assert [(r["quote"], r["speaker_key"], r["kind"]) for r in rows] == [
        ("deeply troubling", "Keir Starmer", "fragment"),
        ("We will work with our allies,", "Keir Starmer", "statement")]


def test_unbalanced_mark_does_not_swallow_the_next_paragraph(quotes):
    rows = quotes('Senator John Smith said "we are not going anywhere\n\n'
                  'The governor, Jane Doe, said "the budget is balanced," on Tuesday.')
    assert [(r["quote"], r["speaker_key"]) for r in rows] == [
        ("we are not going anywhere", "John Smith"), ("the budget is balanced,", "Jane Doe")]


def test_columns_are_documented_in_the_module_docstring():
    import core.quotes

    documented = re.findall(r"^\| (\w+) \| (\w+) \|", core.quotes.__doc__, re.M)
    assert documented[1:] == list(COLUMNS.items())   # after the header row


# --- the seed articles ----------------------------------------------------------------------------------------

# Every quote of each seed, in text order: (opening words, speaker, kind). Speakers are gold canonical names
# (a spelling variant listed in the gold actors counts); a descriptive speaker is written as extracted.
SEED_QUOTES = {
    "000_1700f88ec5aa7c5f.txt": [
        ("grave concerns", "Kim Hong-kyun", "fragment"),
        ("significant security threat", "Kim Hong-kyun", "fragment"),
        ("significant escalation", "NATO", "fragment"),
    ],
    "001_c081621a7dec6798.txt": [
        ("grave concerns regarding North Korea's recent", "Kim Hong-kyun", "statement"),
        ("poses a significant security threat", "Kim Hong-kyun", "statement"),
        ("emphasized that such actions violate", "Kim Hong-kyun", "statement"),
        ("North Korea transported its special forces", "National Intelligence Service", "statement"),
        ("are expected to be deployed", "National Intelligence Service", "statement"),
        ("provided Russia with more than 13,000 containers' worth", "National Intelligence Service", "statement"),
    ],
    "002_9421d41fcfe75d98.txt": [
        ("within the framework of international law", "Georgy Zinoviev", "fragment"),
        ("not directed against third countries", "Dmitry Peskov", "fragment"),
        ("concrete countermeasures", "Yoon Suk Yeol", "fragment"),
        ("reckless and illegal", "David Lammy", "fragment"),
    ],
    "003_03c885aabdb3101b.txt": [
        ("immediate", "South Korean Foreign Ministry", "fragment"),
        ("We condemn North Korea’s illegal", "Kim Hong-kyun", "statement"),
        ("immediate withdrawal", "Kim Hong-kyun", "fragment"),
        ("all available means in cooperation", "Kim Hong-kyun", "statement"),
        ("not directed against South Korea’s", "Georgy Zinoviev", "fragment"),
        ("it is in line with international law", "Georgy Zinoviev", "statement"),
        ("a grave security threat to the world", "Yoon Suk Yeol", "fragment"),
        ("fake news", "Kremlin", "fragment"),
        ("contradictory information", "Dmitry Peskov", "fragment"),
        ("The DPRK is our close neighbor", "Dmitry Peskov", "statement"),
    ],
    "004_5c51c3c021cbefec.txt": [
        ("in the strongest terms", "South Korea", "fragment"),
        ("We condemn North Korea’s illegal", "Kim Hong-kyun", "statement"),
        ("We will respond jointly", "Kim Hong-kyun", "statement"),
        ("North Korea transported its special forces", "National Intelligence Service", "statement"),
        ("mark a dangerous development", "national security council spokesperson", "fragment"),
        ("We received this video", "Ihor Solovey", "statement"),
        ("The video clearly shows", "Ihor Solovey", "statement"),
        ("For Ukraine, this video is important", "Ihor Solovey", "statement"),
        ("We are seeing a lot of contradictory information", "Dmitry Peskov", "statement"),
        ("significantly increase", "Volodymyr Zelensky", "fragment"),
        ("I am grateful to those leaders", "Volodymyr Zelensky", "statement"),
        ("We expect a normal, honest, strong reaction", "Volodymyr Zelensky", "statement"),
    ],
}


def read_gold(name: str) -> list[dict]:
    with (GOLD / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def spellings(name: str) -> set[str]:
    """The folded spellings that count as ``name``: itself and its variants in the gold actors."""
    names = {fold(name)}
    for actor in read_gold("actors.csv"):
        variants = {fold(v) for v in [actor["canonical"], *actor["variants"].split("|")]}
        if names & variants:
            names |= variants
    return names


def test_seed_expectations_agree_with_the_gold():
    """The table above is the gold, quote for quote (names in quotation marks excluded)."""
    gold = [g for g in read_gold("quotes.csv") if g["kind"] != "term"]
    expected = [(f, *row) for f, rows in SEED_QUOTES.items() for row in rows]
    assert len(gold) == len(expected)
    for g in gold:
        hit = [e for e in expected if e[0] == g["file"] and g["quote"].startswith(e[1])]
        assert hit, g["quote"]
        _file, _prefix, speaker, kind = max(hit, key=lambda e: len(e[1]))   # "immediate withdrawal", not "immediate"
        assert kind == g["kind"], g["quote"]
        alternatives = g["speaker"].split("|")
        assert any(fold(speaker) in spellings(a) or fold(speaker).startswith(fold(a)) for a in alternatives), g["quote"]


@pytest.mark.parametrize("file", sorted(SEED_QUOTES))
def test_seed_quote_rows(file, seed_tables, seed_file_of):
    df = seed_tables["quotes"]
    rows = df[df["article_id"].map(seed_file_of) == file].sort_values("start_char")
    got = list(zip(rows["quote"], rows["speaker"], rows["kind"]))
    assert len(got) == len(SEED_QUOTES[file]), [q for q, _s, _k in got]
    for (quote, speaker, kind), (prefix, want_speaker, want_kind) in zip(got, SEED_QUOTES[file]):
        assert quote.startswith(prefix), (quote, prefix)
        assert fold(speaker) in spellings(want_speaker), (quote, speaker, want_speaker)
        assert kind == want_kind, (quote, kind)


def test_seed_quotes_table_has_its_schema_and_valid_offsets(seed_tables, seed_articles):
    df = seed_tables["quotes"]
    # the corpus adds `source` after article_id and the comparison step appends group_id, ... after ours
    ours = [c for c in df.columns if c != "source"]
    assert ours[:len(COLUMNS)] == list(COLUMNS)
    assert {c: str(df[c].dtype) for c in COLUMNS} == COLUMNS
    texts = {a.article_id: a.text for a in seed_articles}
    for r in df.itertuples():
        assert texts[r.article_id][r.start_char:r.end_char] == r.quote
    assert not df["quote"].str.contains("Storm Corps").any()


def test_a_quote_paragraph_after_a_paragraph_introducing_someone_is_theirs(parse):
    def said(text):
        return [(r["quote"], r["speaker_key"]) for r in extract_quotes(parse(text, published="2025-03-11"))]

    intro = ("Among those waiting at the harbour is Tomas Rivera, a baker whose daughter was on board. His wife, "
             "Elena, has not been found.\n\n")
    assert said(intro + "“I come here every morning. I just want to bring her home.”\n\nThe search resumed.") == [
        ("I come here every morning. I just want to bring her home.", "Tomas Rivera")]  # the first subject named
    assert said("The harbour was quiet on Friday.\n\n“I come here every morning.”") == [
        ("I come here every morning.", None)]  # nobody introduced: nobody guessed
    assert said(intro + "Officials said “the search goes on”.\n\n“I come here every morning.”") == [
        ("the search goes on", "Officials"), ("I come here every morning.", "Officials")]  # a quote between: it continues that one


def test_a_colon_after_a_clause_gives_the_quote_to_its_subject_and_a_pull_quote_keeps_its_speaker(parse):
    def said(text):
        return [(r["quote"], r["speaker_key"], r["cue"]) for r in extract_quotes(parse(text, published="2025-10-15"))]

    assert said("Chief executive Anna Berg was blunt: “There is no future for the plant.”") == [
        ("There is no future for the plant.", "Anna Berg", ":")]
    text = ("Mayor Frank Ode said the town would fight. “When the plant goes, the bakery goes with it,” union leader "
            "Tom Rein said.\n\nThe mayor, Frank Ode, has lived in the town since 1980.\n\n"
            "“When the plant goes, the bakery goes with it.”")
    assert [s for _q, s, _c in said(text)] == ["Tom Rein", "Tom Rein"]  # the pull quote is Rein's, not the mayor's
