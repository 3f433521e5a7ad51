# On Unix: Access with ``$ nc 127.0.0.1 5000``
# On Window: Access with ``$ telnet 127.0.0.1 5000``

from gevent.server import StreamServer

def handle(socket, address):
    socket.send(b"Hello from a telnet!\n")
    for i in range(5):
        socket.send(str(i).encode() + b'\n')
    socket.close()

# Reference-run change: the tutorial binds 127.0.0.1:5000 and calls
# serve_forever(). We bind an ephemeral port, start the server, connect to
# it once as a client, print everything the client received, then stop.
server = StreamServer(('127.0.0.1', 0), handle)
server.start()

import sys
import gevent.socket

def client():
    conn = gevent.socket.create_connection(('127.0.0.1', server.server_port))
    received = b''
    while True:
        data = conn.recv(4096)
        if not data:
            break
        received += data
    conn.close()
    sys.stdout.write(received.decode())

gevent.spawn(client).join(timeout=10)
server.stop()
