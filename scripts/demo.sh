#!/usr/bin/env bash
# The whole story of dj-gc on a demo pipeline this script builds itself.
#
#   scripts/demo.sh
#
# 1. starts MariaDB (scripts/services.sh) and builds the jars;
# 2. writes a DataJoint 2.x pipeline: schema djgc_demo, file store "demo" under ./demo/store, every
#    codec kind, 20 sessions of which 6 are then deleted (rows go, files stay: orphans);
# 3. runs, from ./demo where datajoint.json is found exactly as DataJoint finds it:
#    report → quarantine → a deleted session comes back while its files are quarantined → stats →
#    restore of one file → purge with a short grace (explicit override), which heals the session's
#    files and deletes the rest → stats → history.
# The demo's files are minutes old, so it overrides the safety floors explicitly
# (gc.allow-unsafe-ages=true, gc.min-object-age=PT0S, gc.clock-skew=PT0S, gc.grace-seconds=5). Never do that in production.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEMO="${DJGC_DEMO_DIR:-$ROOT/demo}"
JAR="$ROOT/gc-batch/target/gc-batch.jar"
TOOLS="$ROOT/gc-devtools/target/gc-devtools.jar"
UNSAFE=(--gc.allow-unsafe-ages=true --gc.min-object-age=PT0S --gc.clock-skew=PT0S --gc.grace-seconds=5)

"$ROOT/scripts/services.sh"
echo "== building gc-batch.jar and gc-devtools.jar"
(cd "$ROOT" && ./mvnw -B -ntp -q -DskipTests package)

echo "== writing the demo pipeline into $DEMO"
rm -rf "$DEMO"
mkdir -p "$DEMO/store"
java -jar "$TOOLS" demo "$DEMO/store" "$DEMO"
cd "$DEMO"
mariadb -h127.0.0.1 -u"${DJGC_TEST_DB_USER:-djgc}" -p"${DJGC_TEST_DB_PASSWORD:-djgc-test-pw}" \
  -e "DELETE FROM datajoint_gc.gc_quarantine WHERE store = 'demo'" 2>/dev/null || true

step() { echo; echo "== $*"; }
gc() { java -jar "$JAR" "$@" 2> >(grep -v ' INFO ' >&2); }

step "1. report: which files are orphaned (read-only)"
gc --job=report --store=demo --schema=djgc_demo

step "2. quarantine: move the orphans into _trash/ (nothing is deleted)"
gc --job=quarantine --store=demo --schema=djgc_demo "${UNSAFE[@]}"
echo "trash now holds $(find store/_trash -type f | wc -l) files"

step "3. session 8 is inserted again while its files are quarantined"
java -jar "$TOOLS" demo-reinsert "$DEMO/store" 8

step "4. stats: what is in quarantine and when it becomes due"
gc --job=stats --store=demo --gc.grace-seconds=5 --gc.allow-unsafe-ages=true

step "5. restore one file by path (an operator changed their mind)"
RESTORE=$(find store/_trash -path '*__recording/id=3/raw_*' -type f | head -1 | sed 's#^store/_trash/[^/]*/##')
gc --job=restore --store=demo --path="$RESTORE"
test -f "store/$RESTORE" && echo "restored: $RESTORE"

step "6. purge after the (demo-short) grace: heals session 8's files, deletes the rest from the trash"
sleep 6
gc --job=purge --store=demo --schema=djgc_demo "${UNSAFE[@]}"
echo "trash now holds $(find store/_trash -type f | wc -l) files"

step "7. stats and history"
gc --job=stats --store=demo
gc --job=history --store=demo --limit=6

step "8. report again: nothing orphaned but the restored file"
gc --job=report --store=demo --schema=djgc_demo | tail -4
