# Raw TCP sockets under gevent: the program SimulatedTcpSocketTests runs on the kernel and on the simulated network.
# Run: /usr/bin/python3 tcp_sockets.py > tcp_sockets.out
import gevent
from gevent import socket

server = socket.socket()
server.bind(('127.0.0.1', 0))
server.listen(5)
address = server.getsockname()


def serve():
    # 1: echo in upper case until the client shuts its side, then shut ours.
    conn, peer = server.accept()
    data = b''
    while True:
        chunk = conn.recv(3)
        if not chunk:
            break
        data += chunk
    # Printed once the client has sent all, so after its own first line: which of two greenlets whose sockets
    # become ready in one poll runs first is not a promise.
    print('server: accepted, peer is the client:', peer == clients[0].getsockname())
    print('server: read', repr(data.decode()))
    conn.sendall(data.upper())
    conn.shutdown(socket.SHUT_WR)
    print('server: after shutdown, recv gives', repr(conn.recv(10)))
    conn.close()
    # 2: say nothing, so the client's recv times out; then close with its bytes unread, which resets.
    conn, _ = server.accept()
    gevent.sleep(1)
    conn.close()
    print('server: closed the second connection with bytes unread')


clients = []
serving = gevent.spawn(serve)

first = socket.create_connection(address, timeout=5)
clients.append(first)
print('client: peer is the server:', first.getpeername() == address)
first.sendall(b'hello\n')
first.sendall(b'world\n')
first.shutdown(socket.SHUT_WR)
reply = b''
while True:
    chunk = first.recv(4)
    if not chunk:
        break
    reply += chunk
print('client: got', repr(reply.decode()))
first.close()

second = socket.create_connection(address, timeout=0.5)
second.sendall(b'unread')
try:
    second.recv(10)
except socket.timeout as e:
    print('client: recv', e)
second.settimeout(5)
gevent.sleep(1)
try:
    print('client: recv after the reset gives', repr(second.recv(10)))
except ConnectionResetError:
    print('client: connection reset by peer')
second.close()

refused = socket.socket()
try:
    refused.connect(address[:1] + (1,))
except ConnectionRefusedError:
    print('client: connection refused')
refused.close()

serving.join()
server.close()
print('done')
