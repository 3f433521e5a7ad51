import os
import signal

import gevent

def run_forever():
    gevent.sleep(1000)

# --- Reference-run additions (not in the tutorial): the tutorial's program
# waits for a SIGQUIT from outside. Here a greenlet sends SIGQUIT to our own
# process after 0.2 s, so the program ends by itself.
def send_sigquit():
    gevent.sleep(0.2)
    print('Sending SIGQUIT to ourselves')
    os.kill(os.getpid(), signal.SIGQUIT)

def shutdown():
    # gevent.shutdown no longer exists; kill the running greenlet instead.
    print('Received SIGQUIT, shutting down')
    gevent.kill(thread)
# --- end of additions

if __name__ == '__main__':
    # gevent.signal(...) in the tutorial; gevent 1.5+ calls it signal_handler
    gevent.signal_handler(signal.SIGQUIT, shutdown)
    thread = gevent.spawn(run_forever)
    print('run_forever started; waiting for SIGQUIT')
    gevent.spawn(send_sigquit)
    thread.join()
    print('run_forever ended:', type(thread.value).__name__, '- dead:', thread.dead)
