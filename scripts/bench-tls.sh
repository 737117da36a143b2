#!/usr/bin/env bash
# Benchmark of `rampart probe` against sslyze, sslscan and testssl.sh on a local fleet of differently
# configured `openssl s_server`s (127.0.0.1 only). Prints wall time per tool, handshakes rampart used, and
# whether each peer's accepted protocol + suite sets agree with rampart's. A missing peer is reported and
# skipped. Usage: scripts/bench-tls.sh   (RAMPART=path/to/rampart to skip the release build;
# TESTSSL_ARGS to change testssl.sh's checks; default: its standard checks plus -E, the per-protocol suite list
# that the comparison needs).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=$(mktemp -d -t rampart-bench-XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

RAMPART=${RAMPART:-}
if [ -z "$RAMPART" ]; then
  echo "building rampart (release)..." >&2
  swift build -c release -q >&2 || exit 2
  RAMPART="$ROOT/.build/release/rampart"
fi

# --- test PKI -------------------------------------------------------------------------------------
cd "$WORK"
o() { openssl "$@" >/dev/null 2>&1 || { echo "openssl $* failed" >&2; exit 2; }; }
o req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 30 -subj "/CN=Bench Root" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > leaf.ext
for kind in rsa ec; do
  if [ $kind = rsa ]; then keyopt=(-newkey rsa:2048); else keyopt=(-newkey ec -pkeyopt ec_paramgen_curve:P-256); fi
  o req "${keyopt[@]}" -nodes -keyout $kind.key -out $kind.csr -subj /CN=localhost
  o x509 -req -in $kind.csr -CA root.pem -CAkey root.key -CAcreateserial -days 30 -sha256 -extfile leaf.ext -out $kind.pem
done
o dhparam -out dh1024.pem 1024

# --- fleet -----------------------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
declare -A CONF=(
  [tls12-only]="-cert rsa.pem -key rsa.key -no_tls1_3 -serverpref"
  [tls13-only]="-cert rsa.pem -key rsa.key -tls1_3"
  [legacy]="-cert rsa.pem -key rsa.key -no_tls1_3 -min_protocol TLSv1 -cipher ALL:@SECLEVEL=0 -dhparam dh1024.pem"
  [ecdsa]="-cert ec.pem -key ec.key"
  [default]="-cert rsa.pem -key rsa.key"
)
NAMES=(tls12-only tls13-only legacy ecdsa default)
TARGETS=()
: > fleet.txt
for name in "${NAMES[@]}"; do
  port=$(free_port)
  # shellcheck disable=SC2086
  openssl s_server -accept 127.0.0.1:$port -www -quiet ${CONF[$name]} </dev/null >"server-$name.log" 2>&1 &
  PIDS+=($!)
  disown $! 2>/dev/null # no "Killed" notice at cleanup
  TARGETS+=("127.0.0.1:$port")
  echo "$name 127.0.0.1:$port" >> fleet.txt
done
# Interactive mode (no -www): s_server reads 0-RTT data only there.
port=$(free_port)
openssl s_server -accept 127.0.0.1:$port -quiet -cert rsa.pem -key rsa.key -early_data </dev/null >"server-early-data.log" 2>&1 &
PIDS+=($!)
disown $! 2>/dev/null
TARGETS+=("127.0.0.1:$port")
echo "early-data 127.0.0.1:$port" >> fleet.txt
NAMES+=(early-data)
for t in "${TARGETS[@]}"; do
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/${t##*:}) 2>/dev/null && break; sleep 0.1; done
done
echo "fleet:"; sed 's/^/  /' fleet.txt

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }
declare -A TIME

# --- rampart ---------------------------------------------------------------------------------------
t0=$(now)
"$RAMPART" probe "${TARGETS[@]}" --ca-file root.pem --timeout 5 --evidence rampart.json --format json --output json=rampart-report.json -q >/dev/null 2>rampart.err
t1=$(now); TIME[rampart]=$(elapsed "$t0" "$t1")

# --- peers -----------------------------------------------------------------------------------------
if python3 -m sslyze --help >/dev/null 2>&1; then
  t0=$(now)
  python3 -m sslyze --quiet --json_out sslyze.json "${TARGETS[@]}" >/dev/null 2>sslyze.err
  t1=$(now); TIME[sslyze]=$(elapsed "$t0" "$t1")
else
  echo "sslyze: not installed (pip install sslyze); skipped"
fi
if command -v sslscan >/dev/null; then
  t0=$(now)
  for t in "${TARGETS[@]}"; do sslscan --no-colour --xml="sslscan-${t##*:}.xml" "$t" >/dev/null 2>&1; done
  t1=$(now); TIME[sslscan]=$(elapsed "$t0" "$t1")
else
  echo "sslscan: not installed; skipped"
fi
TESTSSL=$(command -v testssl.sh || command -v testssl || true)
if [ -n "$TESTSSL" ]; then
  t0=$(now)
  for t in "${TARGETS[@]}"; do
    # shellcheck disable=SC2086
    "$TESTSSL" --quiet --color 0 --warnings off ${TESTSSL_ARGS:--p -s -f -P -S -h -U -E} --jsonfile "testssl-${t##*:}.json" "$t" >/dev/null 2>&1
  done
  t1=$(now); TIME[testssl]=$(elapsed "$t0" "$t1")
else
  echo "testssl.sh: not installed; skipped"
fi

openssl ciphers -V -stdname 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' 2>/dev/null | awk '{print $5, $3}' > openssl-names.txt
for tool in rampart sslyze sslscan testssl; do echo "$tool ${TIME[$tool]:-}"; done > times.txt

# --- comparison ------------------------------------------------------------------------------------
python3 - <<'PY'
import json, glob, os, re, xml.etree.ElementTree as ET
fleet = [l.split() for l in open("fleet.txt")]
times = dict((l.split() + [""])[:2] for l in open("times.txt"))
ossl = dict(l.split() for l in open("openssl-names.txt") if len(l.split()) == 2)
V = {"SSLv2": "SSLv2", "SSLv3": "SSLv3", "TLSv1.0": "TLSv1.0", "TLSv1.1": "TLSv1.1", "TLSv1.2": "TLSv1.2", "TLSv1.3": "TLSv1.3"}

def rampart():
    d = json.load(open("rampart.json"))
    out, hs = {}, {}
    for e in d.get("tls", []):
        key = f"{e['ip']}:{e['port']}"
        out[key] = {(v, s) for v, ss in e.get("suites", {}).items() for s in ss}
        hs[key] = e.get("handshakes", 0)
    return out, hs, d.get("problems", [])

def sslyze():
    if not os.path.exists("sslyze.json"): return None
    d = json.load(open("sslyze.json"))
    names = {"ssl_2_0_cipher_suites": "SSLv2", "ssl_3_0_cipher_suites": "SSLv3", "tls_1_0_cipher_suites": "TLSv1.0",
             "tls_1_1_cipher_suites": "TLSv1.1", "tls_1_2_cipher_suites": "TLSv1.2", "tls_1_3_cipher_suites": "TLSv1.3"}
    out = {}
    for r in d.get("server_scan_results", []):
        loc = r["server_location"]
        key = f"{loc.get('ip_address') or loc['hostname']}:{loc['port']}"
        acc = set()
        for k, v in names.items():
            res = ((r.get("scan_result") or {}).get(k) or {}).get("result") or {}
            for c in res.get("accepted_cipher_suites", []):
                acc.add((v, c["cipher_suite"]["name"]))
        out[key] = acc
    return out

def sslscan():
    files = glob.glob("sslscan-*.xml")
    if not files: return None
    out = {}
    for f in files:
        port = f.split("-")[1].split(".")[0]
        acc = set()
        try:
            root = ET.parse(f).getroot()
        except ET.ParseError:
            continue
        for c in root.iter("cipher"):
            if c.get("status") in ("accepted", "preferred"):
                name = c.get("cipher")
                acc.add((c.get("sslversion"), ossl.get(name, name)))
        out[f"127.0.0.1:{port}"] = acc
    return out

def testssl():
    files = glob.glob("testssl-*.json")
    if not files: return None
    proto = {"ssl2": "SSLv2", "ssl3": "SSLv3", "tls1": "TLSv1.0", "tls1_1": "TLSv1.1", "tls1_2": "TLSv1.2", "tls1_3": "TLSv1.3"}
    out = {}
    for f in files:
        port = f.split("-")[1].split(".")[0]
        acc = set()
        try:
            items = json.load(open(f))
        except Exception:
            continue
        for it in items:
            m = re.match(r"cipher-(ssl2|ssl3|tls1|tls1_1|tls1_2|tls1_3)_x", it.get("id", ""))
            if m and "not offered" not in it.get("finding", ""):
                acc.add((proto[m.group(1)], it["finding"].split()[-1]))
        out[f"127.0.0.1:{port}"] = acc
    return out

ram, hs, problems = rampart()
peers = {"sslyze": sslyze(), "sslscan": sslscan(), "testssl": testssl()}
print()
print(f"{'server':<12} {'target':<17} {'rampart (proto,suite)':>22} {'handshakes':>10}  " + "  ".join(f"{p:>18}" for p in peers))
diffs = []
for name, target in fleet:
    row = f"{name:<12} {target:<17} {len(ram.get(target, set())):>22} {hs.get(target, 0):>10}  "
    cells = []
    for p, res in peers.items():
        if res is None: cells.append(f"{'n/a':>18}"); continue
        theirs = res.get(target)
        if theirs is None: cells.append(f"{'no result':>18}"); continue
        mine = ram.get(target, set())
        if theirs == mine:
            cells.append(f"{'agree (' + str(len(theirs)) + ')':>18}")
        else:
            cells.append(f"{'DIFFER ' + str(len(theirs)):>18}")
            diffs.append((name, p, sorted(mine - theirs), sorted(theirs - mine)))
    print(row + "  ".join(cells))
print()
print("wall time for the whole fleet (s): " + ", ".join(f"{t}={times.get(t) or 'n/a'}" for t in ["rampart", "sslyze", "sslscan", "testssl"]))
fastest = min((float(v), k) for k, v in times.items() if v and k != "rampart") if any(v for k, v in times.items() if k != "rampart") else None
if fastest and times.get("rampart"):
    print(f"rampart / fastest peer ({fastest[1]}): {float(times['rampart']) / fastest[0]:.2f}")
print(f"handshakes used by rampart: {sum(hs.values())} total")
for p in problems: print("rampart problem:", p["message"])

# The TLS 1.3 details sslyze reports (its default run includes --early_data, --resum, --elliptic_curves).
def details():
    d = json.load(open("rampart.json"))
    mine = {}
    for e in d.get("tls", []):
        r = e.get("resumption") or {}
        mine[f"{e['ip']}:{e['port']}"] = {
            "early data": r.get("earlyData"),
            "session id resumption": r.get("sessionID"),
            "ticket resumption": r.get("ticket") if r.get("ticket") is not None else r.get("tls13Ticket"),
            # sslyze lists elliptic curves only.
            "groups": frozenset(g.lower() for g in e.get("groups", []) if not g.startswith("ffdhe")),
        }
    theirs = {}
    if os.path.exists("sslyze.json"):
        alias = {"prime256v1": "secp256r1"}
        for r in json.load(open("sslyze.json")).get("server_scan_results", []):
            loc = r["server_location"]
            sr = r.get("scan_result") or {}
            get = lambda k: ((sr.get(k) or {}).get("result") or {})
            res = get("session_resumption")
            theirs[f"{loc.get('ip_address') or loc['hostname']}:{loc['port']}"] = {
                "early data": get("tls_1_3_early_data").get("supports_early_data"),
                "session id resumption": (res.get("session_id_resumption_result") in ("FULLY_SUPPORTED", "PARTIALLY_SUPPORTED")) if res else None,
                "ticket resumption": (res.get("tls_ticket_resumption_result") == "SUCCEEDED") if res else None,
                "groups": frozenset(alias.get(c["name"].lower(), c["name"].lower()) for c in get("elliptic_curves").get("supported_curves", []) or []),
            }
    print()
    if not theirs:
        print("TLS 1.3 details (early data, resumption, groups): sslyze not run; rampart's view:")
    agree = total = 0
    for name, target in fleet:
        m = mine.get(target)
        if m is None: continue
        t = theirs.get(target)
        cells = []
        for k in ["early data", "session id resumption", "ticket resumption", "groups"]:
            mv = sorted(m[k]) if k == "groups" else m[k]
            if t is None:
                cells.append(f"{k}={mv}")
                continue
            total += 1
            tv = sorted(t[k]) if k == "groups" else t[k]
            if mv == tv:
                agree += 1
                cells.append(f"{k}: agree")
            else:
                cells.append(f"{k}: DIFFER rampart={mv} sslyze={tv}")
        print(f"  {name:<12} " + "; ".join(cells))
    if total: print(f"TLS 1.3 details: rampart and sslyze agree on {agree}/{total}")
details()
for name, p, only_mine, only_theirs in diffs:
    print(f"\n{name} vs {p}:")
    if only_mine: print("  only rampart:", ", ".join(f"{v} {s}" for v, s in only_mine))
    if only_theirs: print(f"  only {p}:", ", ".join(f"{v} {s}" for v, s in only_theirs))
PY

# --- STARTTLS side by side -------------------------------------------------------------------------
# An SMTP front end (Python, 127.0.0.1) speaks the plaintext preamble, then relays the bytes to an
# s_server backend; rampart --starttls smtp, sslyze --starttls smtp and testssl.sh --starttls smtp audit
# it. Accepted protocol + suite sets must agree. SKIP_STARTTLS=1 leaves this part out.
[ -n "${SKIP_STARTTLS:-}" ] && exit 0
echo; echo "STARTTLS (smtp):"
cd "$WORK"
bport=$(free_port); fport=$(free_port)
openssl s_server -accept 127.0.0.1:$bport -www -quiet -cert rsa.pem -key rsa.key -no_tls1_3 -min_protocol TLSv1 \
  -cipher 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA:AES128-SHA:@SECLEVEL=0' </dev/null >server-smtp.log 2>&1 &
PIDS+=($!); disown $! 2>/dev/null
cat > smtp-front.py <<'PY'
import socket, sys, threading, select
backend, port = int(sys.argv[1]), int(sys.argv[2])
def line(c):
    b = b""
    while not b.endswith(b"\n") and len(b) < 4096:
        x = c.recv(1)
        if not x: return None
        b += x
    return b.strip()
def serve(c):
    c.settimeout(10)
    try:
        c.sendall(b"220 bench ESMTP\r\n")
        if not (line(c) or b"").upper().startswith((b"EHLO", b"HELO")): return
        c.sendall(b"250-bench\r\n250-AUTH PLAIN\r\n250 STARTTLS\r\n")
        while True:
            l = line(c)
            if l is None: return
            if l.upper() == b"STARTTLS": break
            if l.upper().startswith(b"EHLO"): c.sendall(b"250-bench\r\n250 STARTTLS\r\n")
            else: c.sendall(b"250 ok\r\n")
        c.sendall(b"220 go ahead\r\n")
        b = socket.create_connection(("127.0.0.1", backend), timeout=10)
        while True:
            r, _, _ = select.select([c, b], [], [], 10)
            if not r: return
            for s in r:
                d = s.recv(16384)
                if not d: return
                (b if s is c else c).sendall(d)
    except OSError:
        pass
    finally:
        c.close()
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port)); srv.listen(64)
while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
python3 smtp-front.py "$bport" "$fport" >front.log 2>&1 &
PIDS+=($!); disown $! 2>/dev/null
for p in $bport $fport; do for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && break; sleep 0.1; done; done
T="127.0.0.1:$fport"
declare -A STIME
t0=$(now); "$RAMPART" probe "$T" --starttls smtp --ca-file root.pem --timeout 5 --evidence st-rampart.json --format json -q >/dev/null 2>st-rampart.err
t1=$(now); STIME[rampart]=$(elapsed "$t0" "$t1")
if python3 -m sslyze --help >/dev/null 2>&1; then
  t0=$(now); python3 -m sslyze --quiet --starttls smtp --json_out st-sslyze.json "$T" >/dev/null 2>st-sslyze.err
  t1=$(now); STIME[sslyze]=$(elapsed "$t0" "$t1")
else echo "sslyze: not installed; skipped"; fi
if [ -n "$TESTSSL" ]; then
  t0=$(now); "$TESTSSL" --quiet --color 0 --warnings off --starttls smtp -p -E --jsonfile st-testssl.json "$T" >/dev/null 2>&1
  t1=$(now); STIME[testssl]=$(elapsed "$t0" "$t1")
else echo "testssl.sh: not installed; skipped"; fi
for tool in rampart sslyze testssl; do echo "$tool ${STIME[$tool]:-}"; done > st-times.txt
python3 - "$T" <<'PY'
import json, os, re, sys
target = sys.argv[1]
times = dict((l.split() + [""])[:2] for l in open("st-times.txt"))
d = json.load(open("st-rampart.json"))
mine = {(v, s) for e in d.get("tls", []) for v, ss in e.get("suites", {}).items() for s in ss}
starttls = {e.get("starttls") for e in d.get("tls", [])}
for p in d.get("problems", []): print("rampart problem:", p["message"])
peers = {}
if os.path.exists("st-sslyze.json"):
    names = {"ssl_3_0_cipher_suites": "SSLv3", "tls_1_0_cipher_suites": "TLSv1.0", "tls_1_1_cipher_suites": "TLSv1.1",
             "tls_1_2_cipher_suites": "TLSv1.2", "tls_1_3_cipher_suites": "TLSv1.3"}
    acc = set()
    for r in json.load(open("st-sslyze.json")).get("server_scan_results", []):
        for k, v in names.items():
            res = ((r.get("scan_result") or {}).get(k) or {}).get("result") or {}
            acc |= {(v, c["cipher_suite"]["name"]) for c in res.get("accepted_cipher_suites", [])}
    peers["sslyze"] = acc
if os.path.exists("st-testssl.json"):
    proto = {"ssl3": "SSLv3", "tls1": "TLSv1.0", "tls1_1": "TLSv1.1", "tls1_2": "TLSv1.2", "tls1_3": "TLSv1.3"}
    acc = set()
    for it in json.load(open("st-testssl.json")):
        m = re.match(r"cipher-(ssl3|tls1|tls1_1|tls1_2|tls1_3)_x", it.get("id", ""))
        if m and "not offered" not in it.get("finding", ""): acc.add((proto[m.group(1)], it["finding"].split()[-1]))
    peers["testssl"] = acc
print(f"  rampart: {len(mine)} (protocol, suite) pairs through starttls={','.join(sorted(filter(None, starttls))) or 'none'}")
for p, theirs in peers.items():
    print(f"  {p}: {'agree' if theirs == mine else 'DIFFER'} ({len(theirs)})")
    if theirs != mine:
        if mine - theirs: print("    only rampart:", ", ".join(f"{v} {s}" for v, s in sorted(mine - theirs)))
        if theirs - mine: print(f"    only {p}:", ", ".join(f"{v} {s}" for v, s in sorted(theirs - mine)))
print("  wall time (s): " + ", ".join(f"{t}={times.get(t) or 'n/a'}" for t in ["rampart", "sslyze", "testssl"]))
peer_times = [(float(v), k) for k, v in times.items() if v and k != "rampart"]
if peer_times and times.get("rampart"):
    best = min(peer_times)
    print(f"  rampart / fastest peer ({best[1]}): {float(times['rampart']) / best[0]:.2f}")
PY
