"""gevent + zmq.green peer for the ZeroMQ benchmarks: the same workloads as Greenlet.ZmqBenchmarks.

Two greenlets on gevent's hub, each with its socket: REQ/REP round trips and PUSH/PULL messages of 16 bytes,
over inproc and loopback tcp. One warm-up run at N/10, then the median of three runs at N.
Run with the interpreter that has gevent and pyzmq: /usr/bin/python3 zmq_green.py [--quick]

Output: RESULT peer=gevent-zmq.green workload=<reqrep|pushpull>-<inproc|tcp> value=<number> unit=<ops/s|cpu-us/op>
(cpu-us/op: the process's processor time per operation, every thread included)
"""
import itertools
import statistics
import sys
import time

import gevent
import zmq.green as zmq

quick = "--quick" in sys.argv
sizes = {"reqrep": 1_000 if quick else 20_000, "pushpull": 10_000 if quick else 200_000}
names = itertools.count()


def run(workload, transport, n):
    context = zmq.Context()
    req_rep = workload == "reqrep"
    server = context.socket(zmq.REP if req_rep else zmq.PULL)
    client = context.socket(zmq.REQ if req_rep else zmq.PUSH)
    if transport == "tcp":
        server.bind("tcp://127.0.0.1:*")
    else:
        server.bind("inproc://bench-%d" % next(names))
    client.connect(server.last_endpoint.decode())
    message = b"x" * 16

    def requester():
        for _ in range(n):
            client.send(message)
            client.recv()

    def replier():
        for _ in range(n):
            server.send(server.recv())

    def pusher():
        for _ in range(n):
            client.send(message)

    def puller():
        for _ in range(n):
            if len(server.recv()) != 16:
                raise RuntimeError("a message came out the wrong size")

    cpu = time.process_time()
    start = time.perf_counter()
    greenlets = [gevent.spawn(requester), gevent.spawn(replier)] if req_rep else [gevent.spawn(pusher), gevent.spawn(puller)]
    gevent.joinall(greenlets, raise_error=True)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    server.close(linger=0)
    client.close(linger=0)
    context.term()
    return n / seconds, cpu_seconds * 1e6 / n


for workload in ("reqrep", "pushpull"):
    for transport in ("inproc", "tcp"):
        n = sizes[workload]
        run(workload, transport, max(1, n // 10))
        runs = [run(workload, transport, n) for _ in range(3)]
        rate = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        print(f"RESULT peer=gevent-zmq.green workload={workload}-{transport} value={rate:.0f} unit=ops/s", flush=True)
        print(f"RESULT peer=gevent-zmq.green workload={workload}-{transport} value={cpu:.2f} unit=cpu-us/op", flush=True)
