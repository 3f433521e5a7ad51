"""Opens N connections (TLS or plain) to a server, makes one request on each, and holds them idle; prints the
server's live managed bytes (GET /memory, after a full collection), bytes allocated and resident set size,
before and after, per connection.
Usage: idle.py <port> <count> <tls|plain>"""
import socket, ssl, sys

port, count, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE


def connect():
    raw = socket.create_connection(("127.0.0.1", port))
    return context.wrap_socket(raw, server_hostname="localhost") if mode == "tls" else raw


def request(sock, path):
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(4096)
    head, body = data.split(b"\r\n\r\n", 1)
    length = int([line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")][0])
    while len(body) < length:
        body += sock.recv(4096)
    return body.decode()


def memory():
    sock = connect()
    try:
        return tuple(map(int, request(sock, "/memory").split()))
    finally:
        sock.close()


memory()  # warm up: the first handshake and request
before, allocated_before, rss_before = memory()
held = []
for _ in range(count):
    sock = connect()
    request(sock, "/")
    held.append(sock)
after, allocated_after, rss_after = memory()
print(f"{mode}: {count} idle connections, per connection: live managed {(after - before) / count:.0f} B, "
      f"allocated {(allocated_after - allocated_before) / count:.0f} B, resident set {(rss_after - rss_before) / count:.0f} B")
for sock in held:
    sock.close()

# Bytes allocated per request on one kept-alive connection (the steady state: no handshake).
sock = connect()
request(sock, "/")
_, allocated_before, _ = tuple(map(int, request(sock, "/memory").split()))
for _ in range(2000):
    request(sock, "/")
_, allocated_after, _ = tuple(map(int, request(sock, "/memory").split()))
sock.close()
print(f"{mode}: allocated per kept-alive request: {(allocated_after - allocated_before) / 2000:.0f} B (one /memory request included)")
