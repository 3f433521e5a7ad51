# The gevent pywsgi peer of the HTTP benchmark: "Hello, World!" as text/plain, no access log.
import sys
from gevent.pywsgi import WSGIServer

BODY = b"Hello, World!"

def application(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [BODY]

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8083
WSGIServer(('127.0.0.1', port), application, log=None).serve_forever()
