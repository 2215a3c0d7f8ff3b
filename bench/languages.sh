#!/usr/bin/env bash
# The text engine on feedback in several languages, beside VADER and a TF-IDF model in the same run: zero-shot on
# every row of a labeled file, and trained on a split of it (test = rows whose id ends in 0 or 5, as in the airline
# file), with how many rows the language identification read as the file's language.
# Usage: bench/languages.sh LANGUAGE DATA_CSV   e.g. bench/languages.sh pt ../shared/data/feedback-pt.csv
# Needs a release build (AMENDS, default .build/release/amends) and pip install scikit-learn vaderSentiment.
set -euo pipefail
AMENDS=${AMENDS:-.build/release/amends}
language=$1
data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The same rows with a split column, made here at run time and never kept.
python3 - "$data" "$work/split.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    writer = csv.DictWriter(out, fieldnames=["id", "text", "failure", "split"])
    writer.writeheader()
    for row in rows:
        writer.writerow({"id": row["id"], "text": row["text"], "failure": row["failure"], "split": "test" if row["id"][-1] in "05" else "train"})
PY
report='import json, sys; d = json.load(sys.stdin); i = d.get("language_identification", {})
print("  amends %-10s %5d rows: accuracy %.4f  MCC %.4f  read as %s: %.4f  %d texts/s" % (sys.argv[1], d["rows"], d["accuracy"], d["mcc"], i.get("language", "?"), i.get("accuracy", 0), d["texts_per_second"]))'
echo "zero-shot, every row:"
"$AMENDS" evaluate --database "$work/a.sqlite" --data "$data" --zero-shot --language "$language" --json | python3 -c "$report" zero-shot
python3 "$(dirname "$0")/baselines.py" "$data"
echo "trained on the train rows, measured on the test rows:"
"$AMENDS" evaluate --database "$work/a.sqlite" --data "$work/split.csv" --zero-shot --language "$language" --json | python3 -c "$report" zero-shot
"$AMENDS" evaluate --database "$work/a.sqlite" --data "$work/split.csv" --language "$language" --json | python3 -c "$report" trained
python3 "$(dirname "$0")/baselines.py" "$work/split.csv"
