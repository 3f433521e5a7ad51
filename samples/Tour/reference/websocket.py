# Simple gevent-websocket server
import json
from gevent import pywsgi, sleep
from geventwebsocket.handler import WebSocketHandler

# Determinism fix: the tutorial sends random.randint(1, 5) as y. We use this
# fixed sequence instead (message x carries Y_VALUES[x % len(Y_VALUES)]).
Y_VALUES = [3, 1, 4, 1, 5, 2, 5, 3]

class WebSocketApp(object):
    '''Send random data to the websocket'''

    def __call__(self, environ, start_response):
        ws = environ['wsgi.websocket']
        x = 0
        while True:
            data = json.dumps({'x': x, 'y': Y_VALUES[x % len(Y_VALUES)]})
            ws.send(data)
            x += 1
            sleep(0.5)

# --- Reference-run change: instead of pywsgi.WSGIServer(("", 10000), ...)
# .serve_forever() we serve on an ephemeral port of 127.0.0.1 and act as a
# minimal RFC 6455 client ourselves (the tutorial's client is a browser
# page): do the opening handshake with the RFC's sample key, print the raw
# 101 response (Date header value, if any, replaced by a fixed placeholder),
# read and print MESSAGES text frames, send a close frame, and stop.
import re
import struct
import gevent
import gevent.socket

MESSAGES = 5

server = pywsgi.WSGIServer(("127.0.0.1", 0), WebSocketApp(),
    handler_class=WebSocketHandler, log=None)
server.start()

def recv_exactly(conn, n):
    buf = b''
    while len(buf) < n:
        data = conn.recv(n - len(buf))
        if not data:
            raise EOFError('connection closed')
        buf += data
    return buf

def client():
    conn = gevent.socket.create_connection(('127.0.0.1', server.server_port))
    conn.sendall(b'GET / HTTP/1.1\r\n'
                 b'Host: localhost\r\n'
                 b'Upgrade: websocket\r\n'
                 b'Connection: Upgrade\r\n'
                 b'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'
                 b'Sec-WebSocket-Version: 13\r\n'
                 b'\r\n')
    head = b''
    while not head.endswith(b'\r\n\r\n'):
        head += recv_exactly(conn, 1)
    text = head.decode('latin-1')
    text = re.sub(r'(?m)^Date: [^\r\n]*', 'Date: Thu, 01 Jan 1970 00:00:00 GMT', text)
    print(text, end='')
    for _ in range(MESSAGES):
        b0, b1 = recv_exactly(conn, 2)
        length = b1 & 0x7f
        if length == 126:
            length, = struct.unpack('!H', recv_exactly(conn, 2))
        payload = recv_exactly(conn, length)
        print('opcode %d: %s' % (b0 & 0x0f, payload.decode()))
    # masked close frame, status 1000, mask key 0 (payload unchanged)
    conn.sendall(b'\x88\x82\x00\x00\x00\x00\x03\xe8')
    conn.close()

gevent.spawn(client).join(timeout=10)
server.stop(timeout=1)
