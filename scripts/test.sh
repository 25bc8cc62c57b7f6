#!/usr/bin/env bash
# Set up everything the tests need, then run them: the README's test command, and CI's.
# Creates .venv, installs the package with its test extras, installs missing system tools
# (Java for HermiT, Graphviz for the docs diagram, Chromium + ChromeDriver for the browser
# tests, Virtuoso for the triple-store tests) when run as root with apt, installs the YASGUI query page from npm, then runs ruff,
# the release-artefact check and pytest. Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]' 2>&1 \
  | grep -v "^WARNING: Location" || true

missing=()
command -v java >/dev/null || missing+=(default-jre-headless)
# the OWL 2 DL profile check runs a single-file Java program, which needs the JDK's compiler
command -v javac >/dev/null || missing+=(default-jdk-headless)
command -v dot >/dev/null || missing+=(graphviz)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  else
    echo "warning: missing ${missing[*]}; run as root with apt to install them." >&2
    echo "         Tests that need them will fail or be skipped." >&2
  fi
fi
# Virtuoso, for the push and competency-query tests against a real triple store: best effort,
# those tests are skipped where it is missing.
if ! command -v virtuoso-t >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing virtuoso-opensource" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends virtuoso-opensource; } >/dev/null 2>&1 \
    || echo "warning: Virtuoso not installed; its tests will be skipped" >&2
fi
if command -v npm >/dev/null; then
  bash scripts/install-yasgui.sh >/dev/null || echo "warning: YASGUI not installed" >&2
fi

.venv/bin/python -m ruff check remote_kg tests benchmarks
.venv/bin/lint-imports   # the layers contract in pyproject.toml: no cycle, no upward import
.venv/bin/remote-kg release --check
.venv/bin/remote-kg report   # the ontology's quality gates: an ERROR or a DL violation fails
# The suite runs in one process per core (pytest-xdist; each test file stays in one process,
# so its module fixtures start once). The tests that time the endpoint's answers then run
# alone, since a busy neighbour process skews their timings. Given test paths, pytest runs
# just those, in one process.
TIMED=(tests/server/test_endpoint_fair_share.py)
for arg in "$@"; do
  [[ "$arg" != -* && -e "${arg%%::*}" ]] && exec .venv/bin/python -m pytest "$@"
done
status=0
.venv/bin/python -m pytest -n "${REMOTE_KG_TEST_PROCESSES:-auto}" --dist loadfile --no-loadscope-reorder \
  --ignore "${TIMED[@]}" "$@" || status=$?
.venv/bin/python -m pytest "$@" "${TIMED[@]}" || status=$?
exit "$status"
