"""The gevent echo server of the echo benchmark: gevent.server.StreamServer, a greenlet per connection."""
import socket
import sys

from gevent.server import StreamServer


def echo(sock, address):
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    while True:
        data = sock.recv(4096)
        if not data:
            return
        sock.sendall(data)


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 7003
    server = StreamServer(("127.0.0.1", port), echo, backlog=1024)
    server.start()
    print("READY", server.server_port, flush=True)
    server.serve_forever()
