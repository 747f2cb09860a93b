"""Fingerprints that decide what the corpus store must parse again.

An article's rows depend on the article and on how it is extracted. ``current_settings()`` describes the second
half without loading the model: the code version (a hash of every ``core/*.py`` source and every file under
``core/data``), the spaCy model package that ``nlp.load_model()`` would pick and its version, and the spaCy
version. ``article_key(article, settings)`` hashes the first half (what ``corpus.extract_article`` reads of an
article: its text, the regions blanked out of its body, its byline, headline, outlet and publication date)
together with ``settings.key``. Rows stored under an article key are valid for exactly that article, code and
model; any change gives a new key, so the store parses again only what changed.

``Settings`` is a plain value: tests (and a deployment that pins a version) may pass their own.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import json
from pathlib import Path

from .ingest import Article

CORE = Path(__file__).resolve().parent


@dataclasses.dataclass(frozen=True)
class Settings:
    """What every article's rows depend on besides the article: code, model and spaCy versions."""
    code: str
    model: str
    model_version: str
    spacy_version: str

    @functools.cached_property
    def key(self) -> str:
        return _sha1(json.dumps(dataclasses.asdict(self), sort_keys=True))

    def describe(self) -> str:
        return f"code {self.code[:12]}, model {self.model} {self.model_version}, spaCy {self.spacy_version}"


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def code_version(root: Path = CORE) -> str:
    """Hash of the extraction code: every ``*.py`` directly in ``root`` and every file under ``root/data``
    (read afresh each time, about a millisecond: a long-running process must see edits)."""
    digest = hashlib.sha1()
    files = sorted(root.glob("*.py")) + sorted(p for p in (root / "data").rglob("*") if p.is_file())
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def installed_model(names: tuple[str, ...] | None = None) -> tuple[str, str]:
    """(package, version) of the model ``nlp.load_model()`` would load, read from its ``meta.json``."""
    from .nlp import INSTALL_HINT, MODEL_NAMES, ModelNotFoundError

    for name in names or MODEL_NAMES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        meta = Path(list(spec.submodule_search_locations)[0]) / "meta.json"
        version = json.loads(meta.read_text(encoding="utf-8")).get("version", "?") if meta.is_file() else "?"
        return name, version
    raise ModelNotFoundError(INSTALL_HINT)


def current_settings() -> Settings:
    """The settings of this installation (code on disk, installed model); does not load the model."""
    import spacy

    model, version = installed_model()
    return Settings(code=code_version(), model=model, model_version=version, spacy_version=spacy.__version__)


def article_key(article: Article, settings: Settings | str) -> str:
    """Hash of what extraction reads of ``article`` and of the settings (a ``Settings`` or its ``key``)."""
    settings_key = settings if isinstance(settings, str) else settings.key
    content = {
        "settings": settings_key, "article_id": article.article_id, "text": article.text,
        "regions": [list(r) for r in article.regions], "byline": article.byline, "headline": article.headline,
        "outlet": article.outlet, "published": article.published,
    }
    return _sha1(json.dumps(content, sort_keys=True, ensure_ascii=False))
