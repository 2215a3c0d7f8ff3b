"""Crash test: sustained intake while the server is killed with SIGKILL, then restarted; every item that got a 2xx
must be stored, and no case or alarm may be duplicated. Usage: crash.py AMENDS DB PORT TOKEN [seconds before kill]"""
import http.client
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

amends, db, port, token = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
before_kill = float(sys.argv[5]) if len(sys.argv) > 5 else 3.0


def start():
    process = subprocess.Popen([amends, "serve", "--port", str(port), "--database", db, "--no-demo"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.05)
    raise SystemExit("server did not start")


acknowledged = {}   # idempotency key -> feedback id
lock = threading.Lock()
stop = threading.Event()


def client(worker):
    number = 0
    connection = None
    while not stop.is_set():
        number += 1
        key = "w%d-%d" % (worker, number)
        # Every third item is a complaint by one of 50 repeat customers, so cases must be deduplicated.
        complaint = number % 3 == 0
        body = json.dumps({"location": "lisbon", "text": "The room was dirty" if complaint else "Fine stay",
                           "customer": {"external_id": "c%d" % (number % 50)}})
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("POST", "/v1/feedback", body=body, headers={
                "Authorization": "Bearer " + token, "Content-Type": "application/json", "Idempotency-Key": key})
            response = connection.getresponse()
            data = response.read()
            if response.status == 201:
                with lock:
                    acknowledged[key] = json.loads(data)["feedback"]["id"]
        except (OSError, http.client.HTTPException):
            connection = None
            time.sleep(0.01)


server = start()
threads = [threading.Thread(target=client, args=(worker,)) for worker in range(16)]
for thread in threads:
    thread.start()
time.sleep(before_kill)
os.kill(server.pid, signal.SIGKILL)
server.wait()
killed_at = len(acknowledged)
stop.set()
for thread in threads:
    thread.join()

server = start()   # the restart must recover the database and carry on
time.sleep(1.5)    # let the delivery worker pick up alarms left pending by the crash
server.send_signal(signal.SIGTERM)
server.wait()

store = sqlite3.connect(db)
stored = {row[0] for row in store.execute("select id from feedback")}
missing = [key for key, fid in acknowledged.items() if fid not in stored]
duplicate_cases = store.execute(
    "select count(*) from (select scenario, customer_key from cases where customer_key is not null group by 1, 2 having count(*) > 1)").fetchone()[0]
cases = store.execute("select count(*) from cases").fetchone()[0]
cases_without_alarm = store.execute("select count(*) from cases c where not exists (select 1 from alarms a where a.case_id = c.id)").fetchone()[0]
duplicate_alarms = store.execute("select count(*) from (select case_id, level, recipient from alarms group by 1, 2, 3 having count(*) > 1)").fetchone()[0]
print("acknowledged with 201 before the kill: %d" % killed_at)
print("rows stored: %d; acknowledged but missing: %d" % (len(stored), len(missing)))
print("cases: %d (for 50 repeat customers); duplicate open cases: %d; cases without an alarm: %d; duplicate alarms: %d"
      % (cases, duplicate_cases, cases_without_alarm, duplicate_alarms))
sys.exit(1 if missing or duplicate_cases or duplicate_alarms or cases_without_alarm else 0)
