#!/usr/bin/env bash
# The console's live stream: CONNECTIONS (default 500) signed-in listeners on /console/events while intake runs,
# against intake alone, alternating ROUNDS times (default 2), SECONDS of intake each (default 15). See bench/live.py.
source "$(dirname "$0")/common.sh"
CONNECTIONS=${1:-500}
SECONDS_EACH=${2:-15}
ROUNDS=${3:-2}
ulimit -n 65536 2>/dev/null || ulimit -n 4096
prepare_database
MEMBER=$("$AMENDS" staff add --name "Bench Admin" --role admin --database "$DB" | sed -n 's/.*, id \([0-9a-f-]*\),.*/\1/p')
LINK=$("$AMENDS" staff link "$MEMBER" --database "$DB" | tail -n 1 | sed 's|.*/console/welcome/||')
start_server
trap 'stop_server; rm -rf "$WORK"' EXIT
python3 "$BENCH/live.py" "$PORT" "$SERVER" "$LINK" "$TOKEN" "$CONNECTIONS" "$SECONDS_EACH" "$ROUNDS"
