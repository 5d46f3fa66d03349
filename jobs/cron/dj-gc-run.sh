#!/usr/bin/env bash
# dj-gc-run.sh: runs one dj-gc job for a scheduler (cron, systemd, a Kubernetes CronJob), logs its
# output with timestamps, and restarts a failed run once by its execution id.
#
#   dj-gc-run.sh JOB [OPTION ...]
#
#   JOB     quarantine, purge, report, stats, verify, ... (passed as --job=JOB)
#   OPTION  more options for gc-batch.jar, e.g. --force or --gc.max-candidates=100000
#
# Environment (cron: put it in DJGC_ENV_FILE; systemd: EnvironmentFile=/etc/dj-gc/env):
#   DJGC_ENV_FILE     a KEY=VALUE file read first (by bash, so keep it to plain assignments)
#   DJGC_HOME         directory the jar runs in (default /opt/dj-gc). datajoint.json is searched
#                     upward from here, exactly as DataJoint does, with .secrets/ beside it;
#                     Spring reads application.yml from here or ./config/.
#   DJGC_JAR          the jar (default $DJGC_HOME/gc-batch.jar)
#   DJGC_STORE        the store (default: the jar's, stores.default)
#   DJGC_SCHEMAS      schemas, comma- or space-separated, or the word --all-schemas
#                     (used by report, quarantine, purge and collect)
#   DJGC_DJ_CONFIG    an explicit datajoint.json (instead of the upward search)
#   DJGC_METRICS_DIR  node_exporter's textfile directory: the jar writes
#                     $DJGC_METRICS_DIR/dj-gc-JOB-STORE.prom at the end of each run
#   DJGC_LOG_FORMAT   text (default) or json: the jar's log format on stderr
#   DJGC_LOG_FILE     where to log (appended, one timestamp per line); default
#                     /var/log/dj-gc/dj-gc-JOB.log; '-' means stderr without timestamps
#                     (journald and Kubernetes add their own)
#   DJGC_RESTART_DELAY  seconds to wait before restarting a failed run (default 30)
#   JAVA_HOME         the Java 17+ runtime (default: java on PATH)
#   JAVA_OPTS         JVM options, e.g. "-Xmx2g"
#
# Exit status: the jar's exit code (of the restart, when there was one), the scheduler contract:
#   0  done
#   1  done with per-object errors (failed moves or deletes, conflicts): the report names each one
#   2  usage or configuration error, nothing ran (also: this script's own settings are wrong)
#   3  refused by a safety gate: nothing was moved or deleted; never retried, a person must look
#   4  another run holds the store's lock: nothing ran; the next scheduled run tries again
#   5  failed: restartable with --restart=<jobExecutionId>; this script restarts it once itself
#   other  the JVM was killed by a signal (128+n) or could not start
set -uo pipefail

readonly ME=dj-gc-run

usage() {
  echo "usage: $ME JOB [OPTION ...]   (JOB: quarantine, purge, report, stats, verify, ...)" >&2
  exit 2
}

[[ $# -ge 1 ]] || usage
job=$1
shift
[[ $job =~ ^[a-z]+$ ]] || usage
extra=("$@")

if [[ -n ${DJGC_ENV_FILE:-} ]]; then
  if [[ ! -r $DJGC_ENV_FILE ]]; then
    echo "$ME: cannot read DJGC_ENV_FILE=$DJGC_ENV_FILE" >&2
    exit 2
  fi
  set -a
  # shellcheck source=/dev/null
  . "$DJGC_ENV_FILE"
  set +a
fi

home=${DJGC_HOME:-/opt/dj-gc}
jar=${DJGC_JAR:-$home/gc-batch.jar}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
store=${DJGC_STORE:-}
restart_delay=${DJGC_RESTART_DELAY:-30}
log_file=${DJGC_LOG_FILE:-/var/log/dj-gc/dj-gc-$job.log}
read -r -a java_opts <<<"${JAVA_OPTS:-}"

# One line per output line; with a log file, each gets a timestamp and the job's name.
stamp() {
  local line
  while IFS= read -r line || [[ -n $line ]]; do
    printf '%(%Y-%m-%dT%H:%M:%S%z)T [%s] %s\n' -1 "$job" "$line"
  done
}

emit() {
  if [[ $log_file == - ]]; then
    cat >&2
  else
    stamp >>"$log_file"
  fi
}

log() {
  printf '%s: %s\n' "$ME" "$*" | emit
}

if [[ $log_file != - ]]; then
  mkdir -p "$(dirname "$log_file")" 2>/dev/null
  if ! { : >>"$log_file"; } 2>/dev/null; then
    echo "$ME: cannot write $log_file; logging to stderr instead" >&2
    log_file=-
  fi
fi

explain() {
  case $1 in
    0) echo "done" ;;
    1) echo "done with per-object errors: the report above names each object" ;;
    2) echo "usage or configuration error: nothing ran; fix the named flag, setting or connection" ;;
    3) echo "refused by a safety gate: nothing was moved or deleted; not retried (read the findings and scan errors above)" ;;
    4) echo "another run holds the store's lock: nothing ran; the next scheduled run tries again" ;;
    5) echo "failed: restartable with --restart=<jobExecutionId>" ;;
    *) echo "unexpected exit status (the JVM was killed by a signal or could not start)" ;;
  esac
}

fail_setup() {
  log "$*"
  [[ $log_file == - ]] || echo "$ME: $job: $* (see $log_file)" >&2
  exit 2
}

[[ -d $home ]] || fail_setup "DJGC_HOME=$home is not a directory"
[[ -r $jar ]] || fail_setup "cannot read the jar $jar (set DJGC_JAR)"
[[ $restart_delay =~ ^[0-9]+$ ]] || fail_setup "DJGC_RESTART_DELAY must be a number of seconds, got '$restart_delay'"
cd "$home" || fail_setup "cannot enter DJGC_HOME=$home"

# Options of every run, the first one and its restart alike.
common=()
[[ -z ${DJGC_DJ_CONFIG:-} ]] || common+=("--dj-config=$DJGC_DJ_CONFIG")
[[ -z ${DJGC_LOG_FORMAT:-} ]] || common+=("--log-format=$DJGC_LOG_FORMAT")
if [[ -n ${DJGC_METRICS_DIR:-} ]]; then
  store_tag=${store:-default}
  common+=("--metrics-file=$DJGC_METRICS_DIR/dj-gc-$job-${store_tag//[^A-Za-z0-9_-]/_}.prom")
fi

args=("--job=$job")
[[ -z $store ]] || args+=("--store=$store")
case $job in
  report | quarantine | purge | collect)
    if [[ ${DJGC_SCHEMAS:-} == --all-schemas ]]; then
      args+=(--all-schemas)
    elif [[ -n ${DJGC_SCHEMAS:-} ]]; then
      schemas=${DJGC_SCHEMAS//[[:space:]]/,}
      args+=("--schema=$schemas")
    fi
    ;;
esac

# A restart takes its job, store, schemas and --force from the failed execution; only settings
# (--gc.KEY=..., --spring.KEY=...) are passed again.
restart_extra=()
for option in "${extra[@]}"; do
  name=${option%%=*}
  [[ $name != *.* ]] || restart_extra+=("$option")
done

# The jar writes the id of the execution it starts here (--execution-id-file), before any step runs.
idfile=$(mktemp "${TMPDIR:-/tmp}/dj-gc-run-id.XXXXXX") || fail_setup "cannot create a temporary file"
trap 'rm -f "$idfile"' EXIT

# Runs the jar with the given options; its stdout and stderr go to the log.
run_jar() {
  : >"$idfile"
  log "running: $java ${java_opts[*]:+${java_opts[*]} }-jar $jar $* (in $home)"
  "$java" "${java_opts[@]}" -jar "$jar" "$@" --execution-id-file="$idfile" </dev/null 2>&1 | emit
  rc=${PIPESTATUS[0]}
  log "exit $rc: $(explain "$rc")"
}

# The execution id to restart: the one the jar wrote to --execution-id-file as it started (empty
# when it failed before starting one).
restart_id() {
  local id
  id=$(tr -dc '0-9' <"$idfile")
  printf '%s' "$id"
}

run_jar "${args[@]}" "${common[@]}" "${extra[@]}"

case $rc in
  3)
    log "$job was refused by a safety gate: nothing was moved or deleted; not retrying"
    ;;
  5)
    id=$(restart_id)
    if [[ -z $id ]]; then
      log "$job failed before an execution id was printed; nothing to restart (the next scheduled run starts afresh)"
    else
      log "$job execution $id failed; restarting it once with --restart=$id in ${restart_delay}s"
      sleep "$restart_delay"
      run_jar "--restart=$id" "${common[@]}" "${restart_extra[@]}"
      if [[ $rc -eq 5 ]]; then
        id=$(restart_id)
        log "the restart failed too; not retrying again. Restart it by hand: java -jar $jar --restart=${id:-<jobExecutionId>} (in $home)"
      elif [[ $rc -eq 3 ]]; then
        log "the restart was refused by a safety gate: nothing was moved or deleted; not retrying"
      fi
    fi
    ;;
esac

# With a log file, cron mails whatever is printed: one line per unsuccessful run.
if [[ $rc -ne 0 && $log_file != - ]]; then
  echo "$ME: $job exited $rc: $(explain "$rc") (see $log_file)" >&2
fi
exit "$rc"
