#!/usr/bin/env bash
# Two builds of the console in turn on one large database (as bench/console.sh makes it), twice:
#   bench/console-alternate.sh DATABASE_FOLDER OLD_BINARY NEW_BINARY
#   bench/console-alternate.sh postgres://USER@HOST:PORT/DATABASE?schema=SCHEMA OLD_BINARY NEW_BINARY
# The folder holds bench.sqlite; each round starts a build's server, signs in with a new one-time link, asks every
# page 30 times (bench/console.py) and stops it. When the new build changes the schema, put a copy of the database
# as the old build left it beside it as bench-before.sqlite: the old build then runs on that copy.
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
case "$1" in
  postgres://*) DATABASE=$1; cd "$(mktemp -d /tmp/amends-bench.XXXXXX)" ;;
  *) DATABASE=bench.sqlite; cd "$1" ;;
esac
export AMENDS_ALLOW_PRIVATE_WEBHOOKS=1
OLD=$2
NEW=$3
MEMBER=$($NEW staff list --database "$DATABASE" 2>/dev/null | grep "Bench Admin" | head -1 | awk '{print $1}' || true)
if [ -z "$MEMBER" ]; then
  MEMBER=$($NEW staff add --name "Bench Admin" --role admin --database "$DATABASE" | sed -n 's/.*, id \([0-9a-f-]*\),.*/\1/p')
fi
CASE=$($NEW case list --status new --limit 1 --database "$DATABASE" | cut -d' ' -f1)
for round in 1 2; do
  for pair in "before:$OLD" "after:$NEW"; do
    name=${pair%%:*}; bin=${pair#*:}
    db=$DATABASE
    if [ "$name" = before ] && [ -f bench-before.sqlite ]; then db=bench-before.sqlite; fi
    LINK=$($bin staff link "$MEMBER" --database "$db" | tail -n 1 | sed 's|.*/console/welcome/||')
    $bin serve --port 8099 --database "$db" --no-demo > serve-$name.log 2>&1 &
    SERVER=$!
    for _ in $(seq 1 100); do curl -sf http://127.0.0.1:8099/health >/dev/null 2>&1 && break; sleep 0.1; done
    echo "== round $round, $name"
    python3 "$BENCH/console.py" 8099 "$LINK" "$CASE" 30
    echo "memory: $(ps -o rss= -p $SERVER) KiB"
    kill $SERVER; wait $SERVER 2>/dev/null || true
  done
done
