import time
import gevent
from gevent import monkey

# The tutorial prints socket.socket and select.select before and after patching. Their reprs are Python's own, so this
# program shows what the patch changes instead: two greenlets that sleep with time.sleep run one after the other
# before monkey.patch_time(), and side by side after it.

def nap(name):
    print(name, 'goes to sleep')
    time.sleep(0.1)
    print(name, 'wakes up')

print('Before monkey patch')
gevent.joinall([gevent.spawn(nap, 'a'), gevent.spawn(nap, 'b')])

monkey.patch_time()

print('After monkey patch')
gevent.joinall([gevent.spawn(nap, 'a'), gevent.spawn(nap, 'b')])
