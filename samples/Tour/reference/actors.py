import gevent
from gevent import queue
from gevent import Greenlet

class Actor(gevent.Greenlet):

    def __init__(self):
        self.inbox = queue.Queue()
        Greenlet.__init__(self)

    def receive(self, message):
        """
        Define in your subclass.
        """
        raise NotImplementedError()

    def _run(self):
        self.running = True

        while self.running:
            message = self.inbox.get()
            self.receive(message)

# --- Reference-run bound (not in the tutorial): the tutorial's actors
# ping-pong forever. After MAX_MESSAGES received messages the receiving
# actor stops itself and kills the other one, so joinall returns.
MAX_MESSAGES = 10
received = 0

def keep_going(me, other):
    global received
    received += 1
    if received < MAX_MESSAGES:
        return True
    me.running = False
    other.kill(block=False)
    return False
# --- end of bound

class Pinger(Actor):
    def receive(self, message):
        print(message)
        if keep_going(self, pong):
            pong.inbox.put('ping')
            gevent.sleep(0)

class Ponger(Actor):
    def receive(self, message):
        print(message)
        if keep_going(self, ping):
            ping.inbox.put('pong')
            gevent.sleep(0)

ping = Pinger()
pong = Ponger()

ping.start()
pong.start()

ping.inbox.put('start')
gevent.joinall([ping, pong])
print('Stopped after', received, 'messages')
