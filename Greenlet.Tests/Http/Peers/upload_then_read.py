"""A client that uploads a whole body before it reads the answer, as simple clients do: it sends the head and
BODY_BYTES of body, shuts its sending side, then reads until the server closes, and prints the status line (or the
error that ended it). With --stall it declares BODY_BYTES but sends only an eighth of them and keeps its sending side
open; once it has read the response it trickles a kilobyte every 50 ms for at most 10 s, and prints a second line:
"server closed" when a send fails (the server stopped reading and closed), "still open" when the 10 s ran out.
Usage: upload_then_read.py PORT BODY_BYTES [PATH] [--stall]."""
import socket
import sys
import time

port, size = int(sys.argv[1]), int(sys.argv[2])
path = sys.argv[3] if len(sys.argv) > 3 else '/'
stall = '--stall' in sys.argv[4:]
sock = socket.create_connection(('127.0.0.1', port), timeout=20)
try:
    sock.sendall(b'POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n' % (path.encode(), size))
    chunk = b'x' * 65536
    sent = 0
    while sent < (size // 8 if stall else size):
        piece = chunk[:min(len(chunk), size - sent)]
        sock.sendall(piece)
        sent += len(piece)
    if not stall:
        sock.shutdown(socket.SHUT_WR)
    response = b''
    while True:
        data = sock.recv(65536)
        if not data:
            break
        response += data
    print(response.split(b'\r\n', 1)[0].decode('latin-1'))
    if stall:
        deadline = time.monotonic() + 10
        try:
            while time.monotonic() < deadline:
                sock.send(b'x' * 1024)
                time.sleep(0.05)
            print('still open')
        except OSError:
            print('server closed')
except OSError as error:
    print('error: %s' % type(error).__name__)
