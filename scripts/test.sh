#!/usr/bin/env bash
# Runs the whole build with its tests: local services first, then `./mvnw -B -ntp verify`.
# Extra arguments go to Maven, e.g. scripts/test.sh -pl gc-core -Dtest=SomeTest
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/services.sh

# exec: the script's exit code is Maven's.
exec ./mvnw -B -ntp verify "$@"
