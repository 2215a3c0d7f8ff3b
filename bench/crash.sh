#!/usr/bin/env bash
# kill -9 the server during sustained intake, restart it, and count what survived.
source "$(dirname "$0")/common.sh"
prepare_database
trap 'rm -rf "$WORK"' EXIT
python3 "$BENCH/crash.py" "$AMENDS" "$DB" "$PORT" "$TOKEN" "${1:-3}"
