"""Server time of the console's pages on a large database: signs in with a one-time link, then asks each page
ROUNDS times in turn on one kept-alive connection, and prints p50 and p95 per page (milliseconds).
Usage: console.py PORT LINK_TOKEN CASE_ID ROUNDS"""
import http.client
import statistics
import sys
import time

port, link, case_id, rounds = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
connection = http.client.HTTPConnection("127.0.0.1", port)
connection.request("POST", "/console/welcome/" + link, body="", headers={"Content-Type": "application/x-www-form-urlencoded"})
response = connection.getresponse()
response.read()
cookie = response.getheader("Set-Cookie").split(";")[0]
pages = [
    ("queue, default view", "/console"),
    ("queue, unacknowledged", "/console?status=new"),
    ("queue, overdue", "/console?due=overdue"),
    ("queue, due within the hour", "/console?due=hour"),
    ("queue, one scenario", "/console?scenario=unclean-room"),
    ("queue, one severity", "/console?severity=high"),
    ("queue, nobody's yet", "/console?owner=nobody"),
    ("queue, mine", "/console?view=mine"),
    ("case page", "/console/cases/" + case_id),
    ("customer page", "/console/cases/" + case_id + "/customer"),
    ("ledger", "/console/ledger"),
]
times = {name: [] for name, _ in pages}
for _ in range(rounds):
    for name, path in pages:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        body = response.read()
        times[name].append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            sys.exit(f"{path} answered {response.status}: {body[:300]!r}")
print(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8}")
for name, _ in pages:
    values = sorted(times[name])
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    print(f"{name:32} {statistics.median(values):8.1f} {p95:8.1f}")
