#!/usr/bin/env bash
# Measures the report job against the plain cost of its inputs.
#
#   scripts/bench.sh [N]                  N stored objects (default 100000), 10% orphaned, N rows
#   scripts/bench.sh --backend=s3 [N]     the same pipeline in an S3 bucket (see below)
#   scripts/bench.sh --backend=s3 --latency-ms=20 [N]   ... with 20 ms added to every S3 request
#
# Prints: wall time, objects per second and peak RSS of `report` (with a fixed -Xmx to show the
# heap does not grow with N), next to `find` over the same sections and a plain SELECT of the same
# JSON columns; then `report` with its scan cut into 16 partitions (gc.partitions), run by 1, 2
# and 4 threads of the job's process and by 1 and 2 worker processes over RabbitMQ (--worker, one
# partition at a time each, started before the timed run); then quarantine and purge of the orphans
# (the clock shifted past min-age and grace).
# Pipelines are kept in ./bench/nN and reused until a purge consumed their orphans. The shifted
# clock is a test hook (gc.testing.clock-offset), so those runs pass the test switch -Ddjgc.testing=true.
# Env: BENCH_HEAP (default 256m).
#
# --backend=s3 starts S3Proxy (gc-devtools `s3proxy`, filesystem blob store in ./bench/s3-nN/s3data)
# in the background on a free port, writes the same pipeline into bucket djgc-bench (location
# dj/bench, store `bench` with protocol s3), and times report, quarantine (P2D) and purge (P10D) of
# the jar against it: objects per second and the S3 requests each run issued, per operation. The
# requests are counted by S3Proxy itself (its Prometheus endpoint on a second free port, read
# before and after each run), so they are exactly what the jar sent, retries included. Then, for
# the ratio, the upstream pattern on the same server: one HeadObject + one DeleteObject per object,
# sequentially, for as many objects as there are orphans (gc-devtools `s3-delete-loop`). The S3
# pipeline is regenerated on every run (a purge consumes its orphans).
# --latency-ms=N puts gc-devtools `latency-proxy` (a TCP proxy that holds back the first bytes of
# each HTTP request N ms, as a distant endpoint's round trip would) between the jobs and S3Proxy;
# the upstream loop goes through it too. Requests are still counted by S3Proxy.
# --partitions=P [--partition-threads=T] runs the local quarantine and purge with their scan, moves
# and deletes in P partitions on T threads (default 2) of the job's process (spec §4.6d); compare
# with a run without it (each run regenerates the pipeline, since a purge consumes its orphans).
# The local run also times the plain-tool limit of quarantine and purge: one python3 process doing
# the system calls of the same moves (the target's directories, link, unlink, then an rmdir of each
# emptied directory) and then of the deletes (unlink, rmdir), over hard-linked copies of the
# quarantined files in the same directory layout, on the same file system.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BACKEND=local
LATENCY=0
ARGS=()
PARTS=()
for arg in "$@"; do
  case "$arg" in
    --backend=local|--backend=s3) BACKEND="${arg#--backend=}" ;;
    --latency-ms=*) LATENCY="${arg#--latency-ms=}"
      [[ "$LATENCY" =~ ^[0-9]+$ ]] || { echo "bench.sh: --latency-ms needs a whole number of milliseconds, got '$LATENCY'" >&2; exit 2; } ;;
    --partitions=*|--partition-threads=*) [[ "${arg#*=}" =~ ^[0-9]+$ ]] \
        || { echo "bench.sh: ${arg%%=*} needs a whole number, got '${arg#*=}'" >&2; exit 2; }
      PARTS+=("--gc.${arg#--}") ;;
    --backend=*) echo "bench.sh: unknown backend '${arg#--backend=}' (local or s3)" >&2; exit 2 ;;
    *) ARGS+=("$arg") ;;
  esac
done
set -- ${ARGS[@]+"${ARGS[@]}"}
N="${1:-100000}"
HEAP="${BENCH_HEAP:-256m}"
DIR="${DJGC_BENCH_DIR:-$ROOT/bench}/n$N"
DB_USER="${DJGC_TEST_DB_USER:-djgc}"
export MYSQL_PWD="${DJGC_TEST_DB_PASSWORD:-djgc-test-pw}"
[ -x /usr/bin/time ] || { echo "bench.sh needs GNU time: apt-get install -y time" >&2; exit 1; }

"$ROOT/scripts/services.sh" >/dev/null
(cd "$ROOT" && ./mvnw -B -ntp -q -DskipTests package)

# report with the scan in 16 partitions: on 1, 2 and 4 threads of the job's process, then on 1 and 2
# --worker processes (one partition at a time each, warm before the timed run). Run in the pipeline's
# directory; $1 is the jar, $2 the orphans a whole report found. Prints one line per run; fails when
# a run finds other orphans.
scale_out() {
  local jar="$1" expected="$2" T W i s kb ms found queue="djgc.bench.$$" lines=""
  one_report() { # label, arguments...
    /usr/bin/time -f "%e %M" -o "$DIR/time.txt" java -Xmx"$HEAP" -jar "$jar" --job=report --store=bench \
      --schema=djgc_bench --gc.work-dir="$DIR/work" "${@:2}" >"$DIR/scale.txt" 2>"$DIR/scale.log" \
      || { echo "bench.sh: report ($1) failed, see $DIR/scale.log" >&2; exit 1; }
    read -r s kb <"$DIR/time.txt"
    ms=$(sed -n 's/.*execution [0-9]* ended COMPLETED.* in \([0-9]*\) ms.*/\1/p' "$DIR/scale.log" | tail -1)
    found=$(sed -n 's/^orphaned files: \([0-9]*\).*/\1/p' "$DIR/scale.txt")
    [ "${found:-}" = "$expected" ] || { echo "bench.sh: report ($1) found '${found:-}' orphans, expected $expected" >&2; exit 1; }
    lines+=$(awk -v n="$N" -v l="$1" -v s="$s" -v m="${ms:-0}" -v k="$kb" 'BEGIN { printf "report, 16 partitions, %-20s %7.2f s  %8.0f objects/s  job alone %7.2f s  %8.0f objects/s  peak RSS %6.1f MB", l ":", s, n / s, m / 1000, (m > 0 ? n / (m / 1000) : 0), k / 1024 }')$'\n'
  }
  for T in 1 2 4; do
    one_report "$T thread(s)" --gc.partitions=16 --gc.partition-threads="$T"
  done
  for W in 1 2; do
    local pids=()
    for i in $(seq 1 "$W"); do
      java -Xmx"$HEAP" -jar "$jar" --worker --gc.remote.queue="$queue" --gc.partition-threads=1 \
        --gc.work-dir="$DIR/work-w$i" >"$DIR/worker-$i.log" 2>&1 &
      pids+=($!)
    done
    for i in $(seq 1 "$W"); do
      for _ in $(seq 1 600); do grep -q "Worker taking partitions" "$DIR/worker-$i.log" && break; sleep 0.1; done
      grep -q "Worker taking partitions" "$DIR/worker-$i.log" || { cat "$DIR/worker-$i.log" >&2; echo "bench.sh: worker $i did not start" >&2; exit 1; }
    done
    one_report "$W remote worker(s)" --remote-partitions=16 --gc.remote.queue="$queue" --gc.remote.poll-interval=PT0.2S
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  done
  { command -v rabbitmqctl >/dev/null 2>&1 && rabbitmqctl -q delete_queue "$queue" >/dev/null 2>&1; } || true
  printf "%s" "$lines"
}

if [ "$BACKEND" = s3 ]; then
  DIR="${DJGC_BENCH_DIR:-$ROOT/bench}/s3-n$N"
  BUCKET=djgc-bench
  free_port() { # a port nothing listens on (probed with bash's /dev/tcp), other than $1
    local port
    for _ in $(seq 1 100); do
      port=$((30000 + RANDOM % 30000))
      [ "$port" != "${1:-}" ] || continue
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
    done
    echo "bench.sh: no free port found" >&2; return 1
  }
  requests() { # S3 requests served so far, per operation: "operation count server_seconds" lines, sorted
    local body
    body=$(exec 3<>"/dev/tcp/127.0.0.1/$MPORT" && printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 \
      && cat <&3) || { echo "bench.sh: cannot read S3Proxy metrics on port $MPORT" >&2; return 1; }
    printf '%s\n' "$body" | tr -d '\r' | awk '/^http_server_request_duration_seconds_(count|sum)\{/ {
      if (match($0, /s3_operation="[^"]*"/)) { op = substr($0, RSTART + 14, RLENGTH - 15)
        if ($0 ~ /_count\{/) n[op] += $NF; else t[op] += $NF } }
      END { for (op in n) printf "%s %d %.3f\n", op, n[op], t[op] }' | sort
  }
  delta() { # before-file after-file [op,op...]: "total server_seconds op=count ..." of the requests in between
    awk -v only=",${3:-}," 'NR == FNR { before[$1] = $2; busy[$1] = $3; next }
      { d = $2 - before[$1]; if (d > 0 && (only == ",," || index(only, "," $1 ","))) {
          total += d; seconds += $3 - busy[$1]; ops = ops " " $1 "=" d } }
      END { printf "%d %.2f%s\n", total, seconds, ops }' "$1" "$2"
  }
  rm -rf "$DIR"
  mkdir -p "$DIR/jars"
  # run copies: a build replacing target/*.jar during a long run would break its class loading
  cp "$ROOT/gc-batch/target/gc-batch.jar" "$ROOT/gc-devtools/target/gc-devtools.jar" "$DIR/jars/"
  GCJAR="$DIR/jars/gc-batch.jar"
  DEVTOOLS="$DIR/jars/gc-devtools.jar"
  PORT=$(free_port)
  MPORT=$(free_port "$PORT")
  : >"$DIR/s3proxy.log"
  java -jar "$DEVTOOLS" s3proxy "$PORT" "$DIR/s3data" "$MPORT" >"$DIR/s3proxy.log" 2>&1 &
  S3PID=$!
  trap 'kill "$S3PID" 2>/dev/null || true; wait "$S3PID" 2>/dev/null || true' EXIT
  for _ in $(seq 1 300); do
    grep -q "S3Proxy listening" "$DIR/s3proxy.log" && break
    kill -0 "$S3PID" 2>/dev/null || { cat "$DIR/s3proxy.log" >&2; echo "bench.sh: S3Proxy did not start" >&2; exit 1; }
    sleep 0.2
  done
  grep -q "S3Proxy listening" "$DIR/s3proxy.log" || { echo "bench.sh: S3Proxy did not start in 60 s" >&2; exit 1; }
  ENDPOINT="127.0.0.1:$PORT"
  echo "== S3Proxy (pid $S3PID) on $ENDPOINT, data in $DIR/s3data; generating $N objects in bucket $BUCKET"
  /usr/bin/time -f "   generated in %e s" java -jar "$DEVTOOLS" bench-s3 "$N" "$ENDPOINT" "$BUCKET" "$DIR"
  if [ "$LATENCY" -gt 0 ]; then
    LPORT=$(free_port "$PORT")
    java -jar "$DEVTOOLS" latency-proxy "$LPORT" "$ENDPOINT" "$LATENCY" >"$DIR/latency-proxy.log" 2>&1 &
    LPID=$!
    trap 'kill "$S3PID" "$LPID" 2>/dev/null || true; wait "$S3PID" "$LPID" 2>/dev/null || true' EXIT
    for _ in $(seq 1 100); do grep -q "latency proxy listening" "$DIR/latency-proxy.log" && break; sleep 0.1; done
    grep -q "latency proxy listening" "$DIR/latency-proxy.log" || { echo "bench.sh: latency proxy did not start" >&2; exit 1; }
    sed -i "s/\"endpoint\": \"$ENDPOINT\"/\"endpoint\": \"127.0.0.1:$LPORT\"/" "$DIR/datajoint.json"
    ENDPOINT="127.0.0.1:$LPORT"
    echo "== $LATENCY ms added to every request by a latency proxy on $ENDPOINT"
  fi

  mariadb -h127.0.0.1 -u"$DB_USER" -e "DELETE FROM datajoint_gc.gc_quarantine WHERE store = 'bench'" 2>/dev/null || true
  cd "$DIR"
  run_s3() { # job, clock offset: prints "seconds peak_kb job_ms requests..."
    requests >"$DIR/$1.before"
    /usr/bin/time -f "%e %M" -o "$DIR/time.txt" java -Xmx"$HEAP" -Ddjgc.testing=true -jar "$GCJAR" \
      --job="$1" --store=bench --schema=djgc_bench --gc.work-dir="$DIR/work" --gc.testing.clock-offset="$2" "${@:3}" \
      >"$DIR/$1.txt" 2>"$DIR/$1.log" || echo "bench.sh: $1 exited $? (see $DIR/$1.log)" >&2
    requests >"$DIR/$1.after"
    local ms
    ms=$(sed -n "s/.*execution [0-9]* ended [A-Z]*.* in \([0-9]*\) ms.*/\1/p" "$DIR/$1.log" | tail -1)
    echo "$(tail -1 "$DIR/time.txt") ${ms:-0} $(delta "$DIR/$1.before" "$DIR/$1.after")"
  }
  read -r r_s r_kb r_ms r_req r_srv r_ops < <(run_s3 report PT0S)
  orphans=$(sed -n 's/^orphaned files: \([0-9]*\).*/\1/p' "$DIR/report.txt")
  [ "${orphans:-0}" = "$((N / 10))" ] || { echo "bench.sh: report found '${orphans:-}' orphans, expected $((N / 10))" >&2; exit 1; }
  ranges=$(scale_out "$GCJAR" "${orphans:-0}")
  read -r q_s q_kb q_ms q_req q_srv q_ops < <(run_s3 quarantine P2D)
  quarantined=$(sed -n 's/^ *quarantined  *//p' "$DIR/quarantine.txt")
  read -r p_s p_kb p_ms p_req p_srv p_ops < <(run_s3 purge P10D)
  purged=$(sed -n 's/^ *purged  *//p' "$DIR/purge.txt")
  left=$( (find "$DIR/s3data/$BUCKET/dj/bench/_trash" -type f 2>/dev/null || true) | wc -l)

  requests >"$DIR/loop.before"
  java -jar "$DEVTOOLS" s3-delete-loop "${orphans:-0}" "$ENDPOINT" "$BUCKET" >"$DIR/loop.txt" 2>"$DIR/loop.log"
  requests >"$DIR/loop.after"
  read -r l_req l_srv l_ops < <(delta "$DIR/loop.before" "$DIR/loop.after" HeadObject,DeleteObject)
  l_s=$(sed -n 's/.*loop_seconds=\([0-9.]*\).*/\1/p' "$DIR/loop.txt")
  l_n=$(sed -n 's/.*loop_objects=\([0-9]*\).*/\1/p' "$DIR/loop.txt")

  awk -v n="$N" -v heap="$HEAP" -v orphans="${orphans:-0}" -v ep="$ENDPOINT" \
      -v rs="$r_s" -v rk="$r_kb" -v rm="$r_ms" -v rq="$r_req" -v rv="$r_srv" -v ro="$r_ops" \
      -v q="${quarantined:-0}" -v qs="$q_s" -v qk="$q_kb" -v qm="$q_ms" -v qq="$q_req" -v qv="$q_srv" -v qo="$q_ops" \
      -v p="${purged:-0}" -v ps="$p_s" -v pk="$p_kb" -v pm="$p_ms" -v pq="$p_req" -v pv="$p_srv" -v po="$p_ops" \
      -v left="$left" -v lat="$LATENCY" -v ls="$l_s" -v ln="$l_n" -v lq="$l_req" -v lv="$l_srv" -v lo="$l_ops" \
      -v ranges="$ranges" 'BEGIN {
    printf "S3: N=%d objects, %d rows in bucket djgc-bench (location dj/bench) on S3Proxy %s, %d ms added per request; report found %s orphans (expected %d)\n", n, n, ep, lat, orphans, n / 10
    printf "report     (java -Xmx%s -jar, incl. JVM start): %7.2f s  %8.0f objects/s  job alone %7.2f s  %8.0f objects/s  peak RSS %6.1f MB\n", heap, rs, n / rs, rm / 1000, (rm > 0 ? n / (rm / 1000) : 0), rk / 1024
    printf "           S3 requests: %d, %.2f s inside S3Proxy (%s)\n", rq, rv, ro
    printf "%s\n", ranges
    printf "quarantine: %d objects moved   in %7.2f s  %8.0f objects/s  job alone %7.2f s  %8.0f objects/s  peak RSS %6.1f MB\n", q, qs, q / qs, qm / 1000, (qm > 0 ? q / (qm / 1000) : 0), qk / 1024
    printf "           S3 requests: %d = %.1f per moved object, %.2f s inside S3Proxy (%s)\n", qq, (q > 0 ? qq / q : 0), qv, qo
    printf "purge:      %d objects deleted in %7.2f s  %8.0f objects/s  job alone %7.2f s  %8.0f objects/s  peak RSS %6.1f MB (%d left in trash)\n", p, ps, p / ps, pm / 1000, (pm > 0 ? p / (pm / 1000) : 0), pk / 1024, left
    printf "           S3 requests: %d = %.1f per deleted object, %.2f s inside S3Proxy (%s)\n", pq, (p > 0 ? pq / p : 0), pv, po
    printf "upstream loop (HeadObject + DeleteObject per object, sequential, one warm SDK client): %d objects in %7.2f s  %8.0f objects/s\n", ln, ls, (ls > 0 ? ln / ls : 0)
    printf "           S3 requests: %d = %.1f per object, %.2f s inside S3Proxy (%s)\n", lq, (ln > 0 ? lq / ln : 0), lv, lo
    printf "ratio purge / upstream loop: %.2f (whole process)  %.2f (job alone); requests %.2f\n", (ls > 0 ? ps / ls : 0), (ls > 0 ? pm / 1000 / ls : 0), (lq > 0 ? pq / lq : 0)
    printf "ratio quarantine / upstream loop: %.2f (whole process)  %.2f (job alone); requests %.2f\n", (ls > 0 ? qs / ls : 0), (ls > 0 ? qm / 1000 / ls : 0), (lq > 0 ? qq / lq : 0)
  }'
  [ "${orphans:-0}" = "$((N / 10))" ] || { echo "unexpected orphan count" >&2; exit 1; }
  [ "${quarantined:-0}" = "$((N / 10))" ] && [ "${purged:-0}" = "$((N / 10))" ] || { echo "unexpected quarantine/purge counts" >&2; exit 1; }
  exit 0
fi

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
orphans=$(sed -n 's/^orphaned files: \([0-9]*\).*/\1/p' "$DIR/report.txt")

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
scale_out "$ROOT/gc-batch/target/gc-batch.jar" "$orphans"

mariadb -h127.0.0.1 -u"$DB_USER" -e "DELETE FROM datajoint_gc.gc_quarantine WHERE store = 'bench'" 2>/dev/null || true
run_job() { # job, clock offset: prints "seconds peak_kb"
  /usr/bin/time -f "%e %M" -o "$DIR/time.txt" java -Xmx"$HEAP" -Ddjgc.testing=true -jar "$ROOT/gc-batch/target/gc-batch.jar" \
    --job="$1" --store=bench --schema=djgc_bench --gc.work-dir="$DIR/work" --gc.testing.clock-offset="$2" \
    ${PARTS[@]+"${PARTS[@]}"} >"$DIR/$1.txt" 2>"$DIR/$1.log"
  cat "$DIR/time.txt"
}
touch "$DIR/consumed"
read -r q_s q_kb < <(run_job quarantine P2D)
quarantined=$(sed -n 's/^ *quarantined  *//p' "$DIR/quarantine.txt")
# the plain-tool limit on the same files: hard-linked copies of the quarantined files, moved and then
# deleted by one process with the same system calls, directories included
PLAIN="$DIR/plain"
rm -rf "$PLAIN"
mkdir -p "$PLAIN"
cp -al "$DIR/store/_trash" "$PLAIN/from"
read -r plain_n plain_mv plain_rm < <(python3 - "$PLAIN" <<'PY'
import os, sys, time
root = sys.argv[1]
source = os.path.join(root, "from")
files = [os.path.relpath(os.path.join(d, f), source) for d, _, names in os.walk(source) for f in names]

def prune(top, paths):  # each emptied directory once, deepest first, as dj-gc does
    dirs = {os.path.dirname(p) for p in paths}
    for p in list(dirs):
        while p:
            p = os.path.dirname(p)
            dirs.add(p)
    for d in sorted((d for d in dirs if d), key=lambda d: -d.count("/")):
        try:
            os.rmdir(os.path.join(top, d))
        except OSError:
            pass

start = time.monotonic()
made = set()
for f in files:  # a move into the trash: the target's directories, link, unlink
    directory = os.path.dirname(f)
    if directory not in made:
        os.makedirs(os.path.join(root, "to", directory), exist_ok=True)
        made.add(directory)
    os.link(os.path.join(source, f), os.path.join(root, "to", f))
    os.unlink(os.path.join(source, f))
prune(source, files)
mv = time.monotonic() - start
start = time.monotonic()
for f in files:
    os.unlink(os.path.join(root, "to", f))
prune(os.path.join(root, "to"), files)
print(len(files), mv, time.monotonic() - start)
PY
)
rm -rf "$PLAIN"
read -r p_s p_kb < <(run_job purge P10D)
purged=$(sed -n 's/^ *purged  *//p' "$DIR/purge.txt")
remaining=$(find "$DIR/store/_trash" -type f 2>/dev/null | wc -l)
q_ms=$(sed -n 's/.*execution [0-9]* ended COMPLETED.* in \([0-9]*\) ms.*/\1/p' "$DIR/quarantine.log" | tail -1)
p_ms=$(sed -n 's/.*execution [0-9]* ended COMPLETED.* in \([0-9]*\) ms.*/\1/p' "$DIR/purge.log" | tail -1)
awk -v q="${quarantined:-0}" -v qs="$q_s" -v qk="$q_kb" -v p="${purged:-0}" -v ps="$p_s" -v pk="$p_kb" \
    -v qm="${q_ms:-0}" -v pm="${p_ms:-0}" -v pn="${plain_n:-0}" -v pmv="${plain_mv:-0}" -v prm="${plain_rm:-0}" \
    -v rest="$remaining" -v parts="${PARTS[*]:-}" 'BEGIN {
  if (parts != "") printf "quarantine and purge with %s:\n", parts
  printf "quarantine: %d objects moved in %6.2f s  %8.0f objects/s  job alone %6.2f s  %8.0f objects/s  peak RSS %6.1f MB\n", q, qs, q / qs, qm / 1000, (qm > 0 ? q / (qm / 1000) : 0), qk / 1024
  printf "purge:      %d objects deleted in %6.2f s  %8.0f objects/s  job alone %6.2f s  %8.0f objects/s  peak RSS %6.1f MB (%d left in trash)\n", p, ps, p / ps, pm / 1000, (pm > 0 ? p / (pm / 1000) : 0), pk / 1024, rest
  printf "plain-tool limit (one python3 process, same files and directories): %d moves in %6.2f s  %8.0f/s; %d deletes in %6.2f s  %8.0f/s\n", pn, pmv, (pmv > 0 ? pn / pmv : 0), pn, prm, (prm > 0 ? pn / prm : 0)
}'
[ "${quarantined:-0}" = "$((N / 10))" ] && [ "${purged:-0}" = "$((N / 10))" ] || { echo "unexpected quarantine/purge counts" >&2; exit 1; }
