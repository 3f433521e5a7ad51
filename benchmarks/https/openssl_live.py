"""OpenSSL's live memory per idle TLS connection, by allocation site: the server runs with openssl_live.so preloaded,
gets N idle TLS connections (one request each), and the growth of each site is printed per connection.
Usage: openssl_live.py <preload.so> <cert.pem> <key.pem> <count> <server command...>  (the server takes the port first)
"""
import os, shutil, socket, ssl, subprocess, sys, time

preload, cert, key, count, command = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:]
port = 18470
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
server = subprocess.Popen(command + [str(port), cert, key], stdout=subprocess.DEVNULL, env=dict(os.environ, LD_PRELOAD=preload))


def connect():
    sock = context.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost")
    sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
    data = b""
    while not data.endswith(b"Hello, World!"):
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        data += chunk
    return sock


def sites():
    request = f"/dev/shm/crypto-dump-{server.pid}"
    open(request, "w").close()
    while os.path.exists(request):
        time.sleep(0.1)
    rows = {}
    with open(request + ".txt") as dump:
        for line in dump:
            size, blocks, site = line.split()
            rows[site] = (int(size), int(blocks))
    os.remove(request + ".txt")
    return rows


try:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port)).close()
            break
        except OSError:
            time.sleep(0.1)
    warm = [connect() for _ in range(20)]  # the first handshakes' one-off state falls before the first reading
    time.sleep(0.5)
    before = sites()
    held = [connect() for _ in range(count)]
    time.sleep(0.5)
    after = sites()
    growth = sorted(((after[s][0] - before.get(s, (0, 0))[0], after[s][1] - before.get(s, (0, 0))[1], s) for s in after), reverse=True)
    for size, blocks, site in growth[:15]:
        print(f"{size / count:8.0f} B {blocks / count:5.1f} blocks  {site}")
    print(f"{sum(g[0] for g in growth) / count:8.0f} B per idle connection in all, {count} connections")
finally:
    server.terminate()
    server.wait()
