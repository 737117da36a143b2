#!/usr/bin/env bash
# Benchmark: Rampart's port scan and service identification against nmap on 127.0.0.1.
# Opens a known set of scripted listeners on loopback (Python, one thread per connection; TLS from
# openssl s_server), then times:
#   rampart probe 127.0.0.1 --ports all --no-service-probes --no-tls  vs  nmap -sT -p- 127.0.0.1
#   rampart probe 127.0.0.1 --ports all --no-tls (scan + identify) vs  nmap -sT -p- + nmap -sV -p <open>
# and prints the open sets, whether they agree, and the service names side by side.
# Only 127.0.0.1 is touched. Usage: scripts/bench-ports.sh [path/to/rampart]
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${1:-.build/release/rampart}
if [[ ! -x $BIN ]]; then
  echo "building release binary..." >&2
  swift build -c release --product rampart >/dev/null
  BIN=.build/release/rampart
fi
command -v python3 >/dev/null || { echo "python3 is needed for the scripted listeners" >&2; exit 2; }
HAVE_NMAP=1
command -v nmap >/dev/null || { HAVE_NMAP=0; echo "nmap is not installed: only Rampart's figures are shown (apt-get install nmap)"; }

WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

# Fixed high ports, chosen so that no port number hints at the service behind it.
cat >"$WORK/listeners.py" <<'PY'
import socket, struct, threading, time, sys

def serve(port, handler):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port)); s.listen(128)
    def loop():
        while True:
            c, _ = s.accept()
            c.settimeout(10)
            threading.Thread(target=wrap, args=(handler, c), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()

def wrap(h, c):
    try: h(c)
    except Exception: pass
    finally:
        try: c.close()
        except Exception: pass

def lines(c):
    f = c.makefile("rb")
    while True:
        l = f.readline()
        if not l: return
        yield l.rstrip(b"\r\n")

def http(c):
    data = b""
    while b"\r\n\r\n" not in data:
        d = c.recv(4096)
        if not d: return
        data += d
    body = b"<html><head><title>City portal</title></head><body>ok</body></html>"
    c.sendall(b"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Type: text/html\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))

def redis(c):
    for l in lines(c):
        if l.upper() == b"PING": c.sendall(b"+PONG\r\n")
        elif l.upper().startswith(b"INFO"):
            b = b"# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\nos:Linux\r\n"
            c.sendall(b"$%d\r\n%s\r\n" % (len(b), b))
        else: c.sendall(b"-ERR unknown command\r\n")

def memcached(c):
    for l in lines(c):
        if l == b"stats": c.sendall(b"STAT pid 77\r\nSTAT uptime 100\r\nSTAT version 1.6.18\r\nEND\r\n")
        elif l == b"version": c.sendall(b"VERSION 1.6.18\r\n")
        else: c.sendall(b"ERROR\r\n")

def ssh(c):
    c.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"); c.recv(1024)

def smtp(c):
    c.sendall(b"220 mail.city.example ESMTP Postfix (Debian/GNU)\r\n")
    for l in lines(c):
        u = l.upper()
        if u.startswith(b"EHLO"): c.sendall(b"250-mail.city.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
        elif u.startswith(b"HELO"): c.sendall(b"250 mail.city.example\r\n")
        elif u.startswith(b"QUIT"): c.sendall(b"221 2.0.0 Bye\r\n"); return
        else: c.sendall(b"502 5.5.2 Error: command not recognized\r\n")

def ftp(c):
    c.sendall(b"220 (vsFTPd 3.0.3)\r\n")
    for l in lines(c):
        u = l.upper()
        if u.startswith(b"FEAT"): c.sendall(b"211-Features:\r\n EPRT\r\n EPSV\r\n PASV\r\n211 End\r\n")
        elif u.startswith(b"QUIT"): c.sendall(b"221 Goodbye.\r\n"); return
        else: c.sendall(b"530 Please login with USER and PASS.\r\n")

def mqtt(c):
    p = c.recv(1024)
    if p[:1] == b"\x10": c.sendall(b"\x20\x02\x00\x00"); c.recv(16)

def postgres(c):
    p = c.recv(1024)
    if p == b"\x00\x00\x00\x08\x04\xd2\x16\x2f": c.sendall(b"N"); p = c.recv(4096)
    if len(p) >= 8:
        msg = b"SFATAL\x00VFATAL\x00C0A000\x00Munsupported frontend protocol\x00\x00"
        c.sendall(b"E" + struct.pack(">I", len(msg) + 4) + msg)

def mysql(c):
    version = b"8.0.36"
    payload = b"\x0a" + version + b"\x00" + struct.pack("<I", 11) + b"ABCDEFGH" + b"\x00"
    payload += struct.pack("<H", 0xF7FF) + b"\x21" + struct.pack("<H", 2) + struct.pack("<H", 0x81FF) + b"\x15" + b"\x00" * 10
    payload += b"IJKLMNOPQRST\x00" + b"caching_sha2_password\x00"
    c.sendall(struct.pack("<I", len(payload))[:3] + b"\x00" + payload); c.recv(1024)

def silent(c):
    time.sleep(8)

servers = {19001: http, 19002: redis, 19003: memcached, 19004: ssh, 19005: smtp, 19006: ftp,
           19007: mqtt, 19008: postgres, 19009: mysql, 19010: silent}
for port, h in servers.items(): serve(port, h)
print("ready", flush=True)
while True: time.sleep(3600)
PY
python3 "$WORK/listeners.py" >"$WORK/listeners.log" 2>&1 &
PIDS+=($!)

# TLS (HTTPS) from OpenSSL's test server, with a throwaway self-signed certificate.
if command -v openssl >/dev/null; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=localhost -days 1 \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" >/dev/null 2>&1
  openssl s_server -quiet -accept 127.0.0.1:19011 -cert "$WORK/cert.pem" -key "$WORK/key.pem" -www </dev/null >/dev/null 2>&1 &
  PIDS+=($!)
fi
for _ in $(seq 50); do grep -q ready "$WORK/listeners.log" 2>/dev/null && break; sleep 0.1; done
sleep 0.5

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }

best() { sort -n | head -1; }
RUNS=${RUNS:-3}
echo "== $RUNS alternating runs each: rampart --ports all --no-service-probes / nmap -sT -p-"
R_TIMES=(); N_TIMES=()
for i in $(seq "$RUNS"); do
  t0=$(now); "$BIN" probe 127.0.0.1 --ports all --no-service-probes --no-tls --evidence "$WORK/r-scan.json" -q || true; t1=$(now)
  R_TIMES+=("$(elapsed "$t0" "$t1")")
  if [[ $HAVE_NMAP == 1 ]]; then
    t0=$(now); nmap -sT -p- -n -oG "$WORK/n-scan.gnmap" 127.0.0.1 >/dev/null; t1=$(now)
    N_TIMES+=("$(elapsed "$t0" "$t1")")
  fi
done
R_SCAN=$(printf '%s\n' "${R_TIMES[@]}" | best)
echo "== rampart --ports all (scan + service identification)"
t0=$(now); "$BIN" probe 127.0.0.1 --ports all --no-tls --evidence "$WORK/r-full.json" -q || true; t1=$(now)
R_FULL=$(elapsed "$t0" "$t1")

python3 - "$WORK/r-full.json" >"$WORK/r-open.txt" <<'PY'
import json, sys
for h in json.load(open(sys.argv[1]))["hosts"]:
    for p in h["ports"]:
        if p["state"] == "open":
            product = p.get("product") or ""
            version = p.get("version") or ""
            name = product + (" " + version if version and version not in product else "")
            print(p["port"], p.get("service", "?"), name, "| auth:", p.get("authentication", "-"), "| tls:", p.get("tls"), "upgrade:", p.get("tlsUpgrade", "-"))
PY
R_OPEN=$(cut -d' ' -f1 "$WORK/r-open.txt" | sort -n | paste -sd, -)

if [[ $HAVE_NMAP == 1 ]]; then
  N_SCAN=$(printf '%s\n' "${N_TIMES[@]}" | best)
  N_OPEN=$(grep -o '[0-9]*/open/' "$WORK/n-scan.gnmap" | cut -d/ -f1 | sort -n | paste -sd, -)
  echo "== nmap -sT -sV -p <open> 127.0.0.1"
  t0=$(now); nmap -sT -sV -n -p "$N_OPEN" -oG "$WORK/n-sv.gnmap" 127.0.0.1 >/dev/null; t1=$(now)
  N_SV=$(elapsed "$t0" "$t1")
fi

echo
echo "================ results ================"
echo "rampart scan runs: ${R_TIMES[*]}"
[[ $HAVE_NMAP == 1 ]] && echo "nmap -sT runs:     ${N_TIMES[*]}"
printf '%-44s %8ss\n' "rampart scan, all ports (best of $RUNS)" "$R_SCAN"
printf '%-44s %8ss\n' "rampart scan + identification" "$R_FULL"
if [[ $HAVE_NMAP == 1 ]]; then
  printf '%-44s %8ss\n' "nmap -sT -p- (best of $RUNS)" "$N_SCAN"
  printf '%-44s %8ss\n' "nmap -sV on the open ports" "$N_SV"
  printf '%-44s %8ss\n' "nmap total (-sT -p- then -sV)" "$(python3 -c "print(f'{$N_SCAN + $N_SV:.2f}')")"
fi
echo
echo "rampart open: $R_OPEN"
if [[ $HAVE_NMAP == 1 ]]; then
  echo "nmap open:    $N_OPEN"
  if [[ $R_OPEN == "$N_OPEN" ]]; then echo "open sets: AGREE"; else echo "open sets: DIFFER (ports other processes open and close between runs show up here)"; fi
  KNOWN=$(seq -s, 19001 19011)
  mine() { tr , '\n' | awk '$1>=19001 && $1<=19011' | paste -sd, -; }
  if [[ $(echo "$R_OPEN" | mine) == "$KNOWN" && $(echo "$N_OPEN" | mine) == "$KNOWN" ]]; then
    echo "benchmark listeners (19001-19011): both found all 11"
  else
    echo "benchmark listeners (19001-19011): rampart $(echo "$R_OPEN" | mine) / nmap $(echo "$N_OPEN" | mine)"
  fi
  echo
  echo "service names side by side (port | rampart | nmap -sV)"
  python3 - "$WORK/r-open.txt" "$WORK/n-sv.gnmap" <<'PY'
import re, sys
ours = {}
for line in open(sys.argv[1]):
    port, rest = line.split(" ", 1)
    ours[int(port)] = rest.strip()
theirs = {}
for line in open(sys.argv[2]):
    if "Ports:" in line:
        for entry in line.split("Ports:")[1].split("\t")[0].split(","):
            f = entry.strip().split("/")
            if len(f) >= 7 and f[1] == "open":
                theirs[int(f[0])] = (f[4] + " " + f[6]).strip()
for port in sorted(set(ours) | set(theirs)):
    print(f"{port:>6} | {ours.get(port, '-'):<70} | {theirs.get(port, '-')}")
PY
else
  cat "$WORK/r-open.txt"
fi

echo
# Industrial and IoT protocols: Rampart and nmap NSE on the same scripted devices (skips nmap visibly).
python3 scripts/bench-ics.py "$BIN"
