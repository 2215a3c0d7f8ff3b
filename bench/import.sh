#!/usr/bin/env bash
# Bulk intake on N generated rows (default 1,000,000): `amends import` of a CSV file, and
# POST /v1/feedback/batch of the same rows as NDJSON, each into a fresh database.
source "$(dirname "$0")/common.sh"
ROWS=${1:-1000000}
python3 "$BENCH/generate.py" "$ROWS" "$WORK/rows.csv"
python3 "$BENCH/generate.py" "$ROWS" "$WORK/rows.ndjson"
echo "== amends import ($ROWS CSV rows)"
prepare_database
/usr/bin/time -f "wall %e s, max RSS %M KiB" "$AMENDS" import "$WORK/rows.csv" --channel web --database "$DB"
echo "== the same feedback rows again, by SQLite alone (the floor)"
python3 "$BENCH/floor.py" "$DB"
echo "== POST /v1/feedback/batch ($ROWS NDJSON lines, 5,000 per request, 2 connections)"
DB=$WORK/batch.sqlite
prepare_database
start_server
trap 'stop_server; rm -rf "$WORK"' EXIT
python3 "$BENCH/batch.py" "$PORT" "$TOKEN" "$WORK/rows.ndjson" 5000 2
