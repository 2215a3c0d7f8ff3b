#!/usr/bin/env bash
# Feedback → alarm received by a loopback webhook receiver, at a fixed rate (default 1,000 items/s for 20 s).
source "$(dirname "$0")/common.sh"
prepare_database
start_server
trap 'stop_server; rm -rf "$WORK"' EXIT
cd "$BENCH" && python3 latency.py "$PORT" "$TOKEN" "${1:-1000}" "${2:-20}"
