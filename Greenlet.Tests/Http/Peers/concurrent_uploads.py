"""COUNT clients upload BODY_BYTES each to PATH at the same time (threads, one connection each, Python's http.client,
Content-Length or, with --chunked, chunked framing), and print one line: each distinct "status body" with how many
clients got it, sorted, e.g. "50x 200 2000000 bytes". Usage: concurrent_uploads.py PORT COUNT BODY_BYTES PATH [--chunked]."""
import collections
import http.client
import sys
import threading

port, count, size, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
chunked = '--chunked' in sys.argv[5:]
results = collections.Counter()
lock = threading.Lock()
start = threading.Barrier(count)


def pieces():
    piece = b'x' * 65536
    sent = 0
    while sent < size:
        part = piece[:min(len(piece), size - sent)]
        sent += len(part)
        yield part


def upload():
    start.wait()
    try:
        conn = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
        if chunked:
            conn.request('POST', path, body=pieces(), encode_chunked=True)
        else:
            conn.request('POST', path, body=b'x' * size)
        response = conn.getresponse()
        outcome = '%d %s' % (response.status, response.read().decode())
        conn.close()
    except Exception as e:
        outcome = type(e).__name__
    with lock:
        results[outcome] += 1


threads = [threading.Thread(target=upload) for _ in range(count)]
for t in threads:
    t.start()
for t in threads:
    t.join(90)
print(', '.join('%dx %s' % (n, outcome) for outcome, n in sorted(results.items())), flush=True)
