from gevent.pywsgi import WSGIServer

def application(environ, start_response):
    status = '200 OK'

    headers = [
        ('Content-Type', 'text/html')
    ]

    start_response(status, headers)
    yield b"<p>Hello"
    yield b"World</p>"

# --- Reference-run change: instead of WSGIServer(('', 8000), application)
# .serve_forever() we serve on an ephemeral port of 127.0.0.1, send one
# request as our own client, print the raw HTTP response (Date header value
# replaced by a fixed placeholder), then stop.
import re
import sys
import gevent
import gevent.socket

server = WSGIServer(('127.0.0.1', 0), application)
server.start()

def client():
    conn = gevent.socket.create_connection(('127.0.0.1', server.server_port))
    conn.sendall(b'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')
    received = b''
    while True:
        data = conn.recv(4096)
        if not data:
            break
        received += data
    conn.close()
    text = received.decode('latin-1')
    text = re.sub(r'(?m)^Date: [^\r\n]*', 'Date: Thu, 01 Jan 1970 00:00:00 GMT', text)
    sys.stdout.write(text)

gevent.spawn(client).join(timeout=10)
server.stop()
