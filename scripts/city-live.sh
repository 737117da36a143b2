#!/usr/bin/env bash
# Loopback servers for the example city's live endpoints (testdata/examples/city/design.yaml), with the
# same deliberate drift the manifests carry:
#   127.0.0.1:18443  feedback portal, TLS (openssl s_server, certificate made now for feedback.city.example,
#                    TLS 1.2 and 1.3) — the design asks for `modern` (TLS 1.3 only) on 127.0.0.1
#   127.0.0.1:18080  open-data API, plain HTTP where the design declares HTTPS
#   127.0.0.1:11883  sensor gateway, MQTT accepting anonymous clients (design: password)
#   127.0.0.1:16379  cache, Redis answering PING without AUTH (design: password)
#   127.0.0.1:19229  a debug listener no service declares
#   127.0.0.1:18444  identity provider: declared, deliberately not started
# Usage: scripts/city-live.sh start|stop|status   (then: swift run rampart audit -c testdata/examples/city/rampart.yaml --live)
# Everything listens on 127.0.0.1 only; state (keys, logs, pids) lives in testdata/examples/city/.rampart/live.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
state="$root/testdata/examples/city/.rampart/live"
pids="$state/pids"

stop() {
    [[ -f "$pids" ]] || { echo "city-live: not running"; return 0; }
    while read -r pid; do
        # Only our own processes, by the ids recorded at start.
        [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
    done < "$pids"
    rm -f "$pids"
    echo "city-live: stopped"
}

wait_port() {
    for _ in $(seq 1 50); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "city-live: port $1 did not open; see $state/*.log" >&2
    return 1
}

start() {
    command -v openssl >/dev/null || { echo "city-live: openssl is required" >&2; exit 2; }
    command -v python3 >/dev/null || { echo "city-live: python3 is required" >&2; exit 2; }
    [[ -f "$pids" ]] && stop
    mkdir -p "$state"
    cd "$state"
    # A throwaway CA and a certificate for the portal's public name, made at run time (never committed).
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 2 \
        -subj "/CN=Example City Test CA" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=keyCertSign 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout feedback.key -out feedback.csr \
        -subj "/CN=feedback.city.example" 2>/dev/null
    printf 'subjectAltName=DNS:feedback.city.example\nextendedKeyUsage=serverAuth\n' > feedback.ext
    openssl x509 -req -in feedback.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile feedback.ext \
        -out feedback.pem 2>/dev/null

    : > "$pids"
    # OpenSSL's defaults accept TLS 1.2 and 1.3: below the design's `modern` profile.
    openssl s_server -accept 127.0.0.1:18443 -cert feedback.pem -key feedback.key -www -quiet \
        > s_server.log 2>&1 < /dev/null &
    echo $! >> "$pids"
    python3 - > services.log 2>&1 <<'PY' &
import socket, socketserver, threading

class Redis(socketserver.StreamRequestHandler):
    def handle(self):
        for _ in range(100):
            line = self.rfile.readline(512)
            if not line:
                return
            cmd = line.strip().upper()
            if cmd.startswith(b"*"):           # RESP array: read the bulk strings, keep the first word
                words = []
                for _ in range(min(int(cmd[1:] or 0), 8)):
                    self.rfile.readline(64)
                    words.append(self.rfile.readline(512).strip().upper())
                cmd = b" ".join(words)
            if cmd == b"PING":
                self.wfile.write(b"+PONG\r\n")
            elif cmd.startswith(b"INFO"):
                body = b"# Server\r\nredis_version:7.4.1\r\nredis_mode:standalone\r\n"
                self.wfile.write(b"$%d\r\n%s\r\n" % (len(body), body))
            else:
                self.wfile.write(b"-ERR unknown command\r\n")

class MQTT(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(5)
        data = self.request.recv(512)
        if data[:1] == b"\x10":
            self.request.sendall(b"\x20\x02\x00\x00")   # CONNACK, return code 0: anonymous accepted
            try:
                self.request.recv(64)
            except OSError:
                pass

class HTTP(socketserver.StreamRequestHandler):
    body = b"<h1>ok</h1>"
    def handle(self):
        self.request.settimeout(5)
        for _ in range(100):
            line = self.rfile.readline(2048)
            if line in (b"\r\n", b"\n", b""):
                break
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
                         % (len(self.body), self.body))

class Debug(HTTP):
    body = b"debug console"

class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

servers = [Server(("127.0.0.1", port), handler) for port, handler in
           [(16379, Redis), (11883, MQTT), (18080, HTTP), (19229, Debug)]]
for s in servers[1:]:
    threading.Thread(target=s.serve_forever, daemon=True).start()
servers[0].serve_forever()
PY
    echo $! >> "$pids"
    for port in 18443 16379 11883 18080 19229; do wait_port "$port"; done
    echo "city-live: listening on 127.0.0.1:18443 (TLS), 18080 (HTTP), 11883 (MQTT), 16379 (Redis), 19229 (debug)"
    echo "city-live: now run: swift run rampart audit -c testdata/examples/city/rampart.yaml --live"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) [[ -f "$pids" ]] && cat "$pids" || echo "city-live: not running" ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
