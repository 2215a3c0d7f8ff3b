#!/usr/bin/env bash
# The text engine's speed and accuracy on a labeled file, trained and zero-shot, through `amends evaluate --json`
# (it times analysis of the test rows alone, after training). Meant for bench/alternate.sh, which sets AMENDS.
# Usage: bench/text.sh DATA_CSV [--ignore-category NAME ...]   e.g. bench/text.sh ../shared/data/airline-tweets.csv --ignore-category "Can't Tell"
set -euo pipefail
AMENDS=${AMENDS:-.build/release/amends}
data=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for mode in trained zero-shot; do
    flags=()
    [ "$mode" = zero-shot ] && flags=(--zero-shot)
    "$AMENDS" evaluate --database "$work/amends.sqlite" --data "$data" "$@" ${flags[@]+"${flags[@]}"} --json 2>/dev/null |
        python3 -c 'import json, sys; d = json.load(sys.stdin); print("  %-9s %9d texts/s  accuracy %.4f  MCC %.4f" % (sys.argv[1], d["texts_per_second"], d["accuracy"], d["mcc"]))' "$mode"
done
