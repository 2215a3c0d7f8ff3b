#!/usr/bin/env bash
# Runs one benchmark script against two builds in turn, several rounds, so both meet the same machine at the same
# time of the run: compare the builds within each round.
# Usage: bench/alternate.sh ROUNDS BEFORE_BINARY AFTER_BINARY SCRIPT [ARGS...]
#   e.g. bench/alternate.sh 3 /path/to/before/amends .build/release/amends bench/intake.sh 15
set -euo pipefail
rounds=$1
before=$2
after=$3
script=$4
shift 4
for round in $(seq 1 "$rounds"); do
    for build in before after; do
        binary=$before
        [ "$build" = after ] && binary=$after
        echo "### round $round, $build ($binary)"
        AMENDS=$binary PORT=$((8099 + round)) bash "$script" "$@"
    done
done
