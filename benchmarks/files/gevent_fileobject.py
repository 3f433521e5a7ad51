"""A big file read through gevent's FileObjectThread while a ticker greenlet asks for a wake-up every millisecond and
records the longest gap between two (the worst stall the read caused the hub).
Usage: python3 gevent_fileobject.py <file> [chunk bytes]. Prints one RESULT line."""
import os
import sys
import time
import gevent
from gevent.fileobject import FileObjectThread

path = sys.argv[1]
chunk = int(sys.argv[2]) if len(sys.argv) > 2 else 1 << 20
size = os.path.getsize(path)
worst = 0.0


def tick():
    global worst
    last = time.perf_counter()
    while True:
        gevent.sleep(0.001)
        now = time.perf_counter()
        worst = max(worst, now - last)
        last = now


ticker = gevent.spawn(tick)
gevent.sleep(0)
start = time.perf_counter()
total = 0
with FileObjectThread(path, 'rb') as f:
    while True:
        data = f.read(chunk)
        if not data:
            break
        total += len(data)
seconds = time.perf_counter() - start
ticker.kill()
assert total == size, (total, size)
print(f"RESULT peer=gevent-fileobjectthread workload=read-{size >> 20}MB unit=MB/s value={total / 1e6 / seconds:.0f} "
      f"worst-gap-ms={worst * 1000:.2f}", flush=True)
