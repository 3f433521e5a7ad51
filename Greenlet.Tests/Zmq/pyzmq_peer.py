"""A real libzmq peer for the interop tests: pyzmq (Debian's python3-zmq) in its own process.

Usage: pyzmq_peer.py MODE ENDPOINT... ; exits 0 when everything it checked held, 1 (with a message) otherwise.
Every run is bounded: an alarm ends the process after 60 s, and every receive times out after 30 s.
"""
import signal
import sys

import zmq

signal.alarm(60)
mode, args = sys.argv[1], sys.argv[2:]
context = zmq.Context()


def socket(kind, endpoint, connect=True, identity=None):
    s = context.socket(kind)
    s.rcvtimeo = 30000
    s.sndtimeo = 30000
    s.linger = 1000
    if identity is not None:
        s.identity = identity
    (s.connect if connect else s.bind)(endpoint)
    return s


def check(condition, message):
    if not condition:
        print("peer check failed:", message, flush=True)
        sys.exit(1)


if mode == "rep":  # ENDPOINT COUNT: answer each request "ping N" with "pong N"
    rep = socket(zmq.REP, args[0])
    for _ in range(int(args[1])):
        request = rep.recv_string()
        rep.send_string(request.replace("ping", "pong"))
elif mode == "req":  # ENDPOINT COUNT: ask "ping N", expect "pong N"
    req = socket(zmq.REQ, args[0])
    for i in range(int(args[1])):
        req.send_string("ping %d" % i)
        reply = req.recv_string()
        check(reply == "pong %d" % i, "reply %r to ping %d" % (reply, i))
elif mode == "sub":  # PUB_ENDPOINT BACK_ENDPOINT TOPIC...: report what the filters let through
    sub = socket(zmq.SUB, args[0])
    back = socket(zmq.PUSH, args[1])
    for topic in ["control."] + args[2:]:
        sub.subscribe(topic)
    received, ready = [], False
    while True:
        message = sub.recv_string()
        if message == "control.probe":
            if not ready:
                back.send_string("ready")
                ready = True
        elif message == "control.end":
            break
        else:
            received.append(message.encode())
    back.send_multipart([b"received"] + received)
elif mode == "push":  # ENDPOINT_A ENDPOINT_B COUNT: push "task N" round-robin to both pullers
    push = context.socket(zmq.PUSH)
    push.linger = 5000
    push.connect(args[0])
    push.connect(args[1])
    for i in range(int(args[2])):
        push.send_string("task %d" % i)
elif mode == "dealers":  # ROUTER_ENDPOINT: two dealers with identities greet the router, expect a welcome each
    dealers = [socket(zmq.DEALER, args[0], identity=name) for name in (b"py-a", b"py-b")]
    for dealer in dealers:
        dealer.send_multipart([b"hello", dealer.identity])
    for dealer in dealers:
        reply = dealer.recv_multipart()
        check(reply == [b"welcome", dealer.identity], "reply %r for %r" % (reply, dealer.identity))
elif mode == "router":  # DEALER_ENDPOINT COUNT: tell each sender the identity the router saw
    router = socket(zmq.ROUTER, args[0])
    for _ in range(int(args[1])):
        identity, payload = router.recv_multipart()
        router.send_multipart([identity, b"you are " + identity, payload])
elif mode == "echo":  # ENDPOINT COUNT: send every multipart message back as it came
    pair = socket(zmq.PAIR, args[0])
    for _ in range(int(args[1])):
        pair.send_multipart(pair.recv_multipart(copy=False), copy=False)
else:
    check(False, "unknown mode " + mode)

context.destroy(linger=5000)
print("peer done", flush=True)
