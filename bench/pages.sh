#!/usr/bin/env bash
# The customer pages: answers through the feedback page's HTML form against POST /v1/feedback, alternated in the same
# run (A B A B), the weight of the page a phone loads, and QR codes served against GET /health.
# Usage: bench/pages.sh [seconds]   (release build; wrk from Debian's packages)
source "$(dirname "$0")/common.sh"
SECONDS_EACH=${1:-10}
prepare_database
# The per-address limits would stop the benchmark, which sends everything from one address.
"$AMENDS" serve --port "$PORT" --database "$DB" --no-demo --page-posts 100000000 --page-views 100000000 >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'stop_server; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT"

run() { # name, then wrk's arguments
    local name=$1
    shift
    printf '%-28s ' "$name"
    wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency "$@" | awk '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {printf "%10s req/s  p50 %8s  p99 %8s  non-2xx %s\n", rps, p50, p99, bad ? bad : 0}'
}

echo "== answers: POST /v1/feedback (JSON, channel token; without and with an Idempotency-Key, which every form answer"
echo "   carries) against the feedback page's form. The database grows as it runs, which slows every writer, so the order"
echo "   turns about each round (A B C, C B A, ...) and each kind's requests are summed over the rounds."
RESULTS=$WORK/answers.txt
: >"$RESULTS"
api() { TOKEN=$TOKEN run "api (round $1)" -s "$BENCH/intake.lua" "$URL/v1/feedback" | tee -a "$RESULTS"; }
keyed() { TOKEN=$TOKEN run "api+key (round $1)" -s "$BENCH/intake-keyed.lua" "$URL/v1/feedback" | tee -a "$RESULTS"; }
form() { run "form (round $1)" -s "$BENCH/pages.lua" "$URL/f/lisbon/page" | tee -a "$RESULTS"; }
for round in 1 2 3 4; do
    if [ $((round % 2)) -eq 1 ]; then api $round; keyed $round; form $round; else form $round; keyed $round; api $round; fi
done
awk '{sum[$1] += $4} END {printf "mean req/s: api %.0f, api+key %.0f, form %.0f; form/api %.2f, form/api+key %.2f\n", sum["api"]/4, sum["api+key"]/4, sum["form"]/4, sum["form"]/sum["api"], sum["form"]/sum["api+key"]}' "$RESULTS"

echo "== page weight: what a phone loads for the feedback page (bytes, as sent)"
page=$(curl -s "$URL/f/lisbon/page" | wc -c)
css=$(curl -s "$URL/assets/customer.css" | wc -c)
js=$(curl -s "$URL/assets/feedback.js" | wc -c)
kiosk=$(curl -s "$URL/f/lisbon/web" | wc -c)
echo "feedback page: html $page + css $css = $((page + css)) bytes (no script, no font, no image; nothing from elsewhere)"
echo "kiosk page:    html $kiosk + css $css + js $js = $((kiosk + css + js)) bytes"

echo "== QR codes served (each request draws the code anew) against GET /health"
run "GET /health" "$URL/health"
run "qr svg" "$URL/v1/locations/lisbon/qr?channel=page"
run "qr png" "$URL/v1/locations/lisbon/qr?channel=page&format=png"
echo "svg $(curl -s "$URL/v1/locations/lisbon/qr?channel=page" | wc -c) bytes, png $(curl -s "$URL/v1/locations/lisbon/qr?channel=page&format=png" | wc -c) bytes"

echo "== stored"
python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print("feedback", db.execute("select count(*) from feedback").fetchone()[0], "cases", db.execute("select count(*) from cases").fetchone()[0])
PY
