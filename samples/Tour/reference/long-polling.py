import gevent
from gevent.queue import Queue, Empty
from gevent.pywsgi import WSGIServer
import json  # the tutorial uses simplejson; the stdlib json is equivalent here

data_source = Queue()

def producer():
    while True:
        data_source.put_nowait('Hello World')
        gevent.sleep(1)

def ajax_endpoint(environ, start_response):
    status = '200 OK'
    headers = [
        ('Content-Type', 'application/json')
    ]

    try:
        datum = data_source.get(timeout=5)
    except Empty:
        datum = []

    start_response(status, headers)
    # Python 3: a WSGI body is an iterable of bytes, not a str
    return [json.dumps(datum).encode()]

# --- Reference-run change: instead of WSGIServer(('', 8000), ajax_endpoint)
# .serve_forever() we serve on an ephemeral port of 127.0.0.1 and act as our
# own client: three long polls while the producer runs, then the producer is
# stopped and a fourth poll shows the 5 s timeout path (an empty list).
# Each line shows the time (whole seconds) the poll returned and its body.
import time
import gevent.socket

producer_greenlet = gevent.spawn(producer)
server = WSGIServer(('127.0.0.1', 0), ajax_endpoint)
server.start()
start = time.time()

def poll():
    conn = gevent.socket.create_connection(('127.0.0.1', server.server_port))
    conn.sendall(b'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')
    received = b''
    while True:
        data = conn.recv(4096)
        if not data:
            break
        received += data
    conn.close()
    head, _, body = received.partition(b'\r\n\r\n')
    status = head.split(b'\r\n')[0].decode()
    return status, body.decode()

def client():
    for i in range(1, 4):
        status, body = poll()
        print('poll %d at %1.0f s: %s %s' % (i, time.time() - start, status, body))
    producer_greenlet.kill()
    print('producer stopped')
    status, body = poll()
    print('poll %d at %1.0f s: %s %s' % (4, time.time() - start, status, body))

gevent.spawn(client).join(timeout=20)
server.stop()
