"""gevent peer for the Greenlet core benchmarks.

All greenlets run on the one gevent hub of the main thread (gevent is
single-threaded by design). Run with the interpreter that has gevent, e.g.
/usr/bin/python3 core.py [--quick]

Output: RESULT peer=gevent workload=<name> value=<number> unit=<ns/op|bytes/task>
"""
import argparse
import gc
import os
import statistics
import time

import gevent
from gevent.event import AsyncResult, Event
from gevent.queue import Queue


def report(workload, value, unit):
    print(f"RESULT peer=gevent workload={workload} value={value:.1f} unit={unit}", flush=True)


def switch(n):
    """Two greenlets each yield n times with gevent.sleep(0); ns per yield."""
    def worker():
        for _ in range(n):
            gevent.sleep(0)

    start = time.perf_counter_ns()
    gevent.joinall([gevent.spawn(worker), gevent.spawn(worker)])
    return (time.perf_counter_ns() - start) / (2 * n)


def spawn_join(n):
    """Spawn a greenlet that returns a value and wait for it, n times."""
    def answer():
        return 42

    total = 0
    start = time.perf_counter_ns()
    for _ in range(n):
        total += gevent.spawn(answer).get()
    elapsed = time.perf_counter_ns() - start
    assert total == 42 * n
    return elapsed / n


def rss_bytes():
    """Resident set size of this process (Linux /proc)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def memory_per_waiter(m):
    """m greenlets block on one shared Event; RSS growth per waiting greenlet.

    RSS rather than tracemalloc: it also counts each greenlet's saved C stack
    and CPython 3.11 frame-stack chunk, and tracemalloc slows the run badly.
    """
    release = Event()
    waiting = 0

    def waiter():
        nonlocal waiting
        waiting += 1
        release.wait()

    greenlets = [None] * m
    gc.collect()
    before = rss_bytes()
    for i in range(m):
        greenlets[i] = gevent.spawn(waiter)
    gevent.sleep(0)  # let every greenlet start and block
    gc.collect()
    after = rss_bytes()
    assert waiting == m
    release.set()
    gevent.joinall(greenlets)
    return (after - before) / m


def event_handoff(n):
    """Two greenlets pass a counter back and forth through AsyncResults,
    a fresh one per handoff; ns per one-way handoff."""
    to_pong, to_ping = AsyncResult(), AsyncResult()

    def pong():
        nonlocal to_pong, to_ping
        for _ in range(n):
            value = to_pong.get()
            to_pong = AsyncResult()
            to_ping.set(value + 1)

    start = time.perf_counter_ns()
    g = gevent.spawn(pong)
    value = 0
    for _ in range(n):
        to_pong.set(value)
        value = to_ping.get()
        to_ping = AsyncResult()
    elapsed = time.perf_counter_ns() - start
    g.join()
    assert value == n
    return elapsed / (2 * n)


def queue(n):
    """One producer, one consumer, gevent.queue.Queue(100); ns per item."""
    q = Queue(100)

    def producer():
        for i in range(n):
            q.put(i)

    start = time.perf_counter_ns()
    gevent.spawn(producer)
    total = 0
    for _ in range(n):
        total += q.get()
    elapsed = time.perf_counter_ns() - start
    assert total == n * (n - 1) // 2
    return elapsed / n


def median(run, n):
    """One warm-up at n/10, then the median of three runs."""
    run(n // 10)
    return statistics.median(run(n) for _ in range(3))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small N for a smoke run")
    quick = parser.parse_args().quick

    # 100,000 waiters, not 1,000,000: waking 1M greenlets takes minutes
    # (time grows faster than linearly with the number of waiters).
    n_switch, n_spawn, m_waiters, n_handoff, n_queue = (
        (20_000, 10_000, 10_000, 10_000, 10_000) if quick
        else (500_000, 200_000, 100_000, 500_000, 1_000_000))

    report("switch", median(switch, n_switch), "ns/op")
    report("spawn-join", median(spawn_join, n_spawn), "ns/op")
    report("memory-per-waiter", memory_per_waiter(m_waiters), "bytes/task")
    report("event-handoff", median(event_handoff, n_handoff), "ns/op")
    report("queue", median(queue, n_queue), "ns/op")


if __name__ == "__main__":
    main()
