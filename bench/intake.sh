#!/usr/bin/env bash
# Durable single-item intake against GET /health on the same server, in the same run.
# Usage: bench/intake.sh [seconds]   (release build; wrk from Debian's packages)
source "$(dirname "$0")/common.sh"
SECONDS_EACH=${1:-15}
prepare_database
start_server
trap 'stop_server; rm -rf "$WORK"' EXIT
# The alarm receiver is not running: alarms pile up as retries, which is work the server does during the run too.
echo "== GET /health"
wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency "http://127.0.0.1:$PORT/health" | grep -E "Requests/sec|50%|99%|Non-2xx"
echo "== POST /v1/feedback"
TOKEN=$TOKEN wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency -s "$(dirname "$0")/intake.lua" "http://127.0.0.1:$PORT/v1/feedback" | grep -E "Requests/sec|50%|99%|Non-2xx"
echo "== stored"
python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print("feedback", db.execute("select count(*) from feedback").fetchone()[0], "cases", db.execute("select count(*) from cases").fetchone()[0])
PY
