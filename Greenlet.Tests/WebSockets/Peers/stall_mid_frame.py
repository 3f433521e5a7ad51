# Opens COUNT WebSocket connections, sends each one the first bytes of a frame and stops there, then waits for the
# server to cut them. Prints "cut N of COUNT, with 1008: M, slowest after S s" (S: from the stall to end of stream).
# Usage: stall_mid_frame.py PORT COUNT
import selectors
import socket
import sys
import time

port, count = int(sys.argv[1]), int(sys.argv[2])
handshake = (b"GET /stall HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
conns = []
for _ in range(count):
    c = socket.create_connection(("127.0.0.1", port), timeout=30)
    c.sendall(handshake)
    conns.append(c)
received = {}
for c in conns:
    data = b""
    while b"\r\n\r\n" not in data:
        data += c.recv(4096)
    received[c] = data.split(b"\r\n\r\n", 1)[1]
stalled_at = {}
for c in conns:
    c.sendall(bytes([0x81, 0x85, 0, 0, 0, 0]) + b"he")  # "hello" announced, two bytes sent
    stalled_at[c] = time.monotonic()
selector = selectors.DefaultSelector()
for c in conns:
    c.setblocking(False)
    selector.register(c, selectors.EVENT_READ)
cut, codes, slowest = 0, 0, 0.0
deadline = time.monotonic() + 60
while cut < count and time.monotonic() < deadline:
    for key, _ in selector.select(timeout=1):
        c = key.fileobj
        try:
            data = c.recv(4096)
        except ConnectionResetError:
            data = b""
        if data:
            received[c] += data
            continue
        selector.unregister(c)
        cut += 1
        slowest = max(slowest, time.monotonic() - stalled_at[c])
        frame = received[c]
        if len(frame) >= 4 and frame[0] == 0x88 and frame[2:4] == (1008).to_bytes(2, "big"):
            codes += 1
print(f"cut {cut} of {count}, with 1008: {codes}, slowest after {slowest:.2f} s", flush=True)
