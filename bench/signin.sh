#!/usr/bin/env bash
# Sign-in flooding: GET /health and durable intake, each alone and then while 200 connections keep sending
# wrong-password sign-ins for one account, on the same server in the same run.
# Usage: bench/signin.sh [seconds]   (AMENDS=path/to/amends to measure another build)
source "$(dirname "$0")/common.sh"
SECONDS_EACH=${1:-10}
prepare_database
ID=$("$AMENDS" staff add --name "Inês Costa" --email ines@example.com --database "$DB" | awk '/^Added/ {print $(NF-3)}' | tr -d ',')
echo "harbour-lights-42" | "$AMENDS" staff password "$ID" --database "$DB" >/dev/null
start_server
trap 'stop_server; rm -rf "$WORK"' EXIT
measure() {
    echo "== $1"
    wrk -t1 -c16 -d"${SECONDS_EACH}s" --latency "http://127.0.0.1:$PORT/health" | grep -E "Requests/sec|99%|Non-2xx|Socket errors" | sed 's/^/  health: /' &
    local health=$!
    TOKEN=$TOKEN wrk -t1 -c16 -d"${SECONDS_EACH}s" --latency -s "$BENCH/intake.lua" "http://127.0.0.1:$PORT/v1/feedback" | grep -E "Requests/sec|99%|Non-2xx|Socket errors" | sed 's/^/  intake: /' &
    local intake=$!
    if [ "$2" = flood ]; then
        wrk -t1 -c200 -d"${SECONDS_EACH}s" --timeout 30s -s "$BENCH/signin.lua" "http://127.0.0.1:$PORT/v1/sessions" | grep -E "Requests/sec|sign-ins answered|Socket errors" | sed 's/^/  sign-ins: /' &
        local flood=$!
        wait $flood
    fi
    wait $health $intake
}
measure "health and intake alone" quiet
measure "health and intake during 200 concurrent wrong-password sign-ins" flood
