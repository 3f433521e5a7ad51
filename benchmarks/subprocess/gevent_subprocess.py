"""`echo hi` round trips with gevent.subprocess: one after another, and many at once through a Pool.
Usage: python3 gevent_subprocess.py [count] [concurrency]. Prints one RESULT line per workload."""
import sys
import time
from gevent import subprocess
from gevent.pool import Pool

count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 32


def once(_=None):
    out = subprocess.run(["echo", "hi"], stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout
    assert out == b"hi\n", out


def measure(workload, run):
    start = time.perf_counter()
    run()
    print(f"RESULT peer=gevent workload={workload} unit=round-trips/s value={count / (time.perf_counter() - start):.0f}", flush=True)


measure("sequential", lambda: [once() for _ in range(count)])
measure(f"concurrent-{concurrency}", lambda: Pool(concurrency).map(once, range(count)))
