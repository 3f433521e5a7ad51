# What gevent.idle and gevent.spawn_raw do, section by section. Run with real gevent:
#     python3 idle_and_spawn_raw.py > idle_and_spawn_raw.out
# IdleAndSpawnRawTests replays each section and compares its lines.
import io
import gevent
from gevent import get_hub


def section(name):
    print('== ' + name)


def idler(name):
    print(name, 'before idle')
    gevent.idle()
    print(name, 'after idle')


def yielder(name, n):
    for i in range(n):
        print(name, 'step', i)
        gevent.sleep(0)
    print(name, 'done')


def sleeper(name, s):
    print(name, 'sleeping', s)
    gevent.sleep(s)
    print(name, 'woke')


def looping_idler(name, n):
    for i in range(n):
        gevent.idle()
        print(name, 'idle', i)


def say(text):
    print(text)


def work(name):
    print(name, 'start')
    gevent.sleep(0)
    print(name, 'end')


def boom(name):
    print(name, 'raising')
    raise ValueError('bad ' + name)


# Idlers wait for yielders and callbacks, not for a timer that is not due; the last to idle resumes first.
section('idle waits for the loop')
a = gevent.spawn(idler, 'idle-a')
b = gevent.spawn(yielder, 'yield-b', 3)
c = gevent.spawn(sleeper, 'timer-c', 0.01)
d = gevent.spawn(idler, 'idle-d')
get_hub().loop.run_callback(say, 'callback')
gevent.joinall([a, b, c, d])

# A due timer runs before the idlers; idlers that idle again are served last-started-first each pass.
section('idle after due timers, again and again')
a = gevent.spawn(looping_idler, 'idle-a', 3)
b = gevent.spawn_later(0, say, 'later-0 ran')
c = gevent.spawn(looping_idler, 'idle-c', 2)
gevent.joinall([a, b, c])

section('main idles')
gevent.spawn(say, 'spawned ran')
gevent.idle()
print('main after idle')

# spawn_raw runs in spawn order with spawn; a failure goes to the hub's error stream.
section('spawn_raw')
errors = io.StringIO()
get_hub().exception_stream = errors
g1 = gevent.spawn(work, 'spawn-1')
gevent.spawn_raw(work, 'raw-1')
g2 = gevent.spawn(work, 'spawn-2')
r2 = gevent.spawn_raw(boom, 'raw-2')
gevent.sleep(0)
gevent.sleep(0)
print('raw-2 dead', r2.dead)
print('reported ValueError', 'failed with ValueError' in errors.getvalue())
