# Shared by the benchmark scripts: a release binary, a fresh database with the bench playbook, a server.
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
AMENDS=${AMENDS:-$ROOT/.build/release/amends}
PORT=${PORT:-8099}
WORK=$(mktemp -d /tmp/amends-bench.XXXXXX)
DB=${DB:-$WORK/bench.sqlite}
[ -x "$AMENDS" ] || { echo "build first: swift build -c release --product amends" >&2; exit 1; }
# The bench playbook's alarms go to a receiver on loopback.
export AMENDS_ALLOW_PRIVATE_WEBHOOKS=1

prepare_database() {
    "$AMENDS" playbook import "$BENCH/playbook.yaml" --database "$DB" >/dev/null
    TOKEN=$("$AMENDS" token channel web --database "$DB")
    export TOKEN
}

start_server() {
    "$AMENDS" serve --port "$PORT" --database "$DB" --no-demo >"$WORK/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "server did not start" >&2
    cat "$WORK/server.log" >&2
    exit 1
}

stop_server() {
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
}
