#!/usr/bin/env bash
# Checks the protocol model docs/model/gc.pml with spin (see docs/model/README.md):
#   - the model must verify with "errors: 0" over its whole bounded state space,
#   - every seeded-bug variant (mutant) must report "errors: 1" or more (a counter-example trail).
# Prints, per run: name, states stored, depth, errors, seconds. Exits 0 only if every outcome is as
# expected; 2 if spin or gcc is missing (run scripts/services.sh as root to install them).
#
# Usage: scripts/model-check.sh [work directory]   (default: a new temporary directory)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODEL="$ROOT/docs/model/gc.pml"
WORK="${1:-$(mktemp -d -t djgc-model.XXXXXX)}"
PAN_FLAGS=(-m200000)   # bounded depth; the search must still finish (no "depth too small")

say() { echo "model-check.sh: $*"; }
die() { echo "model-check.sh: ERROR: $*" >&2; exit 2; }

command -v spin >/dev/null 2>&1 || die "spin is not installed; run scripts/services.sh as root (Debian package spin)"
command -v gcc >/dev/null 2>&1 || die "gcc is not installed; run scripts/services.sh as root (Debian package gcc)"
[[ -r "$MODEL" ]] || die "model not found: $MODEL"
mkdir -p "$WORK"

failures=0

# run NAME EXPECT [spin -D flags...]; EXPECT is "pass" (errors: 0) or "fail" (errors >= 1)
run() {
  local name=$1 expect=$2; shift 2
  local dir="$WORK/$name" out errors states depth secs
  mkdir -p "$dir"
  cp "$MODEL" "$dir/gc.pml"
  (cd "$dir" && spin "$@" -a gc.pml >spin.log 2>&1 && gcc -O2 -w -DSAFETY -o pan pan.c >gcc.log 2>&1) \
    || { say "$name: spin or gcc failed (see $dir)"; failures=$((failures + 1)); return; }
  out="$(cd "$dir" && ./pan "${PAN_FLAGS[@]}" 2>&1 | tee pan.log)" || true
  errors="$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' <<<"$out" | tail -n 1)"
  states="$(sed -n 's/^ *\([0-9.e+]*\) states, stored.*/\1/p' <<<"$out" | tail -n 1)"
  depth="$(sed -n 's/.*depth reached \([0-9]*\).*/\1/p' <<<"$out" | tail -n 1)"
  secs="$(sed -n 's/^pan: elapsed time \([0-9.e+-]*\) seconds.*/\1/p' <<<"$out" | tail -n 1)"
  local verdict=ok
  if [[ -z "$errors" ]]; then
    verdict="UNEXPECTED (no result)"
  elif [[ "$expect" == pass && ( "$errors" != 0 || "$out" == *"max search depth too small"* ) ]]; then
    verdict="UNEXPECTED (the model must verify)"
  elif [[ "$expect" == fail && "$errors" == 0 ]]; then
    verdict="UNEXPECTED (the mutant must fail)"
  fi
  if [[ "$expect" == fail && "$errors" != 0 ]]; then
    (cd "$dir" && spin "$@" -t gc.pml >trail.txt 2>&1) || true
    local what
    what="$(grep -m1 'text of failed assertion' "$dir/trail.txt" | sed 's/.*assertion: //' || true)"
    say "$name: trail $dir/gc.pml.trail; violated: ${what:-?}"
  fi
  say "$name: states=${states:-?} depth=${depth:-?} errors=${errors:-?} seconds=${secs:-?} expected=$expect -> $verdict"
  [[ "$verdict" == ok ]] || failures=$((failures + 1))
}

run model                  pass
run mutant-one-pass        fail -DMUTANT_ONE_PASS
run mutant-no-fresh-snap   fail -DMUTANT_NO_FRESH_SNAPSHOT
run mutant-grace-le-d      fail -DGRACE=1
run mutant-stale-exists    fail -DMUTANT_STALE_EXISTS

if (( failures > 0 )); then
  say "FAILED: $failures run(s) not as expected (work directory $WORK)"
  exit 1
fi
say "OK: the model verifies and every mutant fails (work directory $WORK)"
