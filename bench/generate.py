"""Writes N generated feedback rows as CSV or NDJSON for the import benchmarks (deterministic).
Usage: generate.py N FILE   (.csv or .ndjson)"""
import json
import random
import sys

TEXTS = [
    ("Lovely stay, friendly staff and a great breakfast", 9),
    ("Quick check-in, no problem at all", 10),
    ("The room was not dirty, just a bit small", 8),
    ("Great location, would come back", 9),
    ("Average stay, nothing special", 7),
    ("The bathroom was dirty and the towels had stains", 3),
    ("Hair in the shower, the room was not clean", 2),
    ("Nothing to complain about", 8),
    ("The staff went out of their way for us", 10),
    ("", 4),
]

count, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(42)
with open(path, "w") as out:
    if path.endswith(".csv"):
        out.write("location,text,score,scale,external_id,room\n")
    for number in range(count):
        text, score = TEXTS[rng.randrange(len(TEXTS))]
        customer = "guest-%d" % rng.randrange(200_000)
        room = str(100 + rng.randrange(400))
        if path.endswith(".csv"):
            out.write('lisbon,"%s",%d,nps,%s,%s\n' % (text, score, customer, room))
        else:
            item = {"location": "lisbon", "score": {"value": score, "scale": "nps"}, "customer": {"external_id": customer},
                    "metadata": {"room": room}, "idempotency_key": "row-%d" % number}
            if text:
                item["text"] = text
            out.write(json.dumps(item) + "\n")
