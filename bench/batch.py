"""Posts an NDJSON file to /v1/feedback/batch in chunks over CONNECTIONS keep-alive connections and reports items/s.
Usage: batch.py PORT TOKEN FILE [lines per request] [connections]"""
import http.client
import sys
import threading
import time

port, token, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
per_request = int(sys.argv[4]) if len(sys.argv) > 4 else 5000
connections = int(sys.argv[5]) if len(sys.argv) > 5 else 2

with open(path, "rb") as source:
    lines = source.read().splitlines(keepends=True)
chunks = [b"".join(lines[i:i + per_request]) for i in range(0, len(lines), per_request)]
lock = threading.Lock()
totals = {"accepted": 0, "replayed": 0, "rejected": 0, "errors": 0}


def work():
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    while True:
        with lock:
            if not chunks:
                break
            chunk = chunks.pop()
        connection.request("POST", "/v1/feedback/batch", body=chunk,
                           headers={"Authorization": "Bearer " + token, "Content-Type": "application/x-ndjson"})
        response = connection.getresponse()
        body = response.read()
        with lock:
            if response.status != 200:
                totals["errors"] += 1
                continue
            text = body[:200].decode()
            for key in ("accepted", "replayed", "rejected"):
                marker = '"%s":' % key
                start = text.index(marker) + len(marker)
                end = start
                while text[end].isdigit():
                    end += 1
                totals[key] += int(text[start:end])


start = time.monotonic()
threads = [threading.Thread(target=work) for _ in range(connections)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.monotonic() - start
print("batch intake: %d lines in %.1f s = %.0f items/s; %s" % (len(lines), elapsed, len(lines) / elapsed, totals))
