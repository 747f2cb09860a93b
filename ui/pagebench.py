"""Time a filter change on a page of the real app, through Streamlit's ``AppTest``, on a corpus store.

``python -m ui.pagebench STORE [--page pages/numbers.py] [--repeat 7]`` opens the app on ``STORE`` (as
``streamlit run app.py -- --store STORE`` would), goes to the page, then times whole script runs, ``repeat``
rounds of four filter changes: choosing two sources (a pair not chosen before), adding a text search (a word
not searched before: the corpus's most frequent words in claimed sentences, in turn), clearing the text (back
to the two sources) and clearing the sources (back to the whole corpus). The app keeps what it computed for a
filter state, so the first two changes of a round are the slow kind (a state never seen) and the last two go
back to states seen before. It prints one JSON line: the median seconds of all changes, of the new-state
changes and of the going-back ones, the first (cold) run and the page switch. ``python -m core bench`` runs it
on the seeds' store and on the largest store and prints the ratios; it lives here, not in ``core``, because it
drives Streamlit.
"""
from __future__ import annotations

import argparse
import collections
import itertools
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from . import data, keys

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 600


def _keep_navigation_mode() -> None:
    """A running server leaves the old pages-directory mode at the first ``st.navigation``; AppTest resets it
    before every run, which would run the page file alone from the second run on. Keep it off, as a server."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init


def _timed(run) -> float:
    start = time.perf_counter()
    at = run()
    if at.exception:
        raise RuntimeError(f"the page failed: {[e.value for e in at.exception]}")
    return time.perf_counter() - start


def searched_words(claims, n: int) -> list[str]:
    """The ``n`` most frequent words of five letters or more in the sentences of the first 2,000 claims."""
    text = " ".join(claims["sentence"].astype("string").fillna("").head(2000)).lower()
    return [w for w, _ in collections.Counter(re.findall(r"[a-z]{5,}", text)).most_common(n)]


def time_filter_change(store: Path, *, page: str = "pages/numbers.py", repeat: int = 7) -> dict:
    """Median times of filter changes on ``page`` of the app showing ``store`` (see the module docstring)."""
    os.environ[data.STORE_ENV] = str(store)
    _keep_navigation_mode()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    result = {"first_run_s": _timed(at.run)}
    result["page_switch_s"] = _timed(lambda: at.switch_page(page).run())
    tables = data.store_tables(*data.store_stamp(store))
    ranked = tables["articles"]["source"].value_counts().index.tolist()
    pairs = list(itertools.islice(itertools.combinations(ranked, 2), repeat)) or [tuple(ranked[:2])]
    words = searched_words(tables["claims"], repeat)
    new, back = [], []
    for i in range(repeat):
        chosen, word = list(pairs[i % len(pairs)]), words[i % len(words)] if words else "the"
        new.append(_timed(lambda: at.multiselect(key=keys.SOURCES).set_value(chosen).run()))
        new.append(_timed(lambda: at.text_input(key=keys.TEXT).set_value(word).run()))
        back.append(_timed(lambda: at.text_input(key=keys.TEXT).set_value("").run()))
        back.append(_timed(lambda: at.multiselect(key=keys.SOURCES).set_value([]).run()))
    result.update(filter_change_s=statistics.median(new + back), new_filter_s=statistics.median(new),
                  back_filter_s=statistics.median(back), n_changes=len(new + back), sources=pairs[:repeat],
                  words=words, n_articles=len(tables["articles"]))
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ui.pagebench", description=__doc__.split("\n\n")[0])
    p.add_argument("store", type=Path)
    p.add_argument("--page", default="pages/numbers.py")
    p.add_argument("--repeat", type=int, default=7)
    args = p.parse_args(argv)
    if not args.store.is_file():
        p.error(f"no store at {args.store}: make one with python -m core ingest ARTICLES... --store {args.store}")
    print(json.dumps(time_filter_change(args.store, page=args.page, repeat=args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
