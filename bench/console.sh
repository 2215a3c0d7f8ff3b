#!/usr/bin/env bash
# The console's pages on a large database: N generated feedback rows imported (default 1,000,000, which open about
# 200,000 cases), then each page's server time, p50 and p95 over ROUNDS asks (default 50), on one kept-alive
# connection, and the server's memory. DB=postgres://... runs it on PostgreSQL (a schema of its own is best).
source "$(dirname "$0")/common.sh"
ROWS=${1:-1000000}
ROUNDS=${2:-50}
python3 "$BENCH/generate.py" "$ROWS" "$WORK/rows.csv"
prepare_database
echo "== importing $ROWS rows"
/usr/bin/time -f "wall %e s" "$AMENDS" import "$WORK/rows.csv" --channel web --database "$DB"
MEMBER=$("$AMENDS" staff add --name "Bench Admin" --role admin --database "$DB" | sed -n 's/.*, id \([0-9a-f-]*\),.*/\1/p')
LINK=$("$AMENDS" staff link "$MEMBER" --database "$DB" | tail -n 1 | sed 's|.*/console/welcome/||')
CASE=$("$AMENDS" case list --status new --limit 1 --database "$DB" | cut -d' ' -f1)
start_server
trap 'stop_server; rm -rf "$WORK"' EXIT
echo "== pages ($ROUNDS rounds)"
python3 "$BENCH/console.py" "$PORT" "$LINK" "$CASE" "$ROUNDS"
echo "== server memory: $(ps -o rss= -p "$SERVER") KiB resident"
