# gevent.selectors: register, select with a timeout, modify, unregister and the errors, over a loopback TCP pair and a
# pipe, while another greenlet sends. Keys print as their data; fds differ between runs and languages.
# Run: /usr/bin/python3 -P selectors_echo.py > selectors_echo.out
from gevent import monkey
monkey.patch_all()

import os
import selectors
import socket
import gevent


def show(ready):
    return sorted((key.data, events) for key, events in ready)


listener = socket.socket()
listener.bind(('127.0.0.1', 0))
listener.listen()
client = socket.create_connection(listener.getsockname())
server, _ = listener.accept()
client.setblocking(False)
server.setblocking(False)

sel = selectors.DefaultSelector()
key = sel.register(server, selectors.EVENT_READ, 'server')
print('registered', key.data, key.events, key.fd == server.fileno())
print('nothing to read', show(sel.select(timeout=0.5)))


def send_later():
    gevent.sleep(0.2)
    print('peer sends')
    client.send(b'ping')


sender = gevent.spawn(send_later)
print('readable', show(sel.select(timeout=5)))
sender.join()
data = server.recv(100)
print('server got', data.decode())

key = sel.modify(server, selectors.EVENT_READ | selectors.EVENT_WRITE, 'server-rw')
print('modified', key.data, key.events)
print('writable only', show(sel.select(timeout=0)))
server.send(data.upper())

sel.register(client, selectors.EVENT_READ, 'client')
sel.modify(server, selectors.EVENT_READ, 'server')
print('client readable', show(sel.select(timeout=5)))
print('client got', client.recv(100).decode())

read_fd, write_fd = os.pipe()
sel.register(read_fd, selectors.EVENT_READ, 'pipe')
os.write(write_fd, b'x')
client.send(b'both')
print('both', show(sel.select(timeout=5)))
os.read(read_fd, 1)
server.recv(100)

print('same events and data', sel.modify(server, selectors.EVENT_READ, 'server') is sel.get_key(server))
print('map', sorted(k.data for k in sel.get_map().values()))

for name, action in [
        ('register twice', lambda: sel.register(server, selectors.EVENT_READ)),
        ('invalid events', lambda: sel.register(listener, 0)),
        ('invalid events bits', lambda: sel.register(listener, 4)),
        ('negative fd', lambda: sel.register(-1, selectors.EVENT_READ)),
        ('modify unknown', lambda: sel.modify(listener, selectors.EVENT_READ)),
        ('unregister unknown', lambda: sel.unregister(listener)),
        ('get_key unknown', lambda: sel.get_key(listener))]:
    try:
        action()
        print(name, 'no error')
    except KeyError:
        print(name, 'KeyError')
    except ValueError:
        print(name, 'ValueError')

print('unregistered', sel.unregister(server).data)
print('unregistered', sel.unregister(read_fd).data)
print('map', sorted(k.data for k in sel.get_map().values()))
print('timeout with nothing ready', show(sel.select(timeout=0.1)))
sel.close()
print('closed map', sel.get_map())
for s in (client, server, listener):
    s.close()
os.close(read_fd)
os.close(write_fd)
