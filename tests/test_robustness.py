"""Bad input on the command line, one case per kind: each file gets a message that names it, says what is wrong and
what to do (in ``articles.csv`` and on the terminal), and every other article of the same run is processed in full.

First the decoding rules on bytes (``core.decode``), then one ``python -m core extract`` run over a folder that
holds every bad case next to two seed articles, compared with a clean run of the two seeds alone. Quote styles, HTML
boilerplate and the timeline's handling of missing or impossible dates are checked on the tables. The app side of
the same cases is in ``tests/test_app.py`` (uploads), hostile input in ``tests/test_export.py`` and the browser test.
"""
from __future__ import annotations

import contextlib
import csv
import io
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from core.corpus import extract_corpus
from core.decode import DecodeError, decode
from core.ingest import read_article
from core.quotes import find_quote_spans

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
AFP, MOSCOW_TIMES = "000_1700f88ec5aa7c5f.txt", "001_c081621a7dec6798.txt"
PER_ARTICLE = {"sentences": "text", "mentions": "text", "claims": "text", "quotes": "quote", "timeline": "expression"}

BODY = ("Officials said 2,000 troops crossed the border on 21 October 2024, a spokesman for the ministry said. "
        "The army has not commented on the report.\n")
RESAVE = "re-save the file as UTF-8"


def zipped(**members: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in members.items():
            zf.writestr(name.replace("_", "."), text)
    return buf.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00\x90\x91h6"
UNKNOWN_SCRIPT = b" ".join(bytes([0xC0 + (i * 7) % 64, 0xC0 + (i * 13) % 64, 0xC0 + (i * 5) % 64]) for i in range(90))

# name → (bytes, what the message says after the file's name). None of these has text to extract: no row in any
# other table.
REFUSED = {
    "empty.txt": (b"", ["is empty (0 bytes), so there is no text to read: check that the file was saved or copied "
                        "completely"]),
    "blank.txt": (b"  \n\t\r\n   \n", ["holds no text, only whitespace (10 bytes), so there is nothing to read: "
                                    "check that the file was saved"]),
    "nul.txt": (b"\x00\x01\x02\x03binary\x00\x00data\x00", ["is a binary file (it contains NUL bytes)",
                                                         "add the article as a .txt or .html file instead"]),
    "photo.txt": (PNG, ["is a binary file (a PNG image), not text or HTML, although its name ends in .txt",
                        "add the article's text as a .txt or .html file instead"]),
    "bundle.txt": (zipped(story_txt=BODY), ["is a binary file (a ZIP archive)",
                                            "unzip it and add the files inside (story.txt)"]),
    "broken-utf16.txt": (b"\xff\xfe" + "Troops".encode("utf-16-le") + b"\x00\xdc" + "said".encode("utf-16-le"),
                         ["starts with a UTF-16 byte-order mark but is not valid UTF-16 (illegal encoding at byte 14), "
                          "so it is damaged or cut short: " + RESAVE]),
    "unknown-script.txt": (UNKNOWN_SCRIPT, ["is not UTF-8", "its encoding cannot be told", RESAVE]),
    "script-only.html": (b"<html><head><script>var a = 1;</script><style>p {}</style></head><body></body></html>",
                         ["is HTML with no article text", "save the article's text as a .txt file"]),
    "menu-only.html": (b"<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></body></html>",
                       ["has no body sentences: all of its text was read as headline (\u201cHome World\u201d)",
                        "check that the page holds the article (not a menu, login or cookie page)"]),
    "headline-only.txt": (b"Border talks resume\n", [  # (its headline gives no sentence)
        "has no body sentences: all of its text was read as headline (\u201cBorder talks resume\u201d)",
        "if it is the article's text, write it as sentences below a headline line"]),
    "symbols.txt": (b"*** --- ***\n\n... !!! ...\n", [
        "has no words, only punctuation or symbols", "check that the file holds the article's text"]),
}
DECODE_ERRORS = list(REFUSED)[:7]
# name → (bytes, what the warning must say, a piece of the text as it must be decoded). These are read.
READ = {
    "cp1252.txt": (b"Border clash\n\nThe minister called it a \x93grave provocation\x94 and said troops\x92 morale "
                   b"was high. " + BODY.encode(), ["not valid UTF-8 (byte 0x93 at position 39 is not UTF-8), so it was "
                                                    "read as Windows-1252 (cp1252", RESAVE],
                   "a \u201cgrave provocation\u201d and said troops\u2019 morale"),
    "latin1.txt": ("Frontière\n\nLe ministre a déclaré que 2 000 soldats étaient arrivés à Genève. ".encode("latin-1")
                   + BODY.encode(), ["read as Windows-1252 (cp1252, which covers Latin-1)"],
                   "étaient arrivés à Genève"),
    "mixed.txt": ("Déjà vu at the border\n\nThe envoy said “enough”. ".encode() + b"Then \x93more\x94 came. "
                  + BODY.encode(), ["mostly UTF-8, but some bytes are not (the first, 0x93, at position 59) and were "
                                    "read as Windows-1252: check the characters there"],
                  "Déjà vu at the border\n\nThe envoy said “enough”. Then “more” came."),
    "cyrillic.txt": (("Министр заявил, что войска прибыли в понедельник. " * 3 + "\n").encode("cp1251") + BODY.encode(),
                     ["so it was read as cp1251 (Russian), the encoding charset-normalizer finds most likely: check "
                      "the text", RESAVE], "Министр заявил, что войска прибыли"),
    "utf16-no-bom.txt": (("Border clash\n\n" + BODY).encode("utf-16-le"),
                         ["has no byte-order mark but every other byte is zero, so it was read as UTF-16-LE", RESAVE],
                         "Officials said 2,000 troops"),
    "stray-nul.txt": (b"Border clash\n\nOfficials\x00said. " + BODY.encode() * 20,
                      ["holds 1 NUL byte (the first at byte 23), read as a space: check the text around it"],
                      "Officials said."),
}
# name → (bytes, the decoded text): read with no warning about the encoding, which the byte-order mark gives.
CLEAN = {name: (bom + (f"Border “clash”\n\n{name}: " + BODY).encode(codec), f"Border “clash”\n\n{name}: " + BODY)
         for name, bom, codec in [("utf8-bom.txt", b"\xef\xbb\xbf", "utf-8"),
                                  ("utf16-le.txt", b"\xff\xfe", "utf-16-le"),
                                  ("utf16-be.txt", b"\xfe\xff", "utf-16-be")]}
UNBALANCED = "Smith said \"we are not going anywhere, whatever happens.\n\nOfficials said 40 ships had docked."
HTML = b"""<!doctype html><html><head><title>Storm hits coast</title>
<style>.x { color: red } STYLE_MARKER</style>
<script>var tracking = "SCRIPT_MARKER"; document.write("injected");</script></head><body>
<!-- COMMENT_MARKER editorial note -->
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World NAV_MARKER</a></li></ul></nav>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies COOKIE_MARKER to improve your experience.</p>
<button>Accept all cookies</button></div>
<article><h1>Storm hits coast</h1><p>The storm reached the coast on Monday, officials said, and 3,000 homes lost
power.</p><p>"We are working through the night," said Maria Lopez, a spokeswoman for the utility.</p>
<p>Repairs are expected to take until Friday, the company said in a statement issued late on Monday.</p></article>
<footer>FOOTER_MARKER Copyright 2024 <a href="/privacy">Privacy</a></footer></body></html>"""
MARKERS = ["STYLE_MARKER", "SCRIPT_MARKER", "COMMENT_MARKER", "NAV_MARKER", "COOKIE_MARKER", "FOOTER_MARKER",
           "Accept all cookies", "document.write"]
ODD_NAMES = ["with spaces and (brackets).txt", "déjà vu – ünïcødé 记者.txt", "=cmd|' calc'!A0.txt",
             "long " + "x" * 200 + ".txt"]


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise ``TimeoutError`` inside the block when it runs longer than ``seconds``: a hang becomes a failure."""
    def stop(_signum, _frame):
        raise TimeoutError(f"still running after {seconds} s: an endless loop?")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "core", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def odd_article(i: int) -> str:
    return f"Harbour report {i}\n\nOfficials said {100 + i} boats returned to the harbour on 20 October 2024.\n"


# --- decoding, on bytes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", DECODE_ERRORS)
def test_undecodable_bytes_raise_a_message_saying_what_to_do(name):
    data, expected = REFUSED[name]
    with pytest.raises(DecodeError) as caught:
        decode(data, name=name)
    for words in expected:
        assert words in str(caught.value)


@pytest.mark.parametrize("name", list(READ))
def test_other_encodings_are_read_and_the_encoding_assumed_is_said(name):
    data, expected, piece = READ[name]
    text, warnings = decode(data, name=name)
    assert piece in text
    for words in expected:
        assert any(words in w for w in warnings), warnings


@pytest.mark.parametrize("name", list(CLEAN))
def test_a_byte_order_mark_decides_the_encoding_silently(name):
    data, text = CLEAN[name]
    assert decode(data, name=name) == (text, [])


def test_a_docx_or_a_pdf_is_named_as_such():
    docx = zipped(**{"[Content_Types]_xml": "x", "word/document_xml": "y"})
    with pytest.raises(DecodeError, match=r"a Word \.docx document.*save it as plain text"):
        decode(docx, name="report.docx")
    with pytest.raises(DecodeError, match=r"a PDF document.*copy the article's text into a \.txt file"):
        decode(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", name="report.pdf")


def test_random_bytes_without_nul_are_binary():
    noise = bytes((i * 97 + 13) % 256 or 1 for i in range(4000))
    with pytest.raises(DecodeError, match="is a binary file, not text or HTML"):
        decode(noise, name="noise.txt")


# --- one command-line run with every bad case --------------------------------------------------------------

@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    """A mixed run (every case, the two seeds, two repeats of a seed, odd file names, a manifest that names a
    missing file) and a clean run (the two seeds alone), both through ``python -m core extract``."""
    base = tmp_path_factory.mktemp("robust")
    mixed, clean = base / "mixed", base / "clean"
    mixed.mkdir()
    clean.mkdir()
    for seed in (AFP, MOSCOW_TIMES):
        (mixed / seed).write_bytes((SEEDS / seed).read_bytes())
        (clean / seed).write_bytes((SEEDS / seed).read_bytes())
    afp = (SEEDS / AFP).read_text(encoding="utf-8")
    (mixed / "afp-copy.txt").write_text(afp, encoding="utf-8")                              # byte-identical
    (mixed / "afp-respaced.txt").write_text(afp.replace(" ", "  ").replace("\n", "\r\n\n"), encoding="utf-8")
    for name, (data, *_rest) in {**REFUSED, **READ, **CLEAN}.items():
        (mixed / name).write_bytes(data)
    (mixed / "unbalanced.txt").write_text(f"Harbour dispute\n\n{UNBALANCED}\n", encoding="utf-8")
    (mixed / "storm.html").write_bytes(HTML)
    for i, name in enumerate(ODD_NAMES):
        (mixed / name).write_text(odd_article(i), encoding="utf-8")
    seeds_manifest = (SEEDS / "sources.csv").read_text(encoding="utf-8").splitlines()
    lines = [seeds_manifest[0], *[line for line in seeds_manifest if line.startswith((AFP, MOSCOW_TIMES))]]
    (base / "clean.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    others = [f'"{p.name}",,2024-10-21,' for p in sorted(mixed.iterdir()) if p.name not in (AFP, MOSCOW_TIMES)]
    (base / "mixed.csv").write_text("\n".join([*lines, *others, "ghost.txt,Ghost,2024-10-21,"]) + "\n",
                                    encoding="utf-8")
    procs = {name: run_cli("extract", folder, "--manifest", base / f"{name}.csv", "--out", base / f"{name}-out",
                           "--quiet")
             for name, folder in (("mixed", mixed), ("clean", clean))}
    for proc in procs.values():
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
    tables = {name: {t: read_rows(base / f"{name}-out" / f"{t}.csv") for t in ("articles", *PER_ARTICLE)}
              for name in procs}
    return {"folder": mixed, "stderr": procs["mixed"].stderr, "tables": tables["mixed"], "clean": tables["clean"]}


def article_row(runs, name: str) -> dict:
    return next(a for a in runs["tables"]["articles"] if Path(a["file"]).name == name)


def rows_of(tables: dict, article_id: str) -> dict[str, set]:
    return {t: {(r["sentence_id"], r["start_char"], r["end_char"], r[col]) for r in tables[t]
                if r["article_id"] == article_id} for t, col in PER_ARTICLE.items()}


@pytest.mark.parametrize("name", list(REFUSED))
def test_cli_names_the_file_says_what_is_wrong_and_what_to_do(runs, name):
    row = article_row(runs, name)
    for words in REFUSED[name][1]:
        assert words in row["warnings"]
        assert any(line.startswith(f"warning: {runs['folder'] / name}: ") and words in line
                   for line in runs["stderr"].splitlines()), runs["stderr"]
    if name in DECODE_ERRORS or name.startswith("script-only"):  # the row's own warning names the file too
        assert row["warnings"].startswith(f"{name} {REFUSED[name][1][0]}")
    assert not any(rows_of(runs["tables"], row["article_id"]).values()), "nothing is extracted from it"


def test_each_warning_is_one_message_in_the_warnings_column(runs):
    """Warnings are "; "-separated: every expected message sits whole in one of them (none holds "; ")."""
    for name, (_data, expected, *_rest) in {**REFUSED, **READ}.items():
        parts = article_row(runs, name)["warnings"].split("; ")
        for words in expected:
            assert any(words in part for part in parts), (name, words, parts)


@pytest.mark.parametrize("name", list(READ))
def test_cli_reads_other_encodings_and_says_which_it_assumed(runs, name):
    row = article_row(runs, name)
    for words in READ[name][1]:
        assert words in row["warnings"]
        assert f"warning: {runs['folder'] / name}: " in runs["stderr"]
    sentences = [s["text"] for s in runs["tables"]["sentences"] if s["article_id"] == row["article_id"]]
    assert any("troops" in s or "Министр" in s for s in sentences)


@pytest.mark.parametrize("name", list(CLEAN))
def test_cli_reads_byte_order_marks_without_a_warning(runs, name):
    row = article_row(runs, name)
    assert row["warnings"] == "" and row["headline"] == "Border “clash”"


def test_cp1252_curly_quotes_become_a_quote(runs):
    row = article_row(runs, "cp1252.txt")
    quotes = [q["quote"] for q in runs["tables"]["quotes"] if q["article_id"] == row["article_id"]]
    assert "grave provocation" in quotes


def test_every_other_article_is_processed_in_full(runs):
    for seed in (AFP, MOSCOW_TIMES):
        row = article_row(runs, seed)
        assert row["warnings"] == "" or row["warnings"].startswith(("duplicate:", "manifest names"))
        mixed, clean = rows_of(runs["tables"], row["article_id"]), rows_of(runs["clean"], row["article_id"])
        assert mixed == clean and all(clean.values())


def test_the_same_article_twice_is_one_article_flagged_as_a_duplicate(runs):
    folder = runs["folder"]
    afp_rows = [a for a in runs["tables"]["articles"] if a["article_id"] == article_row(runs, AFP)["article_id"]]
    assert len(afp_rows) == 1
    names = {Path(a["file"]).name for a in runs["tables"]["articles"]}
    assert {"afp-copy.txt", "afp-respaced.txt"}.isdisjoint(names)
    for copy in ("afp-copy.txt", "afp-respaced.txt"):
        assert f"duplicate: {folder / copy} has the same text and was skipped" in afp_rows[0]["warnings"]


def test_odd_file_names_are_read_and_kept_as_given(runs):
    for i, name in enumerate(ODD_NAMES):
        row = article_row(runs, name)
        assert row["file"] == str(runs["folder"] / name)
        stem = Path(name).stem
        assert row["source"] == ("'" + stem if stem.startswith("=") else stem)  # neutralised in the CSV
        assert row["warnings"] == ""
        claims = [c["text"] for c in runs["tables"]["claims"] if c["article_id"] == row["article_id"]]
        assert claims == [f"{100 + i} boats"]


def test_a_manifest_row_for_a_missing_file_is_said(runs):
    message = "manifest names ghost.txt, which is not among the input files: check the name in its file column"
    assert any(message in a["warnings"] for a in runs["tables"]["articles"])
    assert message in runs["stderr"]


def test_unbalanced_quote_is_read_to_the_paragraph_end_and_said(runs):
    row = article_row(runs, "unbalanced.txt")
    text = (runs["folder"] / "unbalanced.txt").read_text(encoding="utf-8")
    at = text.index('"we are')
    snippet = '"we are not going anywhere, whatever happens. Officials sai'
    assert snippet == " ".join(text[at:at + 60].split())
    assert (f"unbalanced quotation mark at character {at} ({snippet}…), read up to the end of its paragraph: check "
            "the quotation marks there") in row["warnings"].split("; ")
    quotes = [q for q in runs["tables"]["quotes"] if q["article_id"] == row["article_id"]]
    assert [q["quote"] for q in quotes] == ["we are not going anywhere, whatever happens."]
    assert "unbalanced quotation mark at character" in runs["stderr"]


def test_html_scripts_styles_comments_navigation_and_cookie_banners_are_dropped(runs):
    row = article_row(runs, "storm.html")
    assert row["headline"] == "Storm hits coast" and row["warnings"] == ""
    sentences = [s["text"] for s in runs["tables"]["sentences"] if s["article_id"] == row["article_id"]]
    assert any("3,000 homes lost" in s for s in sentences)
    assert not [m for m in MARKERS for s in sentences if m in s]
    quotes = [q["quote"] for q in runs["tables"]["quotes"] if q["article_id"] == row["article_id"]]
    assert quotes == ["We are working through the night,"]


# --- quote styles ------------------------------------------------------------------------------------------

def spans(text: str) -> list[str]:
    return [text[s.start:s.end] for s in find_quote_spans(text)]


@pytest.mark.parametrize(("text", "quote"), [
    ("Er sagte: „Wir sind bereit.“ Dann ging er.", "Wir sind bereit."),
    ("Il a déclaré : « Nous sommes prêts » hier soir.", "Nous sommes prêts"),
    ("Er sagte »Nein« und ging.", "Nein"),
    ("Sie nannte es ‹eine Drohung› am Montag.", "eine Drohung"),
    ("Sie sagte ‚nein‘ und ging.", "nein"),
    ("首相は「準備ができている」と述べた。", "準備ができている"),
    ("He said “we are ready” and left.", "we are ready"),
])
def test_other_quote_styles_pair(text, quote):
    assert spans(text) == [quote]


@pytest.mark.parametrize(("text", "quote"), [
    ("« Il m’a dit “jamais” et il est parti », a-t-elle raconté.", "Il m’a dit “jamais” et il est parti"),
    ("“He told me \"never again\" and left,” she said.", "He told me \"never again\" and left,"),
    ("“He told me ‘never again’ and left,” she said.", "He told me ‘never again’ and left,"),
    ("彼は「『はい』と言った」と述べた。", "『はい』と言った"),
])
def test_a_quote_inside_a_quote_stays_inside_it(text, quote):
    assert spans(text) == [quote]


def test_quote_styles_through_the_whole_extraction(parse):
    from core.actors import find_actors
    from core.quotes import extract_quotes

    text = ("Le ministre Jean Dupont a déclaré : « Nous ne céderons pas. » Puis il est parti.\n\n"
            "Der Kanzler sagte: „Wir bleiben hier.“\n\n"
            "The envoy said ‹we will return› on Monday.")
    parsed = parse(text, published="2024-10-21")
    rows = extract_quotes(parsed, find_actors(parsed))
    assert [r["quote"] for r in rows] == ["Nous ne céderons pas.", "Wir bleiben hier.", "we will return"]
    for r in rows:
        assert text[r["start_char"]:r["end_char"]] == r["quote"]


# --- dates: none, relative without a publication date, impossible --------------------------------------------

def timeline_of(text: str, nlp, published: str = "") -> tuple[dict, list[str]]:
    article = read_article(Path("dates.txt"), text.encode("utf-8"), overrides={"published": published})
    tables = extract_corpus([article], nlp)
    return tables, tables["articles"]["warnings"].tolist()


def test_no_dates_at_all_gives_an_empty_timeline(nlp):
    tables, warnings = timeline_of("Budget talks\n\nThe council approved the budget after a long debate. "
                                   "Members said the plan was fair.\n", nlp, published="2024-10-21")
    assert tables["timeline"].empty and warnings == [""]
    assert len(tables["sentences"]) == 2


def test_relative_dates_without_a_publication_date_stay_unresolved_and_the_reader_is_told(nlp):
    tables, warnings = timeline_of("Bridge closed\n\nThe bridge closed on Monday and will reopen next week, the "
                                   "mayor said.\n", nlp)
    rows = tables["timeline"]
    assert list(rows["expression"]) == ["on Monday", "next week"]
    assert not rows["resolved"].any() and set(rows["note"]) == {"no publication date"}
    assert "no publication date, so relative dates ('on Monday', 'last week') stay unresolved: give one in the " \
           "manifest's published column, or in the app's publication date field" in warnings[0].split("; ")


def test_impossible_dates_are_never_turned_into_other_dates_and_the_reader_is_told(nlp):
    text = ("Odd dates\n\nThe vote took place on 31 February 2024 and again on 30 February, officials said. The "
            "count ended on 29 February 2023. Talks ran from 13 to 8 October. The result came on 3 March 2024.\n")
    tables, warnings = timeline_of(text, nlp, published="2024-03-04")
    rows = tables["timeline"]
    assert list(rows["expression"]) == ["on 3 March 2024"]
    assert list(rows["start"]) == ["2024-03-03"]
    tail = "so it is not on the timeline: check the date in the article"
    assert warnings[0].split("; ") == [
        f"impossible date “31 February 2024” at character {text.index('31 Feb')} names a day that is not in the "
        f"calendar, {tail}",
        f"impossible date “30 February” at character {text.index('30 Feb')} names a day that is not in the "
        f"calendar, {tail}",
        f"impossible date “29 February 2023” at character {text.index('29 Feb')} names a day that is not in the "
        f"calendar, {tail}",
        f"impossible date “from 13 to 8 October” at character {text.index('from 13')} is a range that ends before "
        f"it starts, {tail}",
    ]


# --- sentences with no verb (found by tests/test_properties.py) ----------------------------------------------

def test_a_weekday_in_a_sentence_with_no_verb_does_not_hang(nlp):
    # timeline._clause_verb climbs to the root with ``verb.head is not verb``, always true for spaCy tokens
    with time_limit(30):
        tables, _ = timeline_of("Flood warning\n\nFlood damage in Riverton on Monday.\n", nlp, published="2024-10-21")
    assert list(tables["timeline"]["start"]) == ["2024-10-21"]


def test_a_count_of_whom_in_a_sentence_with_no_verb_does_not_hang(nlp):
    # the same loop in claims._antecedent
    with time_limit(30):
        tables, _ = timeline_of("Crowd\n\nA crowd of 300 people, 40 of whom children.\n", nlp, published="2024-10-21")
    assert "300 people" in list(tables["claims"]["text"])
