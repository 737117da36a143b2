#!/usr/bin/env python3
"""Regenerates the seed corpora in testdata/fuzz/<target>/ (docs/fuzzing.md).

TLS flights are captured from `openssl s_server` on 127.0.0.1 (a ClientHello made by Python's ssl module,
the server's raw reply read off the socket); certificates come from `openssl req`; the rest are small,
real-looking protocol replies and copies of the repository's own inputs. Needs openssl on PATH.
  testdata/fuzz/make-seeds.py [RAMPART_BINARY]   (the binary, when given, makes the evidence and report seeds)
"""
import os, shutil, socket, ssl, struct, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEP = b"~~~~"   # ScriptedPeer.separator: splits one input into the server's successive replies


def put(target, name, data):
    d = os.path.join(HERE, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def record(ctype, payload, version=0x0303):
    return struct.pack(">BHH", ctype, version, len(payload)) + payload


def handshake(htype, body):
    return struct.pack(">B", htype) + len(body).to_bytes(3, "big") + body


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def capture_flight(tmp, server_args, client_ctx):
    """The raw bytes an `openssl s_server` sends back to one ClientHello (first flight only)."""
    port = free_port()
    server = subprocess.Popen(["openssl", "s_server", "-accept", f"127.0.0.1:{port}", "-naccept", "1", "-quiet",
                               "-cert", os.path.join(tmp, "cert.pem"), "-key", os.path.join(tmp, "key.pem")] + server_args,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("s_server did not start")
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        obj = client_ctx.wrap_bio(incoming, outgoing, server_hostname="localhost")
        try:
            obj.do_handshake()
        except ssl.SSLWantReadError:
            pass
        sock.sendall(outgoing.read())
        data = b""
        sock.settimeout(1)
        try:
            while len(data) < 65536:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            pass
        sock.close()
        return data
    finally:
        server.kill()
        server.wait()


def client(maximum, ciphers=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.maximum_version = maximum
    if ciphers:
        ctx.set_ciphers(ciphers)
    return ctx


def tls_seeds():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", os.path.join(tmp, "key.pem"),
                        "-out", os.path.join(tmp, "cert.pem")], check=True, capture_output=True)
        flights = {
            "tls13": capture_flight(tmp, [], client(ssl.TLSVersion.TLSv1_3)),
            "tls12-ecdhe": capture_flight(tmp, ["-no_tls1_3"], client(ssl.TLSVersion.TLSv1_2, "ECDHE-RSA-AES128-GCM-SHA256")),
            "tls12-dhe": capture_flight(tmp, ["-no_tls1_3"], client(ssl.TLSVersion.TLSv1_2, "DHE-RSA-AES128-GCM-SHA256")),
        }
        # Certificates as peers send them (DER): RSA with SANs, EC P-256, and the captured chain's leaf.
        for name, key in [("rsa", "rsa:2048"), ("ec", "ec"), ("ed25519", "ed25519")]:
            extra = ["-pkeyopt", "ec_paramgen_curve:P-256"] if key == "ec" else []
            keyarg = "ec" if key == "ec" else key
            subprocess.run(["openssl", "req", "-x509", "-newkey", keyarg, *extra, "-nodes", "-days", "30",
                            "-subj", f"/C=NL/O=City of Example/CN={name}.example.gov",
                            "-addext", f"subjectAltName=DNS:{name}.example.gov,DNS:*.example.gov,IP:192.0.2.7,IP:2001:db8::7,email:ops@example.gov",
                            "-keyout", os.path.join(tmp, f"{name}.key"), "-outform", "DER", "-out", os.path.join(tmp, f"{name}.der")],
                           check=True, capture_output=True)
            put("x509", f"{name}.der", open(os.path.join(tmp, f"{name}.der"), "rb").read())

    hrr_random = bytes.fromhex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C")
    hrr_body = b"\x03\x03" + hrr_random + b"\x20" + bytes(range(32)) + b"\x13\x01\x00" + \
        struct.pack(">H", 12) + b"\x00\x2b\x00\x02\x03\x04" + b"\x00\x33\x00\x02\x00\x18"
    hrr = record(22, handshake(2, hrr_body))
    alert = record(21, b"\x02\x28")
    sslv2_body = b"\x04\x00\x01\x00\x02" + struct.pack(">HHH", 0, 6, 16) + bytes.fromhex("0700c0010080") + bytes(16)
    sslv2 = struct.pack(">H", 0x8000 | len(sslv2_body)) + sslv2_body
    http_on_tls = b"HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n"
    flights.update({"hrr": hrr, "alert": alert, "sslv2": sslv2, "plain-http": http_on_tls})
    for name, data in flights.items():
        # tls-record: control byte (bit 0: want ServerKeyExchange; the rest: where to split the reads).
        put("tls-record", f"{name}", b"\x01" + data)
        put("tls-record", f"{name}-split", b"\x0b" + data)
    # tls-hello: message bodies alone.
    def first_hello_body(flight):
        # record header (5) + handshake header (4)
        n = int.from_bytes(flight[6:9], "big")
        return flight[9:9 + n]
    for name in ["tls13", "tls12-ecdhe", "tls12-dhe"]:
        put("tls-hello", f"serverhello-{name}", first_hello_body(flights[name]))
    put("tls-hello", "hrr", hrr_body)
    put("tls-hello", "sslv2", sslv2)
    dh_p = bytes([0xFF]) * 256
    put("tls-hello", "ske-dhe", b"\x00\x9e" + struct.pack(">H", len(dh_p)) + dh_p + b"\x00\x01\x02")
    put("tls-hello", "ske-ecdhe", b"\xc0\x2f" + b"\x03\x00\x17\x41" + bytes(65))


def http_seeds():
    put("http", "nginx-hardened", "HTTP/1.1 200 OK\r\nServer: nginx\r\nDate: Mon, 30 Nov 2026 02:00:00 GMT\r\nContent-Type: text/html\r\n"
        "Content-Length: 5\r\nStrict-Transport-Security: max-age=63072000; includeSubDomains; preload\r\n"
        "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'\r\nX-Content-Type-Options: nosniff\r\n"
        "Referrer-Policy: no-referrer\r\nSet-Cookie: session=abc123; Path=/; Secure; HttpOnly; SameSite=Strict\r\n\r\nhello")
    put("http", "redirect-cookies", "HTTP/1.1 302 Found\r\nLocation: https://user:pw@portal.example.gov/login\r\n"
        "Set-Cookie: id=1; Domain=example.gov; Expires=Wed, 21 Oct 2026 07:28:00 GMT\r\nSet-Cookie: __Host-x=2; Secure; Path=/\r\n"
        "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
    put("http", "http10", "HTTP/1.0 404 Not Found\nServer: Apache/2.4.62\nX-Powered-By: PHP/8.3\n\n")


def banner_seeds():
    put("banner", "ssh", "SSH-2.0-OpenSSH_9.6p1 Debian-4\r\n")
    put("banner", "smtp", b"220 mail.example.gov ESMTP Postfix\r\n" + SEP +
        b"250-mail.example.gov\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n")
    put("banner", "ftp", b"220-Welcome\r\n220 (vsFTPd 3.0.5)\r\n" + SEP + b"500 Unknown command.\r\n" + SEP +
        b"211-Features:\r\n AUTH TLS\r\n PASV\r\n UTF8\r\n211 End\r\n")
    put("banner", "pop3", "+OK Dovecot ready.\r\n")
    put("banner", "imap", "* OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready.\r\n")
    put("banner", "vnc", "RFB 003.008\n")
    put("banner", "telnet", bytes([0xFF, 0xFD, 0x18, 0xFF, 0xFD, 0x20]))
    version = b"8.0.36"
    payload = b"\x0a" + version + b"\x00" + struct.pack("<I", 8) + b"abcdefgh" + b"\x00" + struct.pack("<H", 0xFFFF) + \
        b"\xff\x02\x00" + struct.pack("<H", 0xDFFF) + b"\x15" + bytes(10) + b"ijklmnopqrst\x00" + b"caching_sha2_password\x00"
    put("banner", "mysql", struct.pack("<I", len(payload))[:3] + b"\x00" + payload)
    err = b"\xff" + struct.pack("<H", 1130) + b"#HY000Host '192.0.2.9' is not allowed to connect to this MySQL server"
    put("banner", "mysql-refused", struct.pack("<I", len(err))[:3] + b"\x00" + err)


def bson(fields):
    body = b""
    for key, value in fields:
        k = key.encode() + b"\x00"
        if isinstance(value, bool):
            body += b"\x08" + k + (b"\x01" if value else b"\x00")
        elif isinstance(value, int):
            body += b"\x10" + k + struct.pack("<i", value)
        elif isinstance(value, float):
            body += b"\x01" + k + struct.pack("<d", value)
        elif isinstance(value, str):
            s = value.encode() + b"\x00"
            body += b"\x02" + k + struct.pack("<i", len(s)) + s
        elif isinstance(value, list):
            body += b"\x04" + k + bson([(str(i), v) for i, v in enumerate(value)])
        elif isinstance(value, dict):
            body += b"\x03" + k + bson(list(value.items()))
    return struct.pack("<i", len(body) + 5) + body + b"\x00"


def op_msg(request_id, doc):
    body = struct.pack("<I", 0) + b"\x00" + doc
    return struct.pack("<iiii", 16 + len(body), 99, request_id, 2013) + body


def datastore_seeds():
    # Control byte: 0 Redis, 1 Memcached, 2 MongoDB, 3 PostgreSQL, 4 MQTT, 5 TLS hello detector.
    put("datastore", "redis-open", b"\x00+PONG\r\n" + SEP + b"$58\r\n# Server\r\nredis_version:7.2.4\r\nredis_mode:standalone\r\nos:Linux\r\n\r\n")
    put("datastore", "redis-auth", b"\x00-NOAUTH Authentication required.\r\n")
    put("datastore", "memcached", b"\x01STAT pid 1\r\nSTAT uptime 42\r\nSTAT version 1.6.29\r\nSTAT threads 4\r\nEND\r\n")
    hello = bson([("isWritablePrimary", True), ("maxWireVersion", 21), ("minWireVersion", 0), ("ok", 1.0)])
    build = bson([("version", "7.0.14"), ("versionArray", [7, 0, 14, 0]), ("ok", 1.0)])
    dbs = bson([("databases", [{"name": "admin"}, {"name": "portal"}]), ("ok", 1.0)])
    denied = bson([("ok", 0.0), ("errmsg", "command listDatabases requires authentication"), ("code", 13), ("codeName", "Unauthorized")])
    put("datastore", "mongodb-open", b"\x02" + op_msg(1, hello) + SEP + op_msg(2, build) + SEP + op_msg(3, dbs))
    put("datastore", "mongodb-auth", b"\x02" + op_msg(1, hello) + SEP + op_msg(2, build) + SEP + op_msg(3, denied))
    put("datastore", "postgresql", b"\x03S")
    put("datastore", "mqtt", b"\x04\x20\x02\x00\x05")
    put("datastore", "tls", b"\x05\x16\x03\x03\x00\x7a\x02")


def http_api_seeds():
    def resp(status, body, ctype="application/json", extra=""):
        return (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n{extra}\r\n{body}").encode()
    es = '{"name":"node-1","cluster_name":"city","version":{"number":"8.15.0","build_flavor":"default"},"tagline":"You Know, for Search"}'
    put("http-api", "elasticsearch", resp("200 OK", es, extra="X-Elastic-Product: Elasticsearch\r\n"))
    docker = '{"Version":"27.3.1","ApiVersion":"1.47","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0"}'
    put("http-api", "docker", resp("404 Not Found", '{"message":"page not found"}') + SEP + resp("200 OK", docker, extra="Api-Version: 1.47\r\nServer: Docker/27.3.1 (linux)\r\n"))
    put("http-api", "etcd", resp("404 Not Found", "404 page not found\n", "text/plain") + SEP +
        resp("200 OK", '{"etcdserver":"3.5.16","etcdcluster":"3.5.0"}') + SEP + resp("200 OK", '{"header":{},"enabled":false}'))
    k8s = '{"major":"1","minor":"31","gitVersion":"v1.31.2","platform":"linux/amd64"}'
    forbidden = '{"kind":"Status","apiVersion":"v1","status":"Failure","message":"forbidden: User \\"system:anonymous\\" cannot get path \\"/\\"","reason":"Forbidden","code":403}'
    put("http-api", "kubernetes", resp("403 Forbidden", forbidden) + SEP + resp("200 OK", k8s) + SEP + resp("403 Forbidden", forbidden))
    pods = '{"kind":"PodList","apiVersion":"v1","items":[{"metadata":{"name":"portal-0","namespace":"city"}}]}'
    put("http-api", "kubelet", resp("404 Not Found", "404 page not found\n", "text/plain") + SEP + resp("404 Not Found", "", "text/plain") + SEP + resp("200 OK", pods))
    put("http-api", "basic-auth", resp("401 Unauthorized", "", "text/html", 'WWW-Authenticate: Basic realm="admin"\r\nServer: Apache\r\n'))
    first, second = b'{"cluster_name":"city","version":', b'{"number":"2.17.1","distribution":"opensearch"}}'
    put("http-api", "chunked", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n" +
        b"%x\r\n%s\r\n%x;ext=1\r\n%s\r\n0\r\n\r\n" % (len(first), first, len(second), second))


def file_seeds(rampart):
    for target in ["yaml", "manifest"]:
        for src in ["testdata/k8s/hardened.yaml", "testdata/compose/insecure.yaml",
                    "testdata/compose/hardened.yaml", "testdata/examples/city-portal/k8s/portal.yaml"]:
            put(target, src.replace("testdata/", "").replace("/", "-"), open(os.path.join(ROOT, src), "rb").read())
    put("yaml", "anchors.yaml", "base: &b {a: 1, b: [x, y]}\nuse: *b\nmerge:\n  <<: *b\n  c: 'quoted'\n---\n- !!str 1\n- |\n  block\n")
    for name in sorted(os.listdir(os.path.join(ROOT, "policies"))):
        if name.endswith(".yaml"):
            put("policy", name, open(os.path.join(ROOT, "policies", name), "rb").read())
    if rampart:
        with tempfile.TemporaryDirectory() as tmp:
            ev = os.path.join(tmp, "evidence.json")
            rep = os.path.join(tmp, "report.json")
            # Small inputs fuzz faster: one file each.
            subprocess.run([rampart, "scan", "--evidence", ev, "--output", f"json={rep}", "-q",
                            os.path.join(ROOT, "testdata/examples/city-portal/k8s/portal.yaml")], capture_output=True)
            subprocess.run([rampart, "scan", "--output", f"json={rep}", "-q",
                            os.path.join(ROOT, "testdata/compose/insecure.yaml")], capture_output=True)
            put("evidence", "scan.json", open(ev, "rb").read())
            import json
            report = json.load(open(rep))
            # Three findings are enough to reach every writer; the whole report would slow each run.
            report["findings"] = report.get("findings", [])[:3]
            used = {f.get("ruleID") for f in report["findings"]}
            if isinstance(report.get("rules"), list):
                report["rules"] = [r for r in report["rules"] if r.get("id") in used]
            put("report", "scan.json", json.dumps(report, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    tls_seeds()
    http_seeds()
    banner_seeds()
    datastore_seeds()
    http_api_seeds()
    file_seeds(sys.argv[1] if len(sys.argv) > 1 else None)
