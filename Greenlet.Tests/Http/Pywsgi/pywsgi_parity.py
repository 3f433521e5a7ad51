"""The pywsgi side of PywsgiParityTests: a WSGI application, the raw requests sent to it, and a recorder.

Run with Debian's python3 and python3-gevent (gevent 22.10.2):

    python3 pywsgi_parity.py > pywsgi-transcripts.json

For each case the recorder connects to a gevent.pywsgi.WSGIServer serving `app`, sends the request bytes, shuts
down its sending side, reads the response until the server closes, and keeps what the server's access log wrote
meanwhile. The server's own Date values and the log's time fields are replaced by placeholders, so the file only
changes when pywsgi's bytes do. HttpParityHandlers.Pywsgi in PywsgiParityTests.cs is the same application in C#.
"""
import json
import re
import sys

import gevent
from gevent import socket
from gevent.pywsgi import WSGIServer

# A Date the application sets itself; it is not a current date, so it survives normalization.
HANDLER_DATE = 'Sun, 06 Nov 1994 08:49:37 GMT'


def app(environ, start_response):
    path = environ['PATH_INFO']
    if path == '/hello':
        start_response('200 OK', [('Content-Type', 'text/plain')])
        return [b'Hello World']
    if path == '/order':
        start_response('200 OK', [('X-First', '1'), ('Content-Type', 'text/plain'), ('X-Last', '2')])
        return [b'ordered']
    if path == '/date':
        start_response('200 OK', [('Date', HANDLER_DATE), ('Content-Type', 'text/plain')])
        return [b'dated']
    if path == '/close':
        start_response('200 OK', [('Connection', 'close'), ('Content-Type', 'text/plain')])
        return [b'closing']
    if path == '/keep':
        start_response('200 OK', [('Connection', 'keep-alive'), ('Content-Type', 'text/plain')])
        return [b'keeping']
    if path == '/length':
        start_response('200 OK', [('Content-Type', 'text/plain'), ('Content-Length', '5')])
        return [b'fixed']
    if path == '/stream':
        start_response('200 OK', [('Content-Type', 'text/html')])
        return (piece for piece in [b'<p>Hello', b'World</p>'])
    if path == '/write':
        write = start_response('200 OK', [('Content-Type', 'text/plain')])
        write(b'first,')
        write(b'second')
        return []
    if path == '/throw':
        raise ValueError('the handler failed on purpose')
    if path == '/no-content':
        start_response('204 No Content', [])
        return []
    if path == '/not-modified':
        start_response('304 Not Modified', [('ETag', '"v1"')])
        return []
    if path == '/empty':
        start_response('200 OK', [])
        return []
    if path == '/echo':
        body = environ['wsgi.input'].read()
        start_response('200 OK', [('Content-Type', 'application/octet-stream')])
        return [body]
    start_response('404 Not Found', [('Content-Type', 'text/plain')])
    return [b'Not Found']


GET_11 = b'GET %s HTTP/1.1\r\nHost: x\r\n\r\n'
GET_10 = b'GET %s HTTP/1.0\r\n\r\n'

# (name, raw request bytes), sent on one connection each.
CASES = [
    ('get', GET_11 % b'/hello'),
    ('get-1.0', GET_10 % b'/hello'),
    ('get-1.0-keep-alive', b'GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n' + GET_10 % b'/order'),
    ('get-client-close', b'GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' + GET_11 % b'/order'),
    ('keep-alive-pipelined', GET_11 % b'/hello' + GET_11 % b'/order' + GET_11 % b'/missing'),
    ('head', b'HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n'),
    ('head-stream', b'HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\n'),
    ('header-order', GET_11 % b'/order'),
    ('header-order-1.0', GET_10 % b'/order'),
    ('handler-date', GET_11 % b'/date'),
    ('handler-date-1.0', GET_10 % b'/date'),
    ('handler-close', GET_11 % b'/close' + GET_11 % b'/hello'),
    ('handler-close-1.0', b'GET /close HTTP/1.0\r\nConnection: keep-alive\r\n\r\n' + GET_10 % b'/hello'),
    ('handler-keep-alive-1.0', GET_10 % b'/keep'),
    ('handler-length', GET_11 % b'/length'),
    ('stream', GET_11 % b'/stream'),
    ('stream-1.0', GET_10 % b'/stream'),
    ('stream-1.0-keep-alive', b'GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'),
    ('write', GET_11 % b'/write'),
    ('write-1.0', GET_10 % b'/write'),
    ('throw', GET_11 % b'/throw' + GET_11 % b'/hello'),
    ('throw-1.0', GET_10 % b'/throw'),
    ('throw-1.0-keep-alive', b'GET /throw HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'),
    ('no-content', GET_11 % b'/no-content' + GET_11 % b'/hello'),
    ('no-content-1.0', GET_10 % b'/no-content'),
    ('not-modified', GET_11 % b'/not-modified'),
    ('empty', GET_11 % b'/empty'),
    ('not-found', GET_11 % b'/missing'),
    ('post-echo', b'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello' + GET_11 % b'/hello'),
    ('post-chunked', b'POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n'),
    ('post-unread-body', b'POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\nignored' + GET_11 % b'/order'),
    ('expect-continue', b'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello'),
    ('expect-continue-unread', b'POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello'),
    ('unknown-method', b'BREW /hello HTTP/1.1\r\nHost: x\r\n\r\n'),
    ('options-star', b'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n'),
    ('empty-line-first', b'\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n'),
    ('no-host', b'GET /hello HTTP/1.1\r\n\r\n'),
    ('space-before-colon', b'GET /hello HTTP/1.1\r\nHost : x\r\n\r\n'),
    ('length-and-chunked', b'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'),
    ('head-with-body', b'HEAD /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello'),
    ('http-0.9', b'GET /hello\r\n'),
    ('bad-request-line', b'GARBAGE\r\n\r\n'),
    ('bad-content-length', b'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'),
    ('bad-chunk-size', b'POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n'),
    ('bad-version', b'GET /hello HTTP/2.0\r\nHost: x\r\n\r\n'),
    ('request-line-too-long', b'GET /' + b'a' * 8200 + b' HTTP/1.1\r\nHost: x\r\n\r\n'),
]

_CURRENT_DATE = re.compile(rb'Date: (?!' + HANDLER_DATE.encode() + rb')[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\r\n')
_LOG_TIMES = re.compile(r'^(\S+ - - )\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\](.*) \d+\.\d{6}$')


def normalize_response(data):
    return _CURRENT_DATE.sub(b'Date: <date>\r\n', data)


def normalize_log(line):
    return _LOG_TIMES.sub(r'\1[<time>]\2 <seconds>', line.rstrip('\n'))


class Lines(object):
    def __init__(self):
        self.lines = []

    def write(self, text):
        self.lines.append(text)

    def flush(self):
        pass


def exchange(port, request):
    client = socket.create_connection(('127.0.0.1', port))
    client.settimeout(10)
    try:
        client.sendall(request)
        client.shutdown(socket.SHUT_WR)
        received = b''
        while True:
            data = client.recv(65536)
            if not data:
                return received
            received += data
    finally:
        client.close()


def main():
    log = Lines()
    server = WSGIServer(('127.0.0.1', 0), app, log=log, error_log=Lines())
    gevent.get_hub().exception_stream = None  # the /throw tracebacks are expected
    server.start()
    transcripts = []
    for name, request in CASES:
        del log.lines[:]
        response = exchange(server.server_port, request)
        gevent.sleep(0.01)  # let the connection's greenlet finish (it logs before it closes, but to be sure)
        transcripts.append({
            'name': name,
            'request': request.decode('latin-1'),
            'response': normalize_response(response).decode('latin-1'),
            'log': [normalize_log(line) for line in log.lines],
        })
    server.stop()
    json.dump(transcripts, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
