# What gevent.sleep(0) does when the main greenlet calls it, section by section. Run with real gevent:
#     python3 sleep_zero_from_main.py > sleep_zero_from_main.out
# SleepZeroFromMainTests replays each section and compares its lines.
import gevent
from gevent import socket


def section(name):
    print('== ' + name)


def say(name):
    print(name, 'ran')


section('sleep(0) runs the ready greenlets, not a timer already due')
gevent.spawn(say, 'spawned')
gevent.spawn_later(0, say, 'timer 0')
print('main before sleep(0)')
gevent.sleep(0)
print('main after sleep(0)')
gevent.sleep(0)
print('main after sleep(0) again')
gevent.sleep(0.001)
print('main after sleep(0.001)')

section('sleep(0) does not poll for a reader whose data has arrived')
listener = socket.socket()
listener.bind(('127.0.0.1', 0))
listener.listen(1)
client = socket.create_connection(listener.getsockname())
server, _ = listener.accept()


def reader():
    print('reader got', client.recv(10).decode())


gevent.spawn(reader)
gevent.sleep(0)
print('main: reader parked')
server.sendall(b'x')
gevent.sleep(0)
print('main after sleep(0)')
gevent.sleep(0)
print('main after sleep(0) again')
gevent.sleep(0.001)
print('main after sleep(0.001)')
for s in (client, server, listener):
    s.close()
