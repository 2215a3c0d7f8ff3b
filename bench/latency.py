"""Feedback → alarm latency: sends complaints at a fixed rate, each opening a case, and measures when its
alarm reaches a loopback receiver. Usage: latency.py PORT TOKEN [rate] [seconds]"""
import asyncio
import sys
import time

from receiver import Receiver

PORT, TOKEN = int(sys.argv[1]), sys.argv[2]
RATE = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
SECONDS = int(sys.argv[4]) if len(sys.argv) > 4 else 20
CONNECTIONS = 32


async def sender(queue, sent, statuses):
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    while True:
        number = await queue.get()
        if number is None:
            break
        body = ('{"location":"lisbon","text":"The room was dirty #%d"}' % number).encode()
        request = (
            "POST /v1/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
            "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (TOKEN, len(body))
        ).encode() + body
        sent[number] = time.monotonic()
        writer.write(request)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await reader.readexactly(length)
        statuses[status] = statuses.get(status, 0) + 1
    writer.close()


async def main():
    receiver = await Receiver().start()
    queue = asyncio.Queue()
    sent, statuses = {}, {}
    workers = [asyncio.create_task(sender(queue, sent, statuses)) for _ in range(CONNECTIONS)]
    start = time.monotonic()
    total = RATE * SECONDS
    for number in range(total):
        target = start + number / RATE
        delay = target - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait(number)
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    achieved = total / (time.monotonic() - start)
    deadline = time.monotonic() + 10
    while len(receiver.arrivals) < total and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    latencies = []
    for arrival, summary in receiver.arrivals.values():
        number = int(summary.rsplit("#", 1)[1])
        latencies.append((arrival - sent[number]) * 1000)
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] if latencies else float("nan")

    print(f"sent {total} complaints at {achieved:.0f}/s; statuses {statuses}")
    print(f"alarms received {len(latencies)}, duplicates {receiver.duplicates}")
    print(f"feedback -> alarm latency ms: p50 {pct(0.50):.1f}  p90 {pct(0.90):.1f}  p99 {pct(0.99):.1f}  max {latencies[-1] if latencies else 0:.1f}")


asyncio.run(main())
