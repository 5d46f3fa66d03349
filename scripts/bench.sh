#!/usr/bin/env bash
# Measures the report job against the plain cost of its inputs.
#
#   scripts/bench.sh [N]            N stored objects (default 100000), 10% orphaned, N rows
#
# Prints: wall time, objects per second and peak RSS of `report` (with a fixed -Xmx to show the
# heap does not grow with N), next to `find` over the same sections and a plain SELECT of the same
# JSON columns; then quarantine and purge of the orphans (the clock shifted past min-age and grace).
# Pipelines are kept in ./bench/nN and reused until a purge consumed their orphans.
# Env: BENCH_HEAP (default 256m).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-100000}"
HEAP="${BENCH_HEAP:-256m}"
DIR="${DJGC_BENCH_DIR:-$ROOT/bench}/n$N"
DB_USER="${DJGC_TEST_DB_USER:-djgc}"
export MYSQL_PWD="${DJGC_TEST_DB_PASSWORD:-djgc-test-pw}"
[ -x /usr/bin/time ] || { echo "bench.sh needs GNU time: apt-get install -y time" >&2; exit 1; }

"$ROOT/scripts/services.sh" >/dev/null
(cd "$ROOT" && ./mvnw -B -ntp -q -DskipTests package)

rows=$(mariadb -h127.0.0.1 -u"$DB_USER" -N -e "SELECT COUNT(*) FROM djgc_bench.bench_item" 2>/dev/null || echo 0)
if [ ! -f "$DIR/datajoint.json" ] || [ "$rows" != "$N" ] || [ -f "$DIR/consumed" ]; then
  echo "== generating $N objects in $DIR (once)"
  rm -rf "$DIR"
  mkdir -p "$DIR/store"
  /usr/bin/time -f "   generated in %e s" java -jar "$ROOT/gc-devtools/target/gc-devtools.jar" bench "$N" "$DIR/store" "$DIR"
fi
SECTIONS=("$DIR/store/_hash/djgc_bench" "$DIR/store/_schema/djgc_bench")

measure() { # label, command...: prints "seconds peak_kb"
  /usr/bin/time -f "%e %M" -o "$DIR/time.txt" "$@" >/dev/null
  cat "$DIR/time.txt"
}

read -r find_s find_kb < <(measure find "${SECTIONS[@]}" -type f)
read -r select_s select_kb < <(measure mariadb -h127.0.0.1 -u"$DB_USER" -N --quick \
  -e "SELECT blob_ref, obj_ref FROM djgc_bench.bench_item")
cd "$DIR"
/usr/bin/time -f "%e %M" -o "$DIR/time.txt" java -Xmx"$HEAP" -jar "$ROOT/gc-batch/target/gc-batch.jar" \
  --job=report --store=bench --schema=djgc_bench --gc.work-dir="$DIR/work" >"$DIR/report.txt" 2>"$DIR/report.log"
read -r report_s report_kb <"$DIR/time.txt"
job_ms=$(sed -n 's/.*execution [0-9]* ended COMPLETED.* in \([0-9]*\) ms.*/\1/p' "$DIR/report.log" | tail -1)
orphans=$(sed -n 's/^orphaned files: //p' "$DIR/report.txt")

awk -v n="$N" -v rs="$report_s" -v rk="$report_kb" -v fs="$find_s" -v ss="$select_s" -v jm="${job_ms:-0}" \
    -v orphans="$orphans" -v heap="$HEAP" 'BEGIN {
  printf "N=%d objects, %d rows; report found %s orphans (expected %d)\n", n, n, orphans, n / 10
  printf "report (java -Xmx%s -jar, incl. JVM start): %7.2f s  %9.0f objects/s  peak RSS %6.1f MB\n", heap, rs, n / rs, rk / 1024
  printf "report job alone (from its log):             %7.2f s  %9.0f objects/s\n", jm / 1000, (jm > 0 ? n / (jm / 1000) : 0)
  printf "find over the sections:                      %7.2f s\n", fs
  printf "SELECT of the JSON columns:                  %7.2f s\n", ss
  printf "ratio report / (find + select):  %.2f (whole process)  %.2f (job alone); goal <= 1.5\n", rs / (fs + ss), (jm / 1000) / (fs + ss)
}'
[ "$orphans" = "$((N / 10))" ] || { echo "unexpected orphan count" >&2; exit 1; }

mariadb -h127.0.0.1 -u"$DB_USER" -e "DELETE FROM datajoint_gc.gc_quarantine WHERE store = 'bench'" 2>/dev/null || true
run_job() { # job, clock offset: prints "seconds peak_kb"
  /usr/bin/time -f "%e %M" -o "$DIR/time.txt" java -Xmx"$HEAP" -jar "$ROOT/gc-batch/target/gc-batch.jar" \
    --job="$1" --store=bench --schema=djgc_bench --gc.work-dir="$DIR/work" --gc.testing.clock-offset="$2" \
    >"$DIR/$1.txt" 2>"$DIR/$1.log"
  cat "$DIR/time.txt"
}
touch "$DIR/consumed"
read -r q_s q_kb < <(run_job quarantine P2D)
quarantined=$(sed -n 's/^ *quarantined  *//p' "$DIR/quarantine.txt")
read -r p_s p_kb < <(run_job purge P10D)
purged=$(sed -n 's/^ *purged  *//p' "$DIR/purge.txt")
remaining=$(find "$DIR/store/_trash" -type f 2>/dev/null | wc -l)
awk -v q="${quarantined:-0}" -v qs="$q_s" -v qk="$q_kb" -v p="${purged:-0}" -v ps="$p_s" -v pk="$p_kb" \
    -v rest="$remaining" 'BEGIN {
  printf "quarantine: %d objects moved in %6.2f s  %8.0f objects/s  peak RSS %6.1f MB\n", q, qs, q / qs, qk / 1024
  printf "purge:      %d objects deleted in %6.2f s  %8.0f objects/s  peak RSS %6.1f MB (%d left in trash)\n", p, ps, p / ps, pk / 1024, rest
}'
[ "${quarantined:-0}" = "$((N / 10))" ] && [ "${purged:-0}" = "$((N / 10))" ] || { echo "unexpected quarantine/purge counts" >&2; exit 1; }
