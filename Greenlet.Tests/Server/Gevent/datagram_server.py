"""gevent's DatagramServer, the expectations of DatagramServerTests: a handler per datagram in a Pool(2), replies
through server.sendto, a handler that raises (reported, the server goes on), and the order and times of the replies.
Run: /usr/bin/python3 datagram_server.py > datagram_server.out"""
import time

import gevent
from gevent import socket
from gevent.pool import Pool
from gevent.server import DatagramServer


def handle(data, address):
    if data == b'boom':
        raise ValueError('boom')
    gevent.sleep(0.1)
    server.sendto(data.upper(), address)


server = DatagramServer(('127.0.0.1', 0), handle, spawn=Pool(2))
server.start()
print('started', server.started)
client = socket.socket(type=socket.SOCK_DGRAM)
start = time.monotonic()
for word in [b'one', b'two', b'three', b'boom', b'four']:
    client.sendto(word, server.address)
for _ in range(4):
    data, address = client.recvfrom(100)
    print('%.1f %s from the server: %s' % (time.monotonic() - start, data.decode(), address == server.address))
server.stop()
print('closed', server.closed)
