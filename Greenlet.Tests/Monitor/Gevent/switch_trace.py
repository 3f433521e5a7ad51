# What greenlet.settrace sees under gevent. Run with real gevent:
#     python3 switch_trace.py > switch_trace.out
# SwitchTraceTests compares Hub.SetTrace's switches with these sections.
import gevent
import greenlet
from gevent import get_hub

hub = get_hub()


def name(g):
    if g is hub:
        return 'hub'
    if isinstance(g, gevent.Greenlet):
        return g.name
    return 'main' if g.parent is None else type(g).__name__


events = []


def tracer(event, args):
    origin, target = args
    events.append('%s %s -> %s' % (event, name(origin), name(target)))


def work(n):
    for i in range(n):
        gevent.sleep(0)


def nap():
    gevent.sleep(10)


def section(title):
    print('== ' + title)
    print('\n'.join(events))
    del events[:]


# Two greenlets ping-pong through the hub while main joins them; stop at main's first resume.
a = gevent.spawn(work, 2)
a.name = 'a'
b = gevent.spawn(work, 1)
b.name = 'b'
greenlet.settrace(tracer)
gevent.joinall([a, b])
greenlet.settrace(None)
events[:] = events[:events.index('switch hub -> main') + 1]
section('joinall')

# Killing a parked greenlet throws into it.
c = gevent.spawn(nap)
c.name = 'c'
gevent.sleep(0)
greenlet.settrace(tracer)
c.kill()
greenlet.settrace(None)
section('kill')
