# The edges of a timeout in gevent: zero, negative and tiny seconds. Run with /usr/bin/python3 (gevent 22.10.2);
# GreenDurationTests expects its output, from seconds and from TimeSpans alike.
import gevent, gevent.event, gevent.queue, gevent.lock
from gevent import Timeout

def run(label, f):
    try:
        print(f"{label}: {f()}")
    except Timeout as t:
        print(f"{label}: Timeout '{t}'")
    except gevent.queue.Empty:
        print(f"{label}: Empty")

def timeout_around_sleep(v):
    with Timeout(v):
        gevent.sleep(0.01)
    return "no timeout"

for v in [0, -1, 0.001]:
    run(f"sleep({v})", lambda: gevent.sleep(v))
    run(f"Event.wait({v})", lambda: gevent.event.Event().wait(timeout=v))
    run(f"Queue.get({v})", lambda: gevent.queue.Queue().get(timeout=v))
    run(f"Semaphore.acquire({v})", lambda: gevent.lock.Semaphore(0).acquire(timeout=v))
    g = gevent.spawn(gevent.sleep, 10)
    run(f"Greenlet.get({v})", lambda: g.get(timeout=v))
    run(f"Greenlet.join({v})", lambda: (g.join(timeout=v), g.dead)[1])
    g.kill()
    run(f"Timeout({v})", lambda: timeout_around_sleep(v))
run("Timeout(None)", lambda: timeout_around_sleep(None))
