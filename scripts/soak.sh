#!/usr/bin/env bash
# Runs the interleaving chains of issue 9 (gc-batch org.djgc.batch.interleaving) far beyond CI's
# bound, in batches, and prints tries, actions, dj-gc runs, kills and failures as it goes.
#
#   scripts/soak.sh [ACTIONS]          at least ACTIONS actions (default 100000) on the local store
#   scripts/soak.sh --s3 [ACTIONS]     the S3 chains (S3Proxy in-process), 3 chains per batch
#
# Env: DJGC_SOAK_CHAIN actions per chain (default 40), DJGC_SOAK_BATCH chains per batch (default 50).
# The chains use their own schema and store name (gct_chain_soak, chain_soak; DJGC_SOAK_LANE sets
# the suffix), so a second soak from another checkout can run beside it. Nothing else should use the
# server meanwhile: dj-gc's default reference scope reads every schema whose columns name a store it
# does not know, and a schema dropped by another test during that read makes a run fail closed
# (READ_ERROR, exit 3), which the soak reports as a failure.
# DJGC_TEST_JDBC_URL (and DJGC_TEST_DB_USER/PASSWORD) point the soak at another server, as they do the
# tests; a private server keeps the main one free for other work during a long soak.
# A failing batch's report (the shrunk chain and its scenario) is kept in target/soak/failure-N.txt;
# the soak goes on. Exit 1 if any batch failed. Needs MariaDB (scripts/services.sh starts it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TEST=LocalInterleavingTest
LABEL=local
if [[ "${1:-}" == "--s3" ]]; then
  TEST=S3InterleavingTest
  LABEL=s3
  shift
fi
TARGET=${1:-100000}
CHAIN=${DJGC_SOAK_CHAIN:-40}
BATCH=${DJGC_SOAK_BATCH:-50}
LANE=${DJGC_SOAK_LANE:-_soak}
OUT=target/soak
mkdir -p "$OUT"
bash scripts/services.sh > "$OUT/services.log" 2>&1
./mvnw -B -ntp install -DskipTests -pl gc-batch -am > "$OUT/build.log" 2>&1
REPORTS=gc-batch/target/surefire-reports
tries=0 actions=0 runs=0 kills=0 restarts=0 purged=0 failures=0 batch=0
start=$(date +%s)
while (( actions < TARGET )); do
  batch=$((batch + 1))
  status=0
  ./mvnw -B -ntp test -pl gc-batch -Dtest="$TEST" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djqwik.tries.default="$BATCH" -Ddjgc.interleavings.actions="$CHAIN" -Ddjgc.interleavings.s3-actions="$CHAIN" \
    -Ddjgc.interleavings.lane="$LANE" \
    -Ddjgc.interleavings.keep-schema=true \
    > "$OUT/batch.log" 2>&1 || status=$?
  line=$(grep -h "interleavings\[$LABEL\]" "$REPORTS/org.djgc.batch.interleaving.$TEST-output.txt" | tail -1 || true)
  if [[ -z "$line" ]]; then
    echo "soak: batch $batch printed no summary; see $OUT/batch.log" >&2
    exit 2
  fi
  field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<< "$line"; }
  tries=$((tries + $(field tries)))
  actions=$((actions + $(field actions)))
  runs=$((runs + $(field gc-runs)))
  kills=$((kills + $(field kills)))
  restarts=$((restarts + $(field restarts)))
  purged=$((purged + $(field files-purged)))
  if (( status != 0 )); then
    failures=$((failures + 1))
    cp "$REPORTS/org.djgc.batch.interleaving.$TEST.txt" "$OUT/failure-$failures.txt"
    echo "soak: batch $batch FAILED; its shrunk chain and scenario: $OUT/failure-$failures.txt"
  fi
  echo "soak[$LABEL]: batch=$batch tries=$tries actions=$actions gc-runs=$runs kills=$kills restarts=$restarts" \
    "files-purged=$purged failures=$failures elapsed=$(( $(date +%s) - start ))s"
done
url=${DJGC_TEST_JDBC_URL:-jdbc:mysql://127.0.0.1:3306/}
[[ "$url" =~ ^jdbc:mysql://([^:/]+)(:([0-9]+))?/ ]] || { echo "soak: cannot read DJGC_TEST_JDBC_URL=$url" >&2; exit 2; }
MYSQL_PWD="${DJGC_TEST_DB_PASSWORD:-djgc-test-pw}" mysql -h"${BASH_REMATCH[1]}" -P"${BASH_REMATCH[3]:-3306}" \
  -u"${DJGC_TEST_DB_USER:-djgc}" -e "DROP DATABASE IF EXISTS gct_chain$LANE; DELETE FROM datajoint_gc.gc_quarantine WHERE store = 'chain$LANE'" \
  || echo "soak: could not drop schema gct_chain$LANE (drop it by hand)" >&2
echo "SOAK RESULT[$LABEL]: tries=$tries actions=$actions gc-runs=$runs kills=$kills restarts=$restarts" \
  "files-purged=$purged failures=$failures"
(( failures == 0 ))
