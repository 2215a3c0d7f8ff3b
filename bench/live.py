"""The console's live stream under load: CONNECTIONS signed-in listeners on /console/events while intake runs.

Alternates, ROUNDS times: intake alone (wrk, SECONDS), then intake with every listener connected. While the listeners
are connected a probe posts one complaint every half second and times how long each listener takes to hear of its
case. Prints intake requests per second of each phase, the share of probes every listener heard, the delay p50 / p95 /
max over every (probe, listener) pair, and the server's resident memory idle and with the listeners.
Usage: live.py PORT SERVER_PID LINK_TOKEN CHANNEL_TOKEN CONNECTIONS SECONDS ROUNDS"""
import asyncio
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
import uuid

port, server_pid, link, channel = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
connections, seconds, rounds = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
bench = os.path.dirname(os.path.abspath(__file__))


def resident_kib():
    with open(f"/proc/{server_pid}/status") as status:
        return int(next(line for line in status if line.startswith("VmRSS:")).split()[1])


def sign_in():
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("POST", "/console/welcome/" + link, body="", headers={"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    return response.getheader("Set-Cookie").split(";")[0]


def complain():
    connection = http.client.HTTPConnection("127.0.0.1", port)
    body = json.dumps({"location": "lisbon", "customer": {"email": f"probe-{uuid.uuid4().hex[:12]}@example.com"},
                       "text": "The bathroom was dirty and the towels had stains"})
    connection.request("POST", "/v1/feedback", body=body, headers={"Authorization": "Bearer " + channel, "Content-Type": "application/json"})
    response = connection.getresponse()
    answer = json.loads(response.read())
    if response.status != 201:
        sys.exit(f"probe answered {response.status}: {answer}")
    return answer["case"]["id"]


def intake():
    out = subprocess.run(["wrk", "-t1", "-c32", f"-d{seconds}s", "-s", os.path.join(bench, "intake.lua"), f"http://127.0.0.1:{port}/v1/feedback"],
                         capture_output=True, text=True, env={**os.environ, "TOKEN": channel}, check=True).stdout
    if "Non-2xx" in out:
        sys.exit("intake answered errors:\n" + out)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


class Listener:
    """One signed-in console on the stream. It reads what arrives in chunks and looks in them only for the probes' case
    ids it still waits for, so that the client costs the machine little beside the server it measures."""

    def __init__(self):
        self.waiting = {}
        self.events = 0

    async def run(self, cookie, ready):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"GET /console/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nAccept: text/event-stream\r\n\r\n".encode())
        await writer.drain()
        status = await reader.readline()
        if b" 200 " not in status:
            raise RuntimeError(status)
        self.writer = writer
        ready()
        tail = b""
        while True:
            chunk = await reader.read(262144)
            if not chunk:
                return
            arrived = time.perf_counter()
            self.events += chunk.count(b"\ndata: ")
            seen = tail + chunk
            for case_id in [case_id for case_id in self.waiting if case_id in seen]:
                self.waiting.pop(case_id).append(arrived)
            tail = chunk[-64:]


async def with_listeners(cookie):
    listeners = [Listener() for _ in range(connections)]
    connected = asyncio.Event()
    count = 0

    def ready():
        nonlocal count
        count += 1
        if count == connections:
            connected.set()

    tasks = [asyncio.create_task(listener.run(cookie, ready)) for listener in listeners]
    await asyncio.wait_for(connected.wait(), 60)
    await asyncio.sleep(1)
    memory = resident_kib()
    loop = asyncio.get_running_loop()
    load = loop.run_in_executor(None, intake)
    delays, complete, probes = [], 0, 0
    while not load.done():
        # The probe's case id is made by the server, so the listeners learn it from the answer; the delay is counted
        # from the post, and a listener that heard of the case before the answer came counts as hearing it then.
        posted = time.perf_counter()
        case_id = (await loop.run_in_executor(None, complain)).encode()
        answered = time.perf_counter()
        arrivals = []
        for listener in listeners:
            listener.waiting[case_id] = arrivals
        deadline = time.perf_counter() + 5
        while len(arrivals) < connections and time.perf_counter() < deadline:
            await asyncio.sleep(0.01)
        probes += 1
        complete += len(arrivals) >= connections
        for listener in listeners:
            listener.waiting.pop(case_id, None)
        delays += [(max(arrival, answered) - posted) * 1000 for arrival in arrivals[:connections]]
        await asyncio.sleep(0.5)
    rate = await load
    memory = max(memory, resident_kib())
    events = sum(listener.events for listener in listeners)
    for task in tasks:
        task.cancel()
    for listener in listeners:
        listener.writer.close()
    await asyncio.sleep(1)
    return rate, probes, complete, delays, memory, events


def main():
    cookie = sign_in()
    idle = resident_kib()
    print(f"server idle: {idle} KiB resident")
    print(f"{'round':6} {'intake alone /s':>16} {'with listeners /s':>18} {'probes heard by all':>20} {'delay p50 / p95 / max ms':>26} {'memory KiB':>11} {'messages':>9}")
    for round in range(1, rounds + 1):
        alone = intake()
        rate, probes, complete, delays, memory, events = asyncio.run(with_listeners(cookie))
        delays.sort()
        if not delays:
            sys.exit("no listener heard any probe")
        p95 = delays[min(len(delays) - 1, round_up(0.95 * (len(delays) - 1)))]
        print(f"{round:<6} {alone:16.1f} {rate:18.1f} {complete:>9} of {probes:<8} "
              f"{statistics.median(delays):8.1f} / {p95:6.1f} / {max(delays):6.1f} {memory:11} {events:9}")


def round_up(value):
    return int(value + 0.5)


main()
