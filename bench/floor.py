"""The storage floor for bulk intake: the feedback rows an import stored, inserted again into an empty copy of the
schema by Python's sqlite3 (SQLite's C library doing nearly all the work), 2,000 rows per transaction, WAL with
synchronous=FULL as Amends runs it. Cases, timeline, alarms and timers are left out, so this is a lower bound on
what any writer of the same rows pays.
Usage: floor.py DATABASE"""
import os
import sqlite3
import sys
import tempfile
import time

source = sqlite3.connect(sys.argv[1])
schema = [row[0] for row in source.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'")]
rows = source.execute("SELECT * FROM feedback").fetchall()
source.close()

folder = tempfile.mkdtemp(prefix="amends-floor.")
target = sqlite3.connect(os.path.join(folder, "floor.sqlite"), isolation_level=None)
for pragma in ["journal_mode=WAL", "synchronous=FULL", "cache_size=-65536", "temp_store=MEMORY"]:
    target.execute("PRAGMA " + pragma)
for statement in schema:
    target.execute(statement)
insert = "INSERT INTO feedback VALUES (" + ", ".join("?" * len(rows[0])) + ")"
started = time.perf_counter()
for start in range(0, len(rows), 2000):
    target.execute("BEGIN IMMEDIATE")
    target.executemany(insert, rows[start:start + 2000])
    target.execute("COMMIT")
seconds = time.perf_counter() - started
target.close()
for name in os.listdir(folder):
    os.remove(os.path.join(folder, name))
os.rmdir(folder)
print("floor: %d feedback rows by sqlite3 alone in %.1f s (%d rows/s)" % (len(rows), seconds, len(rows) / seconds))
