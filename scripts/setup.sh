#!/usr/bin/env bash
# Set up Triangulate on a fresh machine: a Python 3.11 virtualenv in .venv with the pinned packages.
#   bash scripts/setup.sh          what the dashboard and the command line need
#   bash scripts/setup.sh --test   also the test tools and Debian's Chromium for the browser tests
# Safe to run again: what is already there is kept. Never runs `playwright install` (it downloads a browser
# build from outside, which this network refuses); the browser tests use /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
for arg in "$@"; do
  case "$arg" in
    --test) with_tests=1 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "setup: unknown option $arg (usage: bash scripts/setup.sh [--test])" >&2; exit 2 ;;
  esac
done

find_python311() {
  local candidate
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  python=$(find_python311) || { echo "setup: Python 3.11 is needed (python3.11 not found)" >&2; exit 1; }
  echo "setup: creating .venv with $python"
  "$python" -m venv .venv
fi

pip=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)
"${pip[@]}" -r requirements.txt

if [ "$with_tests" = 1 ]; then
  "${pip[@]}" -r requirements-dev.txt
  if [ ! -x /usr/bin/chromium ]; then
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    echo "setup: installing Debian's chromium for the browser tests"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium >/dev/null
  fi
fi
echo "setup: ready (.venv/bin/python)"
