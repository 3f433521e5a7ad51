import gevent

# Determinism fix: the tutorial sleeps random.randint(0,2)*0.001 seconds.
# We use a fixed list instead, indexed by pid, so every run (and the C#
# port, which uses the same list) prints the same order.
DELAYS = [0.002, 0.000, 0.001, 0.002, 0.001, 0.000, 0.002, 0.001, 0.000, 0.001]

def task(pid):
    """
    Some non-deterministic task
    """
    gevent.sleep(DELAYS[pid])
    print('Task', pid, 'done')

def synchronous():
    for i in range(1,10):
        task(i)

def asynchronous():
    threads = [gevent.spawn(task, i) for i in range(10)]
    gevent.joinall(threads)

print('Synchronous:')
synchronous()

print('Asynchronous:')
asynchronous()
