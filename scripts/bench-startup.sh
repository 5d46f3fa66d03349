#!/usr/bin/env bash
# Measures the whole-process time of short runs (issue 10's start-time target): `--help`, and a
# report of an empty store, each through `java -jar gc-batch.jar` and through scripts/dj-gc (its
# cache warmed first), ROUNDS times each in turn (default 5). Prints the median wall and CPU
# (user + system) seconds of each. Needs MariaDB (scripts/services.sh starts it) and GNU time.
#
#   scripts/bench-startup.sh [ROUNDS]
#
# The pipeline is an empty schema djgc_bench_start and an empty file store under ./bench/startup;
# both are removed at the end. The machine should be otherwise idle: the figures are CPU-bound.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-5}"
DIR="${DJGC_BENCH_DIR:-$ROOT/bench}/startup"
JAR="$ROOT/gc-batch/target/gc-batch.jar"
DB_USER="${DJGC_TEST_DB_USER:-djgc}"
export MYSQL_PWD="${DJGC_TEST_DB_PASSWORD:-djgc-test-pw}"
[ -x /usr/bin/time ] || { echo "bench-startup.sh needs GNU time: apt-get install -y time" >&2; exit 1; }

"$ROOT/scripts/services.sh" >/dev/null
(cd "$ROOT" && ./mvnw -B -ntp -q -DskipTests package)
rm -rf "$DIR"
mkdir -p "$DIR/store" "$DIR/cache"
mariadb -h127.0.0.1 -u"$DB_USER" -e "CREATE DATABASE IF NOT EXISTS djgc_bench_start"
trap 'mariadb -h127.0.0.1 -u"$DB_USER" -e "DROP DATABASE IF EXISTS djgc_bench_start"; rm -rf "$DIR"' EXIT
cat > "$DIR/datajoint.json" <<EOF
{"database": {"host": "127.0.0.1", "port": 3306, "user": "$DB_USER", "password": "$MYSQL_PWD"},
 "stores": {"empty": {"protocol": "file", "location": "$DIR/store"}}}
EOF
cd "$DIR"
export DJ_GC_JAR="$JAR" DJ_GC_CACHE="$DIR/cache"
REPORT=(--job=report --store=empty --schema=djgc_bench_start --format=json)
"$ROOT/scripts/dj-gc" "${REPORT[@]}" > /dev/null 2>&1 # records the archive

declare -A CASES=(
  ["--help, java -jar"]="java -jar $JAR --help"
  ["--help, scripts/dj-gc"]="$ROOT/scripts/dj-gc --help"
  ["empty report, java -jar"]="java -jar $JAR ${REPORT[*]}"
  ["empty report, scripts/dj-gc"]="$ROOT/scripts/dj-gc ${REPORT[*]}"
)
ORDER=("--help, java -jar" "--help, scripts/dj-gc" "empty report, java -jar" "empty report, scripts/dj-gc")
declare -A WALL CPU
for ((round = 1; round <= ROUNDS; round++)); do
  for name in "${ORDER[@]}"; do
    # shellcheck disable=SC2086 # the case's words are its command
    /usr/bin/time -f "%e %U %S" -o "$DIR/time" ${CASES[$name]} > /dev/null 2>&1 \
      || { echo "bench-startup.sh: '$name' failed" >&2; exit 1; }
    read -r wall user sys < "$DIR/time"
    WALL[$name]+="$wall "
    CPU[$name]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
echo "start-up, median of $ROUNDS runs each ($(nproc) cores, $(java -version 2>&1 | head -1)):"
for name in "${ORDER[@]}"; do
  printf "  %-30s wall %6.2f s   cpu %6.2f s\n" "$name" "$(median <<< "${WALL[$name]}")" "$(median <<< "${CPU[$name]}")"
done
