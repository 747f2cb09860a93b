"""HTML for article text, built only from ``html.escape``'d pieces, and Markdown escaping.

Nothing from an article is ever rendered as HTML or Markdown: text is escaped character for character and the
only tags in the output are the ``<span>``, ``<mark>``, ``<ins>`` and ``<del>`` this module writes. Render the
result with ``st.html`` (no Markdown pass), never with ``st.markdown``.
"""
from __future__ import annotations

import dataclasses
import difflib
import html
import re
import string

import pandas as pd

# Later rules win where highlights overlap: a number inside a quote shows as a number.
CSS = """<style>
.tri-text { font-family: Georgia, 'Times New Roman', serif; font-size: 1.02rem; line-height: 1.7;
            white-space: pre-wrap; overflow-wrap: anywhere; }
.tri-text .furniture { color: #8a8f98; }
.hl-quote { background: #dbeafe; border-radius: 3px; }
.hl-date { background: #c8f0d2; border-radius: 3px; }
.hl-num { background: #ffe08a; border-radius: 3px; font-weight: 600; }
.hl-actor { border-bottom: 2px solid #8b5cf6; }
.tri-legend span { margin-right: .9rem; padding: 0 .35rem; }
.tri-sentence { margin: .15rem 0 .6rem 0; line-height: 1.55; }
.tri-sentence .who { color: #5b6170; font-size: .85rem; }
.tri-diff ins { background: #c8f0d2; text-decoration: none; border-radius: 3px; }
.tri-diff del { background: #fde2e1; color: #9b1c1c; border-radius: 3px; }
.tri-badge { font-size: .72rem; padding: .05rem .4rem; border-radius: .6rem; margin-left: .35rem;
             border: 1px solid #c7cbd3; color: #4b5160; white-space: nowrap; }
.tri-badge.statement { background: #eef2ff; }
.tri-badge.fragment { background: #fff7e6; }
.tri-badge.warn { background: #fde2e1; border-color: #f5b5b1; color: #9b1c1c; }
.tri-table { border-collapse: collapse; width: 100%; font-size: .9rem; margin-bottom: .4rem; }
.tri-table th, .tri-table td { border: 1px solid #e3e5e8; padding: .3rem .5rem; text-align: left;
                               vertical-align: top; }
.tri-table thead th { background: #f7f8fa; font-weight: 600; }
.tri-table tbody th { font-weight: 500; color: #4b5160; background: #fbfbfc; }
.tri-table tr.disputed td, .tri-table tr.disputed th { background: #fde2e1; }
.tri-box { border: 1px solid #e3e5e8; border-radius: .5rem; padding: .6rem .8rem; margin-bottom: .6rem; }
</style>"""

LAYERS = {"numbers": "hl-num", "quotes": "hl-quote", "dates": "hl-date", "actors": "hl-actor"}
LAYER_LABELS = {"numbers": "numbers", "quotes": "quotes", "dates": "dates", "actors": "actors"}
_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")


@dataclasses.dataclass(frozen=True)
class Span:
    start: int
    end: int
    css: str
    title: str = ""


def esc(value: object) -> str:
    """Escape text for HTML content and attributes (None/NA → empty)."""
    return html.escape(txt(value), quote=True)


def chart_text(value: object) -> str:
    """Escape text for plotly labels, legends and hovers: ``<``, ``>`` and ``&`` (so no tag or entity is read),
    but not quotes, which plotly would show as ``&quot;`` (it reads no attribute outside a tag)."""
    return html.escape(txt(value), quote=False)


def txt(value: object) -> str:
    """A cell as plain text: missing values (None, NA, NaN) become ""."""
    return "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)


def md_escape(value: object) -> str:
    """Backslash-escape every ASCII punctuation mark, so Markdown shows the text literally (labels, alerts)."""
    return _MD_SPECIAL.sub(r"\\\1", "" if value is None else str(value)).replace("\n", " ")


def highlight_html(text: str, spans: list[Span], *, offset: int = 0) -> str:
    """``text`` escaped, with each span wrapped in ``<span class=…>``. Spans are article offsets; ``offset``
    is where ``text`` starts in the article. Overlapping spans are cut into runs that carry every class."""
    bounds = {0, len(text)}
    for s in spans:
        bounds.update((min(max(s.start - offset, 0), len(text)), min(max(s.end - offset, 0), len(text))))
    cuts = sorted(bounds)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = esc(text[a:b])
        covering = [s for s in spans if s.start - offset <= a and b <= s.end - offset and s.end > s.start]
        if not covering:
            out.append(piece)
            continue
        classes = " ".join(sorted({s.css for s in covering}))
        title = " | ".join(dict.fromkeys(s.title for s in covering if s.title))
        out.append(f'<span class="{esc(classes)}" title="{esc(title)}">{piece}</span>')
    return "".join(out)


def article_spans(article_id: str, tables: dict[str, pd.DataFrame], layers: list[str]) -> list[Span]:
    """The highlight spans of one article for the chosen layers (numbers, quotes, dates, actors)."""
    spans: list[Span] = []

    def rows(name: str) -> pd.DataFrame:
        df = tables[name]
        return df[df["article_id"] == article_id].dropna(subset=["start_char", "end_char"])

    if "quotes" in layers:
        for r in rows("quotes").itertuples():
            spans.append(Span(int(r.start_char), int(r.end_char), LAYERS["quotes"],
                              f"quote ({txt(r.kind)}) — {txt(r.speaker) or 'speaker unknown'}"))
    if "dates" in layers:
        for r in rows("timeline").itertuples():
            first, last = txt(r.start), txt(r.end)
            when = f"{first} → {last}" if first and last and last != first else (first or "unresolved")
            spans.append(Span(int(r.start_char), int(r.end_char), LAYERS["dates"],
                              f"date: {when} ({txt(r.granularity)})"))
    if "numbers" in layers:
        for r in rows("claims").itertuples():
            spans.append(Span(int(r.start_char), int(r.end_char), LAYERS["numbers"],
                              f"claim: {txt(r.text)} ({txt(r.qualifier)}) — {txt(r.claimant) or 'unattributed'}"))
    if "actors" in layers:
        for r in rows("mentions").itertuples():
            spans.append(Span(int(r.start_char), int(r.end_char), LAYERS["actors"], f"{txt(r.name)} ({txt(r.type)})"))
    return spans


def article_html(text: str, spans: list[Span], regions: list[tuple[int, int, str]]) -> str:
    """The whole article: highlights on the body, headline/byline/furniture regions greyed out."""
    greyed = [Span(a, b, "furniture", kind) for a, b, kind in regions]
    return f'<div class="tri-text">{highlight_html(text, [*greyed, *spans])}</div>'


def sentence_html(sentence: str, start: int, end: int, sentence_start: int | None, *, css: str = "hl-num",
                  who: str = "") -> str:
    """One evidence sentence with the span [start, end) (article offsets) marked, and who/where above it."""
    sentence = txt(sentence)
    if sentence_start is None:  # offsets unknown: no mark rather than a wrong one
        body = esc(sentence)
    else:
        body = highlight_html(sentence, [Span(start, end, css)], offset=sentence_start)
    head = f'<div class="who">{esc(who)}</div>' if who else ""
    return f'<div class="tri-sentence">{head}{body}</div>'


def legend_html(layers: list[str]) -> str:
    return '<div class="tri-legend">' + "".join(
        f'<span class="{LAYERS[k]}">{esc(LAYER_LABELS[k])}</span>' for k in layers) + "</div>"


def html_table(df: pd.DataFrame, *, marked_rows: set | None = None) -> str:
    """A small static table (index as the first column), every header and cell escaped, text wrapping;
    rows whose index is in ``marked_rows`` get the ``disputed`` class."""
    marked = marked_rows or set()
    head = "".join(f"<th>{esc(c)}</th>" for c in [df.index.name or "", *df.columns])
    body = "".join(
        f'<tr class="{"disputed" if idx in marked else ""}"><th>{esc(idx)}</th>'
        + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>"
        for idx, row in zip(df.index, df.itertuples(index=False)))
    return (f'<div style="overflow-x:auto"><table class="tri-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def badge(text: str, kind: str = "") -> str:
    return f'<span class="tri-badge {esc(kind)}">{esc(text)}</span>'


_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]|\s+")


def _norm(token: str) -> str:
    return token.casefold().replace("’", "'").replace("“", '"').replace("”", '"')


def word_diff_html(reference: str, other: str) -> str:
    """``other`` escaped, with words it adds to ``reference`` in ``<ins>`` and words of ``reference`` it lacks in
    ``<del>`` (case, curly quotes and spacing are not differences). ``other``'s own spacing is kept."""
    a = [t for t in _TOKEN.findall(reference) if not t.isspace()]
    b: list[tuple[str, str]] = []  # (whitespace before, token)
    space = ""
    for token in _TOKEN.findall(other):
        if token.isspace():
            space += token
        else:
            b.append((space, token))
            space = ""

    def run(j1: int, j2: int, tag: str = "") -> str:
        lead, first = b[j1]
        body = esc(first) + "".join(esc(ws + t) for ws, t in b[j1 + 1:j2])
        return esc(lead) + (f"<{tag}>{body}</{tag}>" if tag else body)

    matcher = difflib.SequenceMatcher(a=[_norm(t) for t in a], b=[_norm(t) for _, t in b], autojunk=False)
    out: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("replace", "delete"):
            space = " " if out and a[i1][:1].isalnum() else ""
            out.append(f"{space}<del>{esc(' '.join(a[i1:i2]))}</del>")
        if op in ("replace", "insert"):
            out.append(run(j1, j2, "ins"))
        if op == "equal":
            out.append(run(j1, j2))
    return "".join(out)
