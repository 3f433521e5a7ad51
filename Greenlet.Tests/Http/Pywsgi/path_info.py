"""What gevent's pywsgi puts in PATH_INFO for targets with percent-escapes: %2F, %00, dot segments, UTF-8, and
malformed escapes, and a '#' (which pywsgi, like Kestrel, keeps as an ordinary byte). Prints one line per target:
the target, PATH_INFO's bytes (WSGI's latin-1 string) in hex, and QUERY_STRING, separated by tabs. HttpRequestParserTests reads path_info.out, this program's output under /usr/bin/python3 (gevent 22.10.2)."""
from gevent import pywsgi, socket

TARGETS = ['/a%2Fb', '/a%2fb', '/a%00b', '/a/%2e%2e/b', '/caf%C3%A9', '/bad%zz', '/a%2', '/100%25', '/sp%20ace',
           '/#frag', '/a?b=1#frag', '/a#b?c']


def app(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [('%s\t%s' % (environ['PATH_INFO'].encode('latin-1').hex(), environ['QUERY_STRING'])).encode('latin-1')]


server = pywsgi.WSGIServer(('127.0.0.1', 0), app, log=None)
server.start()
for target in TARGETS:
    sock = socket.create_connection(('127.0.0.1', server.server_port))
    sock.sendall(('GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' % target).encode())
    response = b''
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            break
        response += chunk
    sock.close()
    print('%s\t%s' % (target, response.split(b'\r\n\r\n', 1)[1].decode()))
server.stop()
