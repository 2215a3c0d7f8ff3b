#!/usr/bin/env bash
# The API reference stays true: schemathesis (PyPI) sends generated requests to every operation of a live server's
# /openapi.json and fails on any server error, undocumented status code or content type, or response that does not fit
# its schema.
#
#   Tests/Contract/run.sh AMENDS_BINARY DATABASE [MAX_EXAMPLES]
#
# AMENDS_CONTRACT_SEED picks another seed for the generated requests (CI keeps one, so a run can be repeated).
# DATABASE is an SQLite path or a postgres:// URL (with ?schema= for a schema of its own). Installs schemathesis into
# .build/contract-python when it is missing. Starts the server on a free loopback port with the demo playbook, runs, and
# stops the server whatever happened.
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=$1
database=$2
examples=${3:-40}

venv=.build/contract-python
if ! "$venv/bin/schemathesis" --version >/dev/null 2>&1; then
    echo "--- installing schemathesis into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check schemathesis==4.32.5 hypothesis==6.170.17 requests
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp)
# The public pages' limits per address are raised: every generated request comes from one address, and a limit
# reached early would leave the operations behind it untested (the 429 itself is documented and tested elsewhere).
LOG_LEVEL=error "$binary" serve --port "$port" --database "$database" --page-posts 1000000 --page-views 1000000 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
    grep -q "Amends is listening" "$log" && break
    kill -0 $server 2>/dev/null || { cat "$log"; echo "the server stopped"; exit 1; }
    sleep 0.1
done
admin=$(awk '/admin token:/ {print $3}' "$log")
[ -n "$admin" ] || { cat "$log"; echo "no admin token was printed (the database must be new)"; exit 1; }

export AMENDS_CONTRACT_URL="http://127.0.0.1:$port" AMENDS_CONTRACT_ADMIN="$admin"
export SCHEMATHESIS_HOOKS=hooks PYTHONPATH="Tests/Contract${PYTHONPATH:+:$PYTHONPATH}"
# One worker: schemathesis's generator has failed on its own (not on an answer of ours) when two threads shared it.
"$venv/bin/schemathesis" run "$AMENDS_CONTRACT_URL/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$examples" --seed "${AMENDS_CONTRACT_SEED:-20261203}" --no-color --workers 1 \
    ${AMENDS_CONTRACT_WARNINGS:+--warnings $AMENDS_CONTRACT_WARNINGS}
