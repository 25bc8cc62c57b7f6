#!/usr/bin/env bash
# Run the fuzz battery (tests/hostile/test_fuzz.py) for longer than CI does, with fresh seeds, until
# the time is up or an invariant breaks. Usage: scripts/fuzz.sh [--minutes N] [--examples K]
# Each round draws K inputs per surface from a new random seed; a failure prints the input
# (keep it under tests/data/fuzz-regressions/ as a named regression case) and stops.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
minutes=10
examples=500
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --examples) examples="$2"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown argument $1 (try --minutes N, --examples K)" >&2; exit 2 ;;
  esac
done
[ -x .venv/bin/python ] || { echo "fuzz.sh: run scripts/test.sh once to set up .venv" >&2; exit 2; }
end=$(( $(date +%s) + minutes * 60 ))
round=0
while [ "$(date +%s)" -lt "$end" ]; do
  round=$((round + 1))
  seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
  echo "round $round: $examples inputs per surface, seed $seed" >&2
  REMOTE_KG_FUZZ_EXAMPLES="$examples" .venv/bin/python -m pytest -q -p no:cacheprovider \
    tests/hostile/test_fuzz.py --hypothesis-seed="$seed" -x
done
echo "fuzz.sh: $round rounds in $minutes minutes, no invariant broken" >&2
