#!/usr/bin/env bash
# Runs dj-gc's main job on a demo pipeline this script builds itself.
#
#   scripts/demo.sh
#
# 1. starts MariaDB (scripts/services.sh), 2. builds the jars, 3. writes a DataJoint 2.x pipeline
# (schema djgc_demo, file store "demo" under ./demo/store, every codec kind, 20 sessions of which
# 6 are deleted, so the store holds live and orphaned files), 4. runs the read-only report from
# ./demo, where datajoint.json is found exactly as DataJoint finds it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEMO="${DJGC_DEMO_DIR:-$ROOT/demo}"

"$ROOT/scripts/services.sh"
echo "== building gc-batch.jar and gc-devtools.jar"
(cd "$ROOT" && ./mvnw -B -ntp -q -DskipTests package)

echo "== writing the demo pipeline into $DEMO"
rm -rf "$DEMO"
mkdir -p "$DEMO/store"
java -jar "$ROOT/gc-devtools/target/gc-devtools.jar" demo "$DEMO/store" "$DEMO"

echo "== java -jar gc-batch.jar --job=report --store=demo --schema=djgc_demo"
cd "$DEMO"
set +e
java -jar "$ROOT/gc-batch/target/gc-batch.jar" --job=report --store=demo --schema=djgc_demo
code=$?
set -e
echo "== report exited with $code (0 = done; see --help for the exit codes)"
echo "   JSON for machines: (cd $DEMO && java -jar $ROOT/gc-batch/target/gc-batch.jar --job=report --store=demo --schema=djgc_demo --format=json)"
exit "$code"
