"""Resident memory per idle connection held by a server, TLS against plain, read from outside the server.

For each mode the server is started fresh (the same program, with or without TLS), warmed up, then given idle
connections in two equal steps; after each step a full collection runs (GET /memory) and the server's VmRSS is read
from /proc/PID/status once it has stopped moving. The figure per connection is the growth of the second step divided
by its connections: one-off costs (OpenSSL's context, the first handshake, the JIT, the heap's first segments) fall in
the warm-up or the first step and cancel out. Each connection made one request before it went idle, as a browser's
does. Prints bytes per connection for each mode and the TLS/plain ratio (issue 18: <= 2).

Usage: idle_rss.py <server-dll> <cert.pem> <key.pem> [--count N] [--rounds R]
"""
import argparse, os, socket, ssl, statistics, subprocess, sys, time

parser = argparse.ArgumentParser()
parser.add_argument("dll")
parser.add_argument("cert")
parser.add_argument("key")
parser.add_argument("--count", type=int, default=1000, help="connections per step")
parser.add_argument("--rounds", type=int, default=3, help="fresh servers per mode; the median is reported")
parser.add_argument("--port", type=int, default=18450)
args = parser.parse_args()

client_context = ssl.create_default_context()
client_context.check_hostname = False
client_context.verify_mode = ssl.CERT_NONE


def vm_rss(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def settled_rss(pid):
    """VmRSS once two reads 200 ms apart agree within 64 KiB (at most 5 s)."""
    last = vm_rss(pid)
    for _ in range(25):
        time.sleep(0.2)
        now = vm_rss(pid)
        if abs(now - last) <= 64 * 1024:
            return now
        last = now
    return last


def connect(port, tls):
    raw = socket.create_connection(("127.0.0.1", port))
    return client_context.wrap_socket(raw, server_hostname="localhost") if tls else raw


def request(sock, path):
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = int([line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")][0])
    while len(body) < length:
        body += sock.recv(4096)
    return body.decode()


def managed_after_collection(port, tls):
    sock = connect(port, tls)
    try:
        return int(request(sock, "/memory").split()[0])
    finally:
        sock.close()


def wait_for_port(port, process):
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def measure(tls, port):
    # taskset execs the server, so the pid is the server's own.
    command = ["taskset", "-c", "0", "dotnet", args.dll, str(port), args.cert, args.key] + ([] if tls else ["plain"])
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    held = []
    try:
        wait_for_port(port, process)
        for _ in range(50):  # warm-up: handshakes, requests, the JIT's tiers; then closed
            sock = connect(port, tls)
            request(sock, "/")
            sock.close()
        readings = []
        for _ in range(2):
            for _ in range(args.count):
                sock = connect(port, tls)
                request(sock, "/")
                held.append(sock)
            managed = managed_after_collection(port, tls)
            readings.append((settled_rss(process.pid), managed))
        (rss1, managed1), (rss2, managed2) = readings
        return (rss2 - rss1) / args.count, (managed2 - managed1) / args.count
    finally:
        for sock in held:
            sock.close()
        process.terminate()
        process.wait()


results = {}
for round_number in range(args.rounds):
    for mode in ("plain", "tls"):
        # A new port each time: no TIME_WAIT or old listener in the way.
        port = args.port + 2 * round_number + (1 if mode == "tls" else 0)
        rss, managed = measure(mode == "tls", port)
        results.setdefault(mode, []).append((rss, managed))
        print(f"round {round_number + 1} {mode:5}: resident {rss:8.0f} B/connection, live managed {managed:7.0f} B/connection", flush=True)

summary = {mode: (statistics.median(r for r, _ in rows), statistics.median(m for _, m in rows)) for mode, rows in results.items()}
for mode in ("plain", "tls"):
    rss, managed = summary[mode]
    print(f"{mode:5} median of {args.rounds}: resident {rss:8.0f} B per idle connection, live managed {managed:7.0f} B")
plain_rss, tls_rss = summary["plain"][0], summary["tls"][0]
ratio = tls_rss / plain_rss if plain_rss > 0 else float("inf")
print(f"TLS/plain resident memory per idle connection: {ratio:.2f} (target <= 2.00); "
      f"{args.count} connections per step, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
sys.exit(0)
