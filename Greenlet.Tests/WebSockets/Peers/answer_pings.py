# A WebSocket client that answers every ping at once for a while, then sends "hi" and prints what it got:
# "pings N reply <frame>", or how the server ended the connection. Usage: answer_pings.py PORT SECONDS
import socket
import sys
import time

port, seconds = int(sys.argv[1]), float(sys.argv[2])
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
buf = b""
while b"\r\n\r\n" not in buf:
    buf += s.recv(4096)
buf = buf.split(b"\r\n\r\n", 1)[1]
pings = 0
end = time.monotonic() + seconds
s.settimeout(0.02)
while time.monotonic() < end:
    try:
        data = s.recv(4096)
        if not data:
            print("closed after", pings, "pings")
            sys.exit(0)
        buf += data
    except socket.timeout:
        pass
    while len(buf) >= 2 and len(buf) >= 2 + (buf[1] & 127):
        opcode, length = buf[0] & 15, buf[1] & 127
        payload, buf = buf[2:2 + length], buf[2 + length:]
        if opcode == 9:
            pings += 1
            s.sendall(bytes([0x8A, 0x80 | len(payload), 0, 0, 0, 0]) + payload)  # a pong, masked with a zero key
        elif opcode == 8:
            print("close", payload, "after", pings, "pings")
            sys.exit(0)
s.settimeout(10)
s.sendall(bytes([0x81, 0x82, 0, 0, 0, 0]) + b"hi")
print("pings", pings, "reply", s.recv(100))
