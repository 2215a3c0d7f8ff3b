"""A minimal alarm receiver for the benchmarks: accepts POSTs on keep-alive connections, answers 204,
and records when each alarm arrived, keyed by webhook-id, with the alarm's summary."""
import asyncio
import json
import time


class Receiver:
    def __init__(self):
        self.arrivals = {}   # webhook-id -> (arrival time, summary)
        self.duplicates = 0

    async def handle(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                headers = {}
                for line in head.decode("latin-1").split("\r\n")[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                now = time.monotonic()
                webhook_id = headers.get("webhook-id", "")
                if webhook_id in self.arrivals:
                    self.duplicates += 1
                else:
                    summary = json.loads(body).get("data", {}).get("summary", "")
                    self.arrivals[webhook_id] = (now, summary)
                writer.write(b"HTTP/1.1 204 No Content\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def start(self, port=9911):
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", port)
        return self


async def main():
    receiver = await Receiver().start()
    async with receiver.server:
        await receiver.server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
