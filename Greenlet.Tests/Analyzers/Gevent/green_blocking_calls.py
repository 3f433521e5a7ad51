# What the C# program of DotnetFormatBlockingCallsTests does once `dotnet format` has made its blocking calls green:
# the same greenlets, sleeps, semaphore, lock, result, lookup and file removal, under real gevent.
import os
import tempfile

import gevent
from gevent.event import AsyncResult
from gevent.lock import BoundedSemaphore, RLock
from gevent import socket

log = []
gate = BoundedSemaphore(1)
lock = RLock()


def sleeper(name):
    log.append(f"{name} sleeps")
    gevent.sleep(1)
    log.append(f"{name} wakes")


def gated(name):
    with gate:
        log.append(f"{name} holds the gate")
        gevent.sleep(0.5)


def waiter(result):
    log.append(f"waiter got {result.get()}")


def finisher(result):
    gevent.sleep(2)
    result.set(42)


def locked(name):
    with lock:
        log.append(f"{name} holds the lock")
        gevent.sleep(0.25)


def resolver():
    log.append(f"localhost is {len(socket.getaddrinfo('localhost', None)) > 0}")


def cleaner():
    path = os.path.join(tempfile.gettempdir(), "greenlet-format-nothing")
    if os.path.exists(path):
        os.remove(path)
    log.append("cleaned")


done = AsyncResult()
gevent.joinall([
    gevent.spawn(sleeper, "a"),
    gevent.spawn(sleeper, "b"),
    gevent.spawn(gated, "c"),
    gevent.spawn(gated, "d"),
    gevent.spawn(waiter, done),
    gevent.spawn(finisher, done),
    gevent.spawn(locked, "e"),
    gevent.spawn(locked, "f"),
])
gevent.spawn(resolver).join()
gevent.spawn(cleaner).join()
print("\n".join(log))
