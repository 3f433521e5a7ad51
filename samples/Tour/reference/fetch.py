import gevent.monkey
gevent.monkey.patch_socket()

import gevent
import urllib.request
import json

# --- Port: there is no internet here, so instead of
# http://json-time.appspot.com/time.json we serve a tiny local JSON time
# endpoint from this same process (gevent pywsgi on 127.0.0.1, ephemeral
# port). It is deterministic:
#  * the "remote server load" is a fixed latency per pid (the client sends
#    ?pid=N), so the asynchronous completion order is always the same;
#  * "datetime" comes from a counter, not a clock: the Nth response the
#    server sends carries 2013-01-17T12:00:NNZ.
from urllib.parse import parse_qs
from gevent.pywsgi import WSGIServer

# seconds of server-side latency for each pid (1..9)
LATENCY = {1: 0.075, 2: 0.150, 3: 0.025, 4: 0.200, 5: 0.125,
           6: 0.225, 7: 0.050, 8: 0.175, 9: 0.100}

request_count = 0

def time_json(environ, start_response):
    global request_count
    pid = int(parse_qs(environ['QUERY_STRING'])['pid'][0])
    gevent.sleep(LATENCY[pid])
    request_count += 1
    body = json.dumps({'datetime': '2013-01-17T12:00:%02dZ' % request_count})
    start_response('200 OK', [('Content-Type', 'application/json')])
    return [body.encode('ascii')]

server = WSGIServer(('127.0.0.1', 0), time_json, log=None)
server.start()
URL = 'http://127.0.0.1:%d/time.json' % server.server_port
# --- end of port

def fetch(pid):
    response = urllib.request.urlopen(URL + '?pid=%d' % pid)
    result = response.read()
    json_result = json.loads(result)
    datetime = json_result['datetime']

    print('Process ', pid, datetime)
    return json_result['datetime']

def synchronous():
    for i in range(1,10):
        fetch(i)

def asynchronous():
    threads = []
    for i in range(1,10):
        threads.append(gevent.spawn(fetch, i))
    gevent.joinall(threads)

print('Synchronous:')
synchronous()

print('Asynchronous:')
asynchronous()

server.stop()
