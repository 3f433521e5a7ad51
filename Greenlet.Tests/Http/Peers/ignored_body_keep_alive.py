"""Python's http.client against a handler that never reads the request body: POST BODY_BYTES to PATH, then GET PATH
on the same connection. Prints each status, and whether both went over one TCP connection.
Usage: ignored_body_keep_alive.py PORT BODY_BYTES PATH."""
import http.client
import sys

port, size, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
connection = http.client.HTTPConnection('127.0.0.1', port, timeout=20)
connection.request('POST', path, body=b'x' * size)
first = connection.getresponse()
first.read()
local = connection.sock.getsockname() if connection.sock else None
try:
    connection.request('GET', path)
    second = connection.getresponse()
    second.read()
    again = connection.sock.getsockname() if connection.sock else None
    print(first.status, second.status, 'same connection' if local is not None and local == again else 'new connection')
except (http.client.HTTPException, OSError) as error:
    print(first.status, 'error: %s' % type(error).__name__)
