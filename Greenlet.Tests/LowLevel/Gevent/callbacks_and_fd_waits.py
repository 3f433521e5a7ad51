"""gevent's behaviour that Greenlets.LowLevel matches: run_callback ordering, wait_read on a pipe, cancel_wait.
Run with: python3 callbacks_and_fd_waits.py  (its output is callbacks_and_fd_waits.out, checked by LowLevelGeventParityTests)."""
import os
import gevent
from gevent.hub import get_hub
from gevent.socket import wait_read, cancel_wait

log = []
hub = get_hub()

# 1. run_callback and spawn share one FIFO: callbacks and greenlets run in the order they were scheduled.
def worker(name):
    log.append("greenlet " + name)
    hub.loop.run_callback(log.append, "callback from " + name)

gevent.spawn(worker, "a")
hub.loop.run_callback(log.append, "callback 1")
gevent.spawn(worker, "b")
hub.loop.run_callback(log.append, "callback 2")
gevent.sleep(0)
gevent.sleep(0)
print("ordering:", log)

# 2. wait_read on an empty pipe times out; once a byte is written it returns at once.
r, w = os.pipe()
try:
    wait_read(r, timeout=0.5)
    print("wait_read: ready")
except Exception as e:
    print("wait_read empty pipe:", type(e).__name__, e)
os.write(w, b"x")
wait_read(r, timeout=0.5)
print("wait_read after write: ready")
os.read(r, 1)

# 3. a greenlet waits for readability; another cancels the wait (cancel_wait) before closing: the waiter gets the error.
watcher = hub.loop.io(r, 1)
def waiter():
    try:
        hub.wait(watcher)
        print("waiter: woke ready")
    except Exception as e:
        print("waiter:", type(e).__name__, e)
g = gevent.spawn(waiter)
gevent.sleep(0)
cancel_wait(watcher)
g.join()
os.close(r)
os.close(w)

# 4. a callback that raises is reported and the loop goes on.
hub.loop.run_callback(lambda: 1 / 0)
hub.loop.run_callback(print, "after the failed callback")
gevent.sleep(0)
