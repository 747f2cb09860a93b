"""Time a filter change on a page of the real app, through Streamlit's ``AppTest``, on a corpus store.

``python -m ui.pagebench STORE [--page pages/numbers.py] [--repeat 7]`` opens the app on ``STORE`` (as
``streamlit run app.py -- --store STORE`` would), goes to the page, then times whole script runs: choosing the
two sources with the most articles, then adding a text search, then clearing both. It prints one JSON line:
the median seconds of a filter change, the first (cold) run and the page switch. ``python -m core bench``
runs it on the seeds' store and on the largest store and prints the ratio; it lives here, not in ``core``,
because it drives Streamlit.
"""
from __future__ import annotations

import argparse
import json
import os
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


def time_filter_change(store: Path, *, page: str = "pages/numbers.py", repeat: int = 7, text: str = "troops") -> dict:
    """Median time of one filter change on ``page`` of the app showing ``store`` (see the module docstring)."""
    os.environ[data.STORE_ENV] = str(store)
    _keep_navigation_mode()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    result = {"first_run_s": _timed(at.run)}
    result["page_switch_s"] = _timed(lambda: at.switch_page(page).run())
    sources = list(at.multiselect(key=keys.SOURCES).options)
    articles = data.store_tables(*data.store_stamp(store))["articles"]
    top = articles["source"].value_counts().index[:2].tolist() if len(articles) else sources[:2]
    changes = []
    for _ in range(repeat):
        changes.append(_timed(lambda: at.multiselect(key=keys.SOURCES).set_value(top).run()))
        changes.append(_timed(lambda: at.text_input(key=keys.TEXT).set_value(text).run()))
        changes.append(_timed(lambda: at.text_input(key=keys.TEXT).set_value("").run()))
        changes.append(_timed(lambda: at.multiselect(key=keys.SOURCES).set_value([]).run()))
    result.update(filter_change_s=statistics.median(changes), n_changes=len(changes), sources=top,
                  n_articles=len(articles))
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
