"""Files → article records: one test per metadata or furniture rule, on texts written here, then the five seeds."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.ingest import COLUMNS, Article, InputError, read_article, read_articles, read_manifest

BODY = ("South Korea summoned the Russian ambassador on Monday to condemn North Korea's decision to send "
        "thousands of soldiers to support Moscow's war in Ukraine, urging their immediate withdrawal.\n")
BODY2 = ("Approximately 1,500 North Korean special forces soldiers are currently in Russia and are expected to "
         "head to the front lines soon, according to South Korea's spy agency.\n")


def article(text: str | bytes, name: str = "story.txt"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_article(Path(name), data)


def region_texts(a, kind: str | None = None) -> list[str]:
    return [a.text[s:e].strip() for s, e, k in a.regions if kind in (None, k)]


def assert_aligned(a) -> None:
    """The extractors read ``body_text`` with offsets into ``text``: same length, same line breaks."""
    assert len(a.body_text) == len(a.text)
    assert [i for i, c in enumerate(a.body_text) if c == "\n"] == [i for i, c in enumerate(a.text) if c == "\n"]


# --- publication dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Update: 2024-10-21 09:32 GMT",
    "21 October 2024",
    "Published October 21, 2024",
    "Oct. 21, 2024",
    "Published on 21 Oct 2024 at 10:15 BST",
    "Last updated: Monday, 21 October 2024",
])
def test_dateline_gives_published_and_is_not_body(line):
    a = article(f"Seoul demands withdrawal of troops\n{line}\n{BODY}")
    assert a.published == "2024-10-21"
    assert line not in a.body_text
    assert BODY.strip() in a.body_text
    assert_aligned(a)


def test_leading_date_on_first_body_line_is_cut_and_the_rest_is_body():
    a = article(" date 2024-10-21 " + BODY + BODY2)
    assert a.published == "2024-10-21"
    assert "2024-10-21" not in a.body_text
    assert a.body_text.strip().startswith("South Korea summoned the Russian ambassador")
    assert a.headline == ""  # the first line is body, not a headline
    assert_aligned(a)


def test_no_date_in_text_warns():
    a = article(f"Seoul demands withdrawal of troops\n{BODY}")
    assert a.published == ""
    assert any("no publication date" in w for w in a.warnings)


def test_date_inside_body_is_not_the_publication_date():
    a = article(BODY + "On 8 October 2024, the first ships left.\n")
    assert a.published == ""


# --- byline, outlet, headline --------------------------------------------------------------------------------

def test_by_colon_agency_byline():
    a = article(f"Seoul demands withdrawal of troops\n\nBy :  AFP\n{BODY}")
    assert a.byline == "AFP"
    assert "AFP" not in a.body_text
    assert_aligned(a)


def test_bare_author_name_line_is_the_byline():
    a = article(f"South Korea summons Russian envoy\n\nJustin McCurry\n\n{BODY}")
    assert a.byline == "Justin McCurry"
    assert "McCurry" not in a.body_text


@pytest.mark.parametrize("line", ["By Monday, the troops had arrived in Vladivostok.", "By October the deal was done"])
def test_sentence_starting_with_by_is_not_a_byline(line):
    a = article(f"Seoul demands withdrawal of troops\n{line}\n{BODY}")
    assert a.byline == ""
    assert line in a.body_text


@pytest.mark.parametrize("line, byline", [
    ("Ann Lee in Kyiv", "Ann Lee"),
    ("By Ann Lee in Kyiv", "Ann Lee"),
    ("By Jane Doe and John Roe", "Jane Doe and John Roe"),
    ("Jane Doe in Kyiv and John Roe in Moscow", "Jane Doe and John Roe"),
    ("Jane Doe, Paris correspondent", "Jane Doe"),
    ("José Núñez, Chief Political Correspondent", "José Núñez"),
])
def test_byline_is_the_names_without_place_or_job(line, byline):
    standfirst = "Seoul demands immediate withdrawal of elite soldiers reportedly helping Russia in its war"
    a = article(f"South Korea summons Russian envoy\n\n{standfirst}\n\n{line}\n\n{BODY}")
    assert a.byline == byline
    assert line not in a.body_text
    assert standfirst in a.body_text  # the standfirst stays body
    assert_aligned(a)


@pytest.mark.parametrize("line", ["Protests spread in Paris", "Seoul, Tokyo and Beijing", "Jane Doe, Paris"])
def test_short_lines_that_are_not_names_are_no_byline(line):
    a = article(f"South Korea summons Russian envoy\n\n{line}\n\n{BODY}")
    assert a.byline == ""
    assert line in a.body_text


@pytest.mark.parametrize("dateline, outlet", [
    ("LONDON (Reuters) - ", "Reuters"),
    ("ODESA, Ukraine (Harbour Wire) — ", "Harbour Wire"),
    ("NEW YORK (AP) -- ", "AP"),
])
def test_wire_dateline_is_not_body_and_names_the_agency(dateline, outlet):
    a = article(f"South Korea summons Russian envoy\n\n{dateline}{BODY}")
    assert (a.outlet, a.byline) == (outlet, outlet)
    assert [k for s, e, k in a.regions if a.text[s:e] == dateline] == ["dateline"]
    assert outlet not in a.body_text  # the agency never reaches the extractors as a name
    assert a.body_text.strip().startswith("South Korea summoned the Russian ambassador")
    assert_aligned(a)


def test_wire_dateline_keeps_a_byline_and_outlet_the_text_already_gives():
    a = article(f"South Korea summons Russian envoy\nThe Guardian\nBy Jane Doe\n\nSEOUL (Reuters) - {BODY}")
    assert (a.outlet, a.byline) == ("The Guardian", "Jane Doe")
    assert "Reuters" not in a.body_text


def test_dateline_without_agency_is_cut_too():
    a = article(f"South Korea summons Russian envoy\n\nSEOUL - {BODY}")
    assert (a.outlet, a.byline) == ("", "")
    assert "SEOUL" not in a.body_text and BODY.strip() in a.text


@pytest.mark.parametrize("first", [
    "UPDATE - South Korea summoned the Russian ambassador on Monday.\n",  # a kicker, not a place
    "NATO leaders met in Brussels - and agreed on little - on Monday.\n",
    "US - China talks resumed on Monday after a pause of several months, officials said.\n",
])
def test_capitals_that_are_no_dateline_stay_body(first):
    a = article(f"South Korea summons Russian envoy\n\n{first}{BODY}")
    assert first.strip() in a.body_text
    assert a.outlet == ""


def test_outlet_line():
    a = article(f"South Korea summons Russian envoy\n\nThe Guardian\n\n{BODY}")
    assert a.outlet == "The Guardian"
    assert a.source == "The Guardian"  # no manifest: the outlet names the source
    assert "The Guardian" not in a.body_text


def test_source_falls_back_to_the_file_name():
    assert article(BODY, name="report_7.txt").source == "report_7"


def test_headline_is_the_first_short_line():
    a = article(f"Seoul demands withdrawal of North Korean troops in Russia\n\n{BODY}")
    assert a.headline == "Seoul demands withdrawal of North Korean troops in Russia"
    assert "Seoul demands" not in a.body_text
    assert_aligned(a)


def test_headline_after_an_outlet_line():
    a = article(f"The Guardian\nSouth Korea summons Russian envoy\n{BODY}")
    assert (a.outlet, a.headline) == ("The Guardian", "South Korea summons Russian envoy")


def test_standfirst_after_the_headline_stays_body():
    standfirst = "Seoul demands immediate withdrawal of elite soldiers reportedly helping Russia in its war"
    a = article(f"South Korea summons Russian envoy\n\n{standfirst}\n\n{BODY}")
    assert a.headline == "South Korea summons Russian envoy"
    assert standfirst in a.body_text


@pytest.mark.parametrize("first", [BODY, "South Korea summoned the Russian ambassador on Monday.\n"])
def test_no_headline_when_the_article_starts_with_a_paragraph(first):
    a = article(first + BODY2)
    assert a.headline == ""
    assert a.body_text == a.text


# --- furniture and captions ----------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Tags: Korea, Russia, Ukraine",
    "Tags:",
    "Similar News",
    "What's Your Reaction?",
    "Related articles",
    "Read more: Seoul and Moscow trade accusations",
    "Advertisement",
    "Soldiers at a military base in the Far East. (Photo: AFP)",
    "Kim Jong Un at the signing ceremony. Photograph: KCNA/Reuters",
])
def test_furniture_line_is_kept_out_of_the_body(line):
    a = article(f"Seoul demands withdrawal of troops\n{BODY}{line}\n{BODY2}")
    assert line not in a.body_text
    assert BODY.strip() in a.body_text and BODY2.strip() in a.body_text
    assert line in region_texts(a, "furniture")
    assert_aligned(a)


@pytest.mark.parametrize("line", [
    "Share prices in Seoul fell on Monday after the news.",
    "Comments by the ambassador drew a sharp response.",
    "Related talks are expected in Moscow next week.",
])
def test_body_line_starting_like_a_label_stays_body(line):
    a = article(f"Seoul demands withdrawal of troops\n{BODY}{line}\n{BODY2}")
    assert line in a.body_text


def test_offsets_agree_between_text_and_body_text():
    text = (f"Seoul demands withdrawal\n\nBy :  AFP\nUpdate: 2024-10-21 09:32 GMT\n"
            f"A caption. (Photo: AFP)\n\n{BODY}Tags: \xa0\xa0\nSimilar News\n")
    a = article(text)
    assert_aligned(a)
    start = a.text.index("South Korea summoned")
    assert a.body_text[start:start + 20] == "South Korea summoned"


LINES = st.sampled_from([
    "Seoul demands withdrawal of troops", "By :  AFP", "Justin McCurry", "The Guardian", "Update: 2024-10-21 09:32 GMT",
    " date 2024-10-21 South Korea summoned the envoy.", "Tags: \xa0", "Similar News", "What's Your Reaction?",
    "A caption. (Photo: AFP)", "Kim in Seoul. Photograph: X/Reuters", "", "  ", BODY.strip(), BODY2.strip(),
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=60)), max_size=14))
def test_body_text_is_the_text_with_regions_blanked(lines):
    """Whatever the lines, the body keeps every character's offset: it is the text with some characters
    (never a line break) turned into spaces."""
    a = article("\n".join(lines))
    assert_aligned(a)
    assert all(b == t or b == " " for b, t in zip(a.body_text, a.text))
    assert all(0 <= s <= e <= len(a.text) for s, e, _ in a.regions)


# --- HTML -----------------------------------------------------------------------------------------------------

HTML = f"""<!DOCTYPE html><html><head><title>Seoul summons Russian envoy</title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-10-21T09:32:00Z">
<script>var tracker = "SCRIPT_PAYLOAD";</script></head>
<body><nav>Home News Sport Weather</nav>
<article><h1>Seoul summons Russian envoy</h1><p>{BODY}</p><p>{BODY2}</p></article>
<footer>Copyright Example News</footer></body></html>"""


def test_html_title_date_and_text_through_trafilatura():
    a = article(HTML, name="story.html")
    assert a.headline == "Seoul summons Russian envoy"
    assert a.published == "2024-10-21"
    assert a.byline == "Jane Doe"
    assert "South Korea summoned the Russian ambassador" in a.body_text
    assert "Approximately 1,500" in a.body_text
    assert_aligned(a)


def test_html_byline_left_out_of_the_text_is_written_under_the_headline():
    a = article(HTML, name="story.html")  # the author is in the page's markup only
    assert a.text.startswith("Seoul summons Russian envoy\nBy Jane Doe\n")
    assert [(kind, a.text[s:e]) for s, e, kind in a.regions][:2] == [
        ("headline", "Seoul summons Russian envoy"), ("byline", "By Jane Doe")]
    assert "Jane Doe" not in a.body_text  # page furniture, not read by the extractors
    body_first = article(HTML.replace("<h1>Seoul summons Russian envoy</h1>", ""), name="story.html")
    assert body_first.text.startswith("By Jane Doe\n")  # no headline line: above the text
    shown = article(HTML.replace("<p>", "<p>By Jane Doe</p><p>", 1), name="story.html")
    assert shown.text.count("Jane Doe") == 1  # a byline the text has already is not written twice


def test_html_script_and_navigation_dropped():
    a = article(HTML, name="story.html")
    assert "SCRIPT_PAYLOAD" not in a.text
    assert "var tracker" not in a.text


def test_html_short_first_paragraph_is_not_taken_for_the_headline():
    html = HTML.replace("<h1>Seoul summons Russian envoy</h1>", "<p>Kim speaks out</p>")
    a = article(html, name="story.html")
    assert a.headline == "Seoul summons Russian envoy"  # the title
    assert "Kim speaks out" in a.body_text


def test_html_in_a_txt_file_is_read_as_html():
    a = article(HTML, name="story.txt")
    assert "<p>" not in a.text
    assert a.headline == "Seoul summons Russian envoy"


def test_html_with_no_article_text_is_a_warning():
    a = article("<html><body><script>x = 1</script></body></html>", name="empty.html")
    assert a.text == ""
    assert any("no article text" in w for w in a.warnings)


# --- decoding ------------------------------------------------------------------------------------------------

def test_utf8_bom_is_dropped():
    a = article(b"\xef\xbb\xbf" + f"Seoul demands withdrawal of troops\n{BODY}".encode())
    assert a.text.startswith("Seoul demands")
    assert a.headline == "Seoul demands withdrawal of troops"
    assert not any("cp1252" in w for w in a.warnings)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_bom(encoding):
    text = f"Seoul demands withdrawal of troops\n{BODY}"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    a = article(data)
    assert a.text == text
    assert a.headline == "Seoul demands withdrawal of troops"


def test_cp1252_curly_quotes_decoded_with_a_warning():
    a = article(b"Seoul demands withdrawal of troops\nKim described it as a \x93significant security threat\x94 "
                + BODY.encode())
    assert "\u201csignificant security threat\u201d" in a.text
    assert any("Windows-1252" in w for w in a.warnings)


def test_windows_line_endings_become_newlines():
    a = article(f"Seoul demands withdrawal of troops\r\n{BODY}".replace("\n", "\r\n").replace("\r\r", "\r"))
    assert "\r" not in a.text
    assert a.headline == "Seoul demands withdrawal of troops"


def test_binary_file_gives_an_empty_article_with_a_warning():
    a = article(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="photo.txt")
    assert a.text == ""
    assert any("binary" in w for w in a.warnings)


# --- several files, duplicates, manifest ---------------------------------------------------------------------

def test_same_text_twice_is_one_article_flagged(tmp_path):
    (tmp_path / "a.txt").write_text(f"Seoul demands withdrawal of troops\n{BODY}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Seoul demands withdrawal of troops\n\n{BODY}".replace(" ", "  "),
                                    encoding="utf-8")
    articles = read_articles([tmp_path])
    assert [Path(a.file).name for a in articles] == ["a.txt"]
    assert any("duplicate" in w and "b.txt" in w for w in articles[0].warnings)


def test_unreadable_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a.txt").write_text(f"Seoul demands withdrawal of troops\n{BODY}", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02\x03binary")
    articles = read_articles([tmp_path])
    assert [Path(a.file).name for a in articles] == ["a.txt", "b.txt"]
    assert articles[0].text and not articles[1].text
    assert "binary" in articles[1].row()["warnings"]


def test_folders_are_walked_for_article_files_only(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x,y\n", encoding="utf-8")
    assert [Path(a.file).name for a in read_articles([tmp_path])] == ["a.txt"]


def test_missing_path_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_articles([tmp_path / "nowhere"])


def test_manifest_overrides_source_and_published(tmp_path):
    (tmp_path / "a.txt").write_text(f"Seoul demands withdrawal of troops\nUpdate: 2024-10-20\n{BODY}", encoding="utf-8")
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,source,published\na.txt,Yonhap,2024-10-21T08:00:00\n", encoding="utf-8")
    [a] = read_articles([tmp_path / "a.txt"], manifest=manifest)
    assert (a.source, a.published) == ("Yonhap", "2024-10-21")


def test_manifest_row_for_a_missing_file_is_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,source\na.txt,Yonhap\nghost.txt,AFP\n", encoding="utf-8")
    [a] = read_articles([tmp_path / "a.txt"], manifest=manifest)
    assert any("ghost.txt" in w for w in a.warnings)


@pytest.mark.parametrize("content, message", [
    ("name,source\na.txt,AFP\n", "no 'file' column"),
    ("file,published\na.txt,21/10/2024\n", "not a date"),
    ("file,published\na.txt,2024-02-30\n", "not a date"),
    ("source,file\nAFP\n", "'file' cell is empty"),
])
def test_malformed_manifest_is_a_clear_error(tmp_path, content, message):
    manifest = tmp_path / "m.csv"
    manifest.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_manifest(manifest)


def test_manifest_that_is_not_text_is_a_clear_error(tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_bytes(b"file,source\n\xff\xfe\x00\x81,AFP\n")
    with pytest.raises(InputError, match="manifest"):
        read_manifest(manifest)


def test_missing_manifest_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_manifest(tmp_path / "nope.csv")


# --- the five seeds ------------------------------------------------------------------------------------------

SEED_ROWS = {
    "000_1700f88ec5aa7c5f.txt": ("AFP", "", "AFP", "Seoul demands withdrawal of North Korean troops in Russia",
                                 "2024-10-21"),
    "001_c081621a7dec6798.txt": ("The Moscow Times", "", "", "", "2024-10-21"),
    "002_9421d41fcfe75d98.txt": ("Report 002", "", "", "", "2024-10-21"),
    "003_03c885aabdb3101b.txt": ("europenews.today", "", "",
                                 "Get North Korean troops out of Putin’s war now, Seoul warns Moscow", "2024-10-21"),
    "004_5c51c3c021cbefec.txt": ("The Guardian", "The Guardian", "Justin McCurry",
                                 "South Korea summons Russian envoy over North Korean troop deployment", "2024-10-21"),
}


def test_seed_article_rows(seed_articles):
    rows = {Path(a.file).name: a.row() for a in seed_articles}
    assert set(rows) == set(SEED_ROWS)
    for name, expected in SEED_ROWS.items():
        row = rows[name]
        assert (row["source"], row["outlet"], row["byline"], row["headline"], row["published"]) == expected, name
        assert row["warnings"] == "", name
        assert list(row) == list(COLUMNS)


def test_seed_header_and_furniture_kept_out_of_body(seed_articles):
    by_name = {Path(a.file).name: a for a in seed_articles}
    afp = by_name["000_1700f88ec5aa7c5f.txt"]
    for gone in ("By :", "Update: 2024-10-21", "(Photo: AFP)", "Tags:", "Similar News"):
        assert gone not in afp.body_text
    assert "What's Your Reaction?" not in by_name["003_03c885aabdb3101b.txt"].body_text
    assert "date 2024-10-21" not in by_name["001_c081621a7dec6798.txt"].body_text
    for a in seed_articles:
        assert_aligned(a)


def test_body_text_blanks_every_region_but_keeps_line_breaks_even_when_regions_overlap():
    text = "Headline here\nBy A. Writer\n\nBody one.\nBody two.\n"
    article = Article(article_id="x", file="x.txt", text=text,
                      regions=[(14, 26, "byline"), (0, 13, "headline"), (10, 20, "overlap"), (60, 70, "past end")])
    blanked = article.body_text
    assert len(blanked) == len(text)
    assert blanked == " " * 13 + "\n" + " " * 12 + "\n\nBody one.\nBody two.\n"
    assert Article(article_id="y", file="y.txt", text=text).body_text == text
