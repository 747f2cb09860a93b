"""Bytes of an article file → text, or a message that says why there is no text and what to do.

``decode(data, name=...)`` returns ``(text, warnings)``. What it reads, in this order:

- an empty or whitespace-only file, a known binary format (PNG, JPEG, GIF, PDF, ZIP and the formats built on it
  such as .docx, gzip, ...) and data that is mostly NUL or control characters raise ``DecodeError``;
- a byte-order mark decides: UTF-8, UTF-16 or UTF-32 (a file that then does not decode raises);
- UTF-16 without a byte-order mark is recognised by its zero bytes, and read with a warning;
- valid UTF-8 is read as such, silently;
- UTF-8 with a few stray single-byte characters (an editor mixed them in) is read as UTF-8, the stray bytes as
  Windows-1252, with a warning;
- anything else is a single-byte encoding. Western text (a few accented letters or curly quotes, bytes
  0x93/0x94) is read as Windows-1252, the superset of Latin-1 every browser uses for it, with a warning that
  says so. When most characters would come out as accented Latin letters, the text is in another script:
  charset-normalizer names the encoding (a Cyrillic code page, Shift-JIS, ...) and the warning says which; when
  it cannot, ``DecodeError`` asks for the file to be re-saved as UTF-8.

Messages say what is wrong, then after a colon what to do; they never start with the file name (``core.ingest``
puts it in front: "photo.txt is a binary file (a PNG image) ...") and never hold "; ", which separates the
warnings of an article. ``name`` tailors the advice (a .docx is a Word document, a .pdf a PDF).
"""
from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from pathlib import PurePath

MAX_NUL_SHARE = 0.001       # a stray NUL or two in a text file is read as a space; more means binary
MAX_CONTROL_SHARE = 0.02    # control characters real text never has (tabs and line breaks are not counted)
FOREIGN_SCRIPT_SHARE = 0.15  # above this share of non-ASCII characters, Windows-1252 is probably wrong
MIN_FOREIGN_CHARS = 8
MAX_CHAOS = 0.05           # charset-normalizer's mess measure: text in the right encoding scores 0

ADD_TEXT = "add the article as a .txt or .html file instead"
MAGIC: list[tuple[bytes, int, str, str]] = [  # (signature, offset, what it is, what to do)
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image", "add the article's text as a .txt or .html file instead"),
    (b"\xff\xd8\xff", 0, "a JPEG image", "add the article's text as a .txt or .html file instead"),
    (b"GIF87a", 0, "a GIF image", "add the article's text as a .txt or .html file instead"),
    (b"GIF89a", 0, "a GIF image", "add the article's text as a .txt or .html file instead"),
    (b"II*\x00", 0, "a TIFF image", "add the article's text as a .txt or .html file instead"),
    (b"MM\x00*", 0, "a TIFF image", "add the article's text as a .txt or .html file instead"),
    (b"WEBP", 8, "a WebP image", "add the article's text as a .txt or .html file instead"),
    (b"%PDF-", 0, "a PDF document", "copy the article's text into a .txt file and add that"),
    (b"PK\x03\x04", 0, "a ZIP archive", "unzip it and add the .txt or .html files inside"),
    (b"PK\x05\x06", 0, "an empty ZIP archive", "add the article as a .txt or .html file instead"),
    (b"\x1f\x8b", 0, "a gzip archive", "unpack it and add the .txt or .html files inside"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive", "unpack it and add the .txt or .html files inside"),
    (b"Rar!\x1a\x07", 0, "a RAR archive", "unpack it and add the .txt or .html files inside"),
    (b"\xfd7zXZ\x00", 0, "an xz archive", "unpack it and add the .txt or .html files inside"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "an old Microsoft Office document (.doc, .xls)",
     "save it as plain text (.txt) or as a web page (.html) and add that"),
    (b"\x7fELF", 0, "a program (ELF executable)", ADD_TEXT),
    (b"SQLite format 3\x00", 0, "an SQLite database", ADD_TEXT),
    (b"ftyp", 4, "a video or audio file (MP4/MOV)", ADD_TEXT),
]
OFFICE_ZIPS = {  # a member of the zip that tells which document format it is
    "word/document.xml": "a Word .docx document", "xl/workbook.xml": "an Excel .xlsx workbook",
    "ppt/presentation.xml": "a PowerPoint .pptx file", "content.xml": "an OpenDocument file",
    "META-INF/container.xml": "an .epub e-book",
}
BOMS = [  # longest first: the UTF-32-LE mark starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
]
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\x80-\x9f]")
RESAVE = "re-save the file as UTF-8 (any text editor's 'Save as' offers it) and add it again"


class DecodeError(ValueError):
    """The bytes of a file are not an article's text; the message says why and what to do."""


def _windows_1252_or_latin1(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 (or cp1252) rejected one by one as Windows-1252, its five unassigned bytes as
    Latin-1 (what browsers do), so that every byte still gives exactly one character."""
    piece = error.object[error.start:error.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in piece), error.end


codecs.register_error("triangulate-cp1252", _windows_1252_or_latin1)


def decode(data: bytes, *, name: str) -> tuple[str, list[str]]:
    """Bytes → (text, warnings). Raises ``DecodeError`` when the bytes hold no text that can be read."""
    if not data:
        raise DecodeError("is empty (0 bytes), so there is no text to read: check that the file was saved or copied "
                          "completely")
    _refuse_binary(data, name)
    text, warnings = _decode_text(data)
    _refuse_control_characters(text)
    if not text.strip():
        raise DecodeError(f"holds no text, only whitespace ({len(data):,} bytes), so there is nothing to read: check "
                          "that the file was saved or copied completely")
    return text, warnings


def _refuse_control_characters(text: str) -> None:
    controls = len(CONTROL.findall(text))
    if controls > max(1, MAX_CONTROL_SHARE * len(text)):
        raise DecodeError(f"is a binary file, not text or HTML ({controls / len(text):.0%} of its characters are "
                          f"control characters): {ADD_TEXT}")


def _refuse_binary(data: bytes, name: str) -> None:
    for signature, offset, kind, advice in MAGIC:
        if data[offset:offset + len(signature)] == signature:
            if signature == b"PK\x03\x04":
                kind, advice = _zip_kind(data, name)
            suffix = PurePath(name).suffix.lower()
            named = f", although its name ends in {suffix}" if suffix in {".txt", ".html", ".htm"} else ""
            raise DecodeError(f"is a binary file ({kind}), not text or HTML{named}: {advice}")
    if data.lstrip()[:5] == b"{\\rtf":
        raise DecodeError("is an RTF document, not plain text or HTML: save it as plain text (.txt) and add that")


def _zip_kind(data: bytes, name: str) -> tuple[str, str]:
    """What a ZIP file is (a .docx, an .epub, or an archive of articles) and what to do with it."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        members = []
    for member, kind in OFFICE_ZIPS.items():
        if member in members:
            return kind, "save it as plain text (.txt) or as a web page (.html) and add that"
    articles = [m for m in members if PurePath(m).suffix.lower() in {".txt", ".html", ".htm"}]
    if articles:
        listed = ", ".join(articles[:5]) + (f" and {len(articles) - 5} more" if len(articles) > 5 else "")
        return "a ZIP archive", f"unzip it and add the files inside ({listed})"
    if PurePath(name).suffix.lower() == ".docx":
        return "a Word .docx document", "save it as plain text (.txt) or as a web page (.html) and add that"
    return "a ZIP archive", "unzip it and add the .txt or .html files inside"


def _decode_text(data: bytes) -> tuple[str, list[str]]:
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), []
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {label} byte-order mark but is not valid {label} ({exc.reason} at byte "
                    f"{exc.start + len(bom)}), so it is damaged or cut short: {RESAVE}") from None
    nuls = data.count(0)
    if nuls:
        utf16 = _bomless_utf16(data, nuls)
        if utf16 is not None:
            return utf16
        if nuls > MAX_NUL_SHARE * len(data):
            raise DecodeError(f"is a binary file (it contains NUL bytes), not text or HTML: {ADD_TEXT}")
        text, warnings = _decode_text(data.replace(b"\x00", b" "))
        first = data.index(0)
        return text, [f"holds {nuls} NUL byte{'s' if nuls > 1 else ''} (the first at byte {first}), read as "
                      f"{'spaces' if nuls > 1 else 'a space'}: check the text around it", *warnings]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        first_bad = exc
    if _has_utf8_sequences(data):
        text = data.decode("utf-8", errors="triangulate-cp1252")
        return text, [f"mostly UTF-8, but some bytes are not (the first, 0x{data[first_bad.start]:02X}, at position "
                      f"{first_bad.start}) and were read as Windows-1252: check the characters there, or {RESAVE}"]
    return _single_byte(data, first_bad)


def _bomless_utf16(data: bytes, nuls: int) -> tuple[str, list[str]] | None:
    """UTF-16 without a byte-order mark: zero bytes at every other position (text in Latin script)."""
    if len(data) % 2 or nuls < 0.3 * len(data):
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    codec = "utf-16-le" if odd > 0.9 * nuls else "utf-16-be" if even > 0.9 * nuls else None
    if codec is None:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if len(CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        return None
    return text, [f"has no byte-order mark but every other byte is zero, so it was read as {codec.upper()}: check "
                  f"the text, or {RESAVE}"]


def _has_utf8_sequences(data: bytes) -> bool:
    """Whether the data is UTF-8 with a few stray bytes: its well-formed multi-byte sequences outnumber the bytes
    that are not UTF-8 (text in another encoding only forms such sequences by chance)."""
    sequences = len(UTF8_SEQUENCE.findall(data))
    invalid = data.decode("utf-8", errors="replace").count("\ufffd")
    return sequences > invalid


def _single_byte(data: bytes, first_bad: UnicodeDecodeError) -> tuple[str, list[str]]:
    """Not UTF-8 at all: Windows-1252 for Western text, else the encoding charset-normalizer names."""
    text = data.decode("cp1252", errors="triangulate-cp1252")
    where = f"byte 0x{data[first_bad.start]:02X} at position {first_bad.start} is not UTF-8"
    visible = len(text) - len(re.findall(r"\s", text))
    foreign = len(re.findall(r"[^\x00-\x7f]", text))
    other_script = foreign >= MIN_FOREIGN_CHARS and foreign > FOREIGN_SCRIPT_SHARE * max(visible, 1)
    unassigned = re.search("[\x81\x8d\x8f\x90\x9d]", text) is not None  # no Western text has these bytes
    guess = _guess_encoding(data) if other_script or unassigned else None
    if guess is None:
        _refuse_control_characters(text)  # random bytes, not text in some encoding
    if guess is None and not other_script:
        return text, [f"not valid UTF-8 ({where}), so it was read as Windows-1252 (cp1252, which covers Latin-1): "
                      f"check accented letters and quotation marks, or {RESAVE}"]
    if guess is None:
        raise DecodeError(f"is not UTF-8 ({where}) and its encoding cannot be told (read as Windows-1252, most of "
                          f"its letters would be accented Latin letters, so it is in another script): {RESAVE}")
    encoding, language, guessed = guess
    return guessed, [f"not valid UTF-8 ({where}), so it was read as {encoding} ({language}), the encoding "
                     f"charset-normalizer finds most likely: check the text, or {RESAVE}"]


def _guess_encoding(data: bytes) -> tuple[str, str, str] | None:
    """(encoding, language, text) when charset-normalizer finds a non-Latin script that reads cleanly."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > MAX_CHAOS:
        return None
    text = str(best)
    letters = [c for c in text if c.isalpha() and ord(c) > 127]
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    if not letters or latin > len(letters) / 2:
        return None  # a Latin-script guess would only be another Western code page: no better than cp1252
    return best.encoding, best.language or "unknown language", text
