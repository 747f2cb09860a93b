"""The library never imports Streamlit; the UI imports the library (so core runs in scripts, tests and the CLI)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE_FILES = sorted((ROOT / "core").rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module ``path`` imports, wherever the import statement is (functions too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in {
                "import_module", "__import__"} and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value).split(".")[0])
    return names


def test_core_has_modules():
    assert len(CORE_FILES) > 5


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_module_does_not_import_streamlit(path):
    assert "streamlit" not in imported_modules(path)


def test_the_scan_sees_every_form_of_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import os.path\nfrom streamlit.runtime import x\nfrom . import sibling\n"
                      "def f():\n    import importlib\n    return importlib.import_module('plotly.express')\n",
                      encoding="utf-8")
    assert imported_modules(module) == {"os", "streamlit", "importlib", "plotly"}


def test_importing_the_library_does_not_load_streamlit():
    code = (
        "import importlib, pkgutil, sys\n"
        "import core, core.corpus\n"
        "for m in pkgutil.walk_packages(core.__path__, 'core.'):\n"
        "    if m.name != 'core.__main__':\n"
        "        importlib.import_module(m.name)\n"
        "loaded = sorted(n for n in sys.modules if n == 'streamlit' or n.startswith('streamlit.'))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"streamlit was imported by core: {proc.stdout}{proc.stderr}"
