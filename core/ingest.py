"""Files → article records: decoding, HTML reduction, the manifest, and the metadata found in the text.

``read_articles(paths, manifest=...)`` returns one ``Article`` per input file (folders are walked for
``.txt``, ``.html`` and ``.htm``). Every article keeps its whole text; the regions of it that are not article
body (headline, byline, dateline, outlet line, photo captions, page furniture such as "Tags:" or
"What's Your Reaction?") are listed in ``Article.regions`` and blanked out of ``Article.body_text``, the text the
extractors read, so that character offsets agree between the two. A wire dateline opening the first paragraph
("LONDON (Reuters) - ", "ODESA, Ukraine (AFP) — ") is a dateline region, and its agency is the outlet (and the
byline) when the text names none; a byline line may add where the author files from or their job ("Ann Lee in
Kyiv", "By Jane Doe and John Roe", "Jane Doe, Paris correspondent"): the byline is the names.

The ``articles`` table (``COLUMNS``):

| column | dtype | meaning |
| --- | --- | --- |
| article_id | string | hash of the article's text (whitespace folded): the same text twice is one article |
| file | string | the input path as given |
| source | string | the manifest's source label, else the outlet, else the file name |
| outlet | string | the outlet named in the text (or the manifest), empty if none |
| byline | string | the author or agency ("By : AFP" → AFP) |
| headline | string | the headline (first short line, or the HTML title) |
| published | string | publication date `YYYY-MM-DD` (manifest first, then the text), empty if unknown |
| n_words | Int64 | words of article body |
| warnings | string | what went wrong or was guessed, `; `-separated; empty when all is well |
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .dates import ABSOLUTE_DATE, find_date
from .decode import DecodeError, decode

COLUMNS = {
    "article_id": "string", "file": "string", "source": "string", "outlet": "string", "byline": "string",
    "headline": "string", "published": "string", "n_words": "Int64", "warnings": "string",
}
SUFFIXES = {".txt", ".html", ".htm"}
DATA = Path(__file__).parent / "data"


class InputError(ValueError):
    """A path or manifest the user gave cannot be used (missing, unreadable, malformed)."""


_NOT_NEWLINE = re.compile(r"[^\n]")


@dataclasses.dataclass
class Article:
    article_id: str
    file: str
    text: str
    source: str = ""
    outlet: str = ""
    byline: str = ""
    headline: str = ""
    published: str = ""
    warnings: list[str] = dataclasses.field(default_factory=list)
    regions: list[tuple[int, int, str]] = dataclasses.field(default_factory=list)

    @property
    def body_text(self) -> str:
        """The text with every non-body region blanked (same length, line breaks kept)."""
        parts, at = [], 0
        for start, end, _kind in sorted(self.regions):
            start = max(start, at)
            if end > start:
                parts += [self.text[at:start], _NOT_NEWLINE.sub(" ", self.text[start:end])]
                at = end
        return "".join([*parts, self.text[at:]])

    @property
    def n_words(self) -> int:
        return len(re.findall(r"\w+", self.body_text))

    def row(self) -> dict:
        return {
            "article_id": self.article_id, "file": self.file, "source": self.source, "outlet": self.outlet,
            "byline": self.byline, "headline": self.headline, "published": self.published,
            "n_words": self.n_words, "warnings": "; ".join(self.warnings),
        }


# --- decoding ----------------------------------------------------------------------------------------------

def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def content_id(text: str) -> str:
    folded = " ".join(text.split())
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()[:12]


# --- metadata and furniture in plain text -------------------------------------------------------------------

def _load_outlets() -> dict[str, str]:
    with (DATA / "outlets.csv").open(encoding="utf-8") as fh:
        return {row["name"].casefold(): row["name"] for row in csv.DictReader(fh)}


OUTLETS = _load_outlets()
BYLINE_RE = re.compile(r"^\s*By\s*:?\s+(?P<name>[^\n]{2,80}?)\s*$", re.IGNORECASE)
MONTH_NAMES = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december"}
NOT_NAME_STARTS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "then", "now",
                   "late", "early", "mid", "far", "next", "last", "this", "noon", "midnight", "dawn", "contrast"}
DATE_LABEL = r"(?:(?:Last\s+)?Updated?|Published|First\s+published|Posted|Date[d]?)\s*:?\s*(?:on\s+)?"
TIME = r"(?:[\s,|]+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2}))?)?"
DATELINE_RE = re.compile(rf"^\s*(?:{DATE_LABEL})?(?P<date>{ABSOLUTE_DATE.pattern}){TIME}\s*", re.IGNORECASE | re.VERBOSE)
CAPTION_RE = re.compile(
    r"\((?:Photo|Photograph|Picture|Image|Video|Credit|Source)s?(?:\s+by)?\s*:[^)]*\)\s*$"
    r"|^(?:Photo|Photograph|Picture|Image)(?:\s+by)?\s*:"
    r"|\b(?:Photograph|Photo)\s*:\s*[^.]{2,60}$",
    re.IGNORECASE,
)
# A label alone on its line, or followed by a colon ("Tags: Korea, Russia"); "Share prices fell" is body.
FURNITURE_RE = re.compile(
    r"^(?:(?:Tags?|Topics?|Related(?:\s+(?:articles|stories|news|content))?|Read\s+(?:more|also|next)"
    r"|Similar\s+News|More\s+on\s+this\s+story|Share(?:\s+this(?:\s+(?:article|story))?)?|Advertisement"
    r"|What'?s\s+Your\s+Reaction|Comments?|Most\s+(?:read|popular)|Recommended|You\s+may\s+also\s+like"
    r"|Cookie\s+(?:settings|policy)|Accept\s+(?:all\s+)?cookies)\s*(?:[?:].{0,120})?"
    r"|(?:Sign\s+up|Subscribe|Follow\s+us)\b.{0,80})$",
    re.IGNORECASE,
)
NAME_LINE_RE = re.compile(r"^(?:[A-Z][A-Za-z'’.-]+|[A-Z]\.)(?:[ -](?:[A-Z][A-Za-z'’.-]+|[A-Z]\.|de|van|von|al|bin)){1,3}$")
HEADER_LINES = 8
# A byline may say where the author files from or what they do: "Ann Lee in Kyiv", "Jane Doe and John
# Roe", "Jane Doe, Paris correspondent", "By Jane Doe in Kyiv and John Roe in Moscow". The byline is the names.
NAME_PARTICLES = {"de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "al", "el", "bin", "ibn", "le"}
BYLINE_PLACE_RE = re.compile(r"\s+in\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}$")
BYLINE_ROLE_RE = re.compile(r"\b(?:correspondent|editor|reporter|writer|journalist|columnist|bureau\s+chief"
                            r"|contributor|analyst|producer|photographer)s?\b", re.IGNORECASE)
# A wire dateline opening the first paragraph: "LONDON (Reuters) - ", "ODESA, Ukraine (AFP) — ", "PARIS - ".
WIRE_DATELINE_RE = re.compile(
    r"^(?P<place>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’-]{2,}(?:\s+[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’-]+){0,3})"
    r"(?:,\s+[A-Z][A-Za-z.'’-]+(?:\s+[A-Z][A-Za-z.'’-]+){0,2})?"
    r"(?:\s*\((?P<agency>[A-Z][\w&.'’ -]{1,40}?)\))?\s*(?:--?|[–—])\s+(?=\S)")
NOT_PLACES = {"UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION", "WATCH", "LIVE", "VIDEO",
              "PHOTOS", "CORRECTION", "REVIEW", "EDITORIAL", "COMMENT", "FACTBOX", "EXPLAINER", "INTERVIEW"}


def _is_person_name(text: str) -> bool:
    """Two to four capitalised words (accents welcome), particles and initials allowed: "Lucía Ferrer", "J. K.
    Rowling", "Ursula von der Leyen"."""
    words = text.split()
    if not 2 <= len([w for w in words if w not in NAME_PARTICLES]) <= 4:
        return False
    return all(w in NAME_PARTICLES or w[0].isupper() and all(c.isalpha() or c in "'’.-" for c in w)
               for w in words) and words[0] not in NAME_PARTICLES


def byline_names(line: str) -> str:
    """The author names of a byline line without where they file from or their job ("Ann Lee in Kyiv" →
    "Ann Lee", "Jane Doe, Paris correspondent" → "Jane Doe"); empty when the line is no such byline."""
    parts = [p.strip() for p in re.split(r",\s+|\s+and\s+|\s*&\s*", line.strip())]
    names = []
    for i, part in enumerate(parts):
        part = BYLINE_PLACE_RE.sub("", part)
        if BYLINE_ROLE_RE.search(part):
            if i == 0 or i < len(parts) - 1 or len(part.split()) > 6:
                return ""  # a job is said once, after the names
        elif _is_person_name(part):
            names.append(part)
        else:
            return ""
    if not names:
        return ""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def wire_dateline(line: str) -> re.Match | None:
    """The "PLACE (Agency) - " opening a wire story's first paragraph, or None."""
    m = WIRE_DATELINE_RE.match(line)
    if m is None or m["place"].split()[0].rstrip(".,") in NOT_PLACES:
        return None
    return m


def _is_byline_name(name: str) -> bool:
    """"AFP", "Justin McCurry", "The Associated Press" are; "Monday, troops had arrived." (after "By") is not."""
    words = name.split()
    if len(words) > 10 or re.search(r"[a-z]{4}[.!?]$", name):
        return False
    first = words[0].strip(",").lower()
    if first in NOT_NAME_STARTS:
        return False
    # "By October the deal was done" is a sentence; "By June Park" is a byline
    return not (first in MONTH_NAMES and (len(words) == 1 or not words[1][:1].isupper()))


def _is_body_like(line: str) -> bool:
    words = line.split()
    return len(words) >= 30 or (len(words) > 12 and line.rstrip()[-1:] in ".!?\"”")


def _reads_as_sentence(line: str) -> bool:
    """A line that ends like a sentence ("... on Monday.") rather than a headline; "U.S." does not count."""
    return len(line.split()) >= 4 and re.search(r"[a-z0-9)\"”’'][.!]$", line) is not None


def read_header(text: str) -> dict:
    """Find headline, byline, outlet and publication date in the first lines of a plain-text article, and the
    regions of the whole text that are not body (header lines, captions, furniture)."""
    meta: dict = {"headline": "", "byline": "", "outlet": "", "published": "", "regions": []}
    regions = meta["regions"]
    pos, in_header, seen, kept = 0, True, 0, 0  # kept: header lines left as body (a standfirst)
    for raw in text.splitlines(keepends=True):
        start, end = pos, pos + len(raw.rstrip("\n"))
        pos += len(raw)
        line = raw.strip()
        if not line:
            continue
        lead = len(raw) - len(raw.lstrip())
        if FURNITURE_RE.match(line) or CAPTION_RE.search(line):
            regions.append((start, end, "furniture"))
            continue
        if not in_header:
            continue
        seen += 1
        if seen > HEADER_LINES:
            in_header = False
            continue
        if (m := BYLINE_RE.match(line)) and _is_byline_name(m["name"]):
            meta["byline"] = meta["byline"] or byline_names(m["name"]) or m["name"].strip()
            regions.append((start, end, "byline"))
        elif (m := DATELINE_RE.match(line)) and find_date(m["date"]):
            meta["published"] = meta["published"] or find_date(m["date"]).isoformat()
            cut = start + lead + m.end()
            regions.append((start, cut, "dateline"))
            if cut < end:  # "date 2024-10-21 South Korea summoned ...": the body starts on this line
                in_header = False
        elif line.casefold() in OUTLETS:
            meta["outlet"] = meta["outlet"] or OUTLETS[line.casefold()]
            regions.append((start, end, "outlet"))
        elif m := wire_dateline(line):
            # "LONDON (Reuters) - Shares fell ...": the body starts after the dateline; the agency is the outlet
            # (and the byline) when the text names none, and never reaches the extractors as a name
            regions.append((start, start + lead + m.end(), "dateline"))
            if m["agency"]:
                agency = OUTLETS.get(m["agency"].strip().casefold(), m["agency"].strip())
                meta["outlet"] = meta["outlet"] or agency
                meta["byline"] = meta["byline"] or agency
            in_header = False
        elif _is_body_like(line) or (not meta["headline"] and not kept and _reads_as_sentence(line)):
            in_header = False  # the article starts with its body: no headline
        elif not meta["headline"] and not kept:
            meta["headline"] = line
            regions.append((start, end, "headline"))
        elif (names := byline_names(line)) and not meta["byline"]:
            meta["byline"] = names  # "Ann Lee in Kyiv" → Ann Lee
            regions.append((start, end, "byline"))
        else:
            kept += 1  # any other short line near the top (a standfirst) is kept as body
    return meta


# --- HTML ------------------------------------------------------------------------------------------------

def read_html(html: str) -> tuple[str, dict]:
    """HTML → (article text, metadata) with trafilatura; scripts, navigation and boilerplate are dropped."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None or not (doc.text or "").strip():
        raise InputError("is HTML with no article text that could be extracted: check that the page holds the "
                         "article (not a login, cookie or index page), or save the article's text as a .txt file")
    meta = {
        "headline": (doc.title or "").strip(), "byline": (doc.author or "").strip(),
        "outlet": (doc.sitename or "").strip(), "published": (doc.date or "")[:10],
    }
    return doc.text, meta


# --- manifest and files ------------------------------------------------------------------------------------

def read_manifest(path: str | Path) -> dict[str, dict]:
    """Manifest CSV → {file base name: row}. Needs a ``file`` column; ``source``, ``published``, ``outlet``,
    ``headline`` and ``byline`` override what is detected. ``published`` must be a real date ``YYYY-MM-DD`` (a
    time after it is dropped). Anything else raises ``InputError`` naming the line."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"manifest {path} does not exist")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if "file" not in (reader.fieldnames or []):
                raise InputError(
                    f"manifest {path} has no 'file' column (columns: {', '.join(reader.fieldnames or []) or 'none'})")
            rows = {}
            for line, row in enumerate(reader, start=2):
                clean = {k.strip(): (v or "").strip() for k, v in row.items() if k}
                if not clean["file"]:
                    raise InputError(f"manifest {path}, line {line}: the 'file' cell is empty")
                clean["published"] = _manifest_date(clean.get("published", ""), f"manifest {path}, line {line}")
                rows[Path(clean["file"]).name] = clean
            return rows
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"manifest {path} is not a UTF-8 CSV file ({exc})") from exc


def _manifest_date(published: str, where: str) -> str:
    """``published`` as ``YYYY-MM-DD`` (a time after it is dropped); ``InputError`` when it is no real date."""
    if not published:
        return ""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published[:10]):
            raise ValueError
        return dt.date.fromisoformat(published[:10]).isoformat()
    except ValueError:
        raise InputError(f"{where}: published {published!r} is not a date written YYYY-MM-DD") from None


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The article files under ``paths`` (sorted within folders). A missing path raises ``InputError``."""
    for p in map(Path, paths):
        if not p.exists():
            raise InputError(f"{p} does not exist")
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            yield p


def _with_byline(text: str, byline: str, title: str) -> str:
    """The page's byline, which the HTML extraction finds in the markup but leaves out of the text, written back
    as a "By ..." line under the headline (the first line, when it is the page's title), else above the text:
    where the page shows it, and where the header reader finds it."""
    if not byline or byline in text[:2000]:
        return text
    first, sep, rest = text.partition("\n")
    line, title = first.strip().casefold(), title.casefold()
    if sep and line and title and (line in title or title in line):
        return f"{first}\nBy {byline}\n{rest}"
    return f"By {byline}\n{text}"


def _title_region_only(meta: dict, title: str) -> None:
    """HTML gives the headline: blank the first line only when it is that headline, not a short first paragraph."""
    line = meta["headline"].casefold()
    if title and line and line not in title.casefold() and title.casefold() not in line:
        meta["regions"] = [r for r in meta["regions"] if r[2] != "headline"]
        meta["headline"] = ""


def read_article(path: Path, data: bytes | None = None, *, overrides: dict | None = None) -> Article:
    """One file → Article. A file that cannot be read gives an Article with no text and a warning."""
    overrides = overrides or {}
    warnings: list[str] = []
    text = ""
    meta: dict = {"headline": "", "byline": "", "outlet": "", "published": "", "regions": []}
    try:
        if data is None:
            data = path.read_bytes()
        text, warnings = decode(data, name=path.name)
        text = normalise_newlines(text)
        if path.suffix.lower() in {".html", ".htm"} or re.match(r"\s*<(?:!doctype\s+html|html)\b", text, re.I):
            text, html_meta = read_html(text)
            text = _with_byline(text, html_meta["byline"], html_meta["headline"])
            meta = read_header(text)
            _title_region_only(meta, html_meta["headline"])
            meta.update({k: v for k, v in html_meta.items() if v})
        else:
            meta = read_header(text)
        if not text.strip():
            warnings.append("is empty: no text to extract")
    except (OSError, InputError, DecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        warnings.append(f"{path.name} {reason}" if isinstance(exc, (InputError, DecodeError))
                        else f"{path.name} cannot be read ({reason}): check that it exists and that you may read it")
        text = ""
    article = Article(article_id=content_id(text) if text.strip() else content_id(str(path)), file=str(path),
                      text=text, warnings=warnings, regions=meta.get("regions", []))
    for field in ("headline", "byline", "outlet", "published"):
        setattr(article, field, overrides.get(field) or meta.get(field, ""))
    article.source = overrides.get("source") or article.outlet or path.stem
    if not article.published and text.strip():
        article.warnings.append("no publication date, so relative dates ('on Monday', 'last week') stay unresolved: "
                                "give one in the manifest's published column, or in the app's publication date field")
    return article


def read_articles(paths: Iterable[str | Path], *, manifest: str | Path | None = None) -> list[Article]:
    """Read every article under ``paths``; a byte-identical or whitespace-only-different repeat is dropped
    with a warning on the article kept."""
    rows = read_manifest(manifest) if manifest else {}
    articles: list[Article] = []
    by_id: dict[str, Article] = {}
    seen: set[str] = set()
    for path in iter_files(paths):
        seen.add(path.name)
        article = read_article(path, overrides=rows.get(path.name))
        if article.article_id in by_id:
            by_id[article.article_id].warnings.append(f"duplicate: {path} has the same text and was skipped")
            continue
        by_id[article.article_id] = article
        articles.append(article)
    for name in sorted(rows.keys() - seen):
        if articles:  # the table has no row of its own for it: say so on the first article
            articles[0].warnings.append(f"manifest names {name}, which is not among the input files: check the "
                                        "name in its file column, or add the file")
    return articles
