#!/usr/bin/env python3
"""Industrial / IoT benchmark: Rampart against nmap NSE on the same scripted devices on 127.0.0.1.

Starts scripted Modbus/TCP, S7, OPC UA, DNP3, RTSP (TCP) and SNMP, BACnet/IP, CoAP (UDP) devices on fixed
loopback ports, runs `rampart probe 127.0.0.1 --ports ...,U:...` once, then the nmap NSE scripts
modbus-discover, s7-info, rtsp-methods, snmp-info and bacnet-info on the matching ports, and prints what each
names, side by side, with times. nmap missing: said so, Rampart's column only. Only 127.0.0.1 is touched.
Usage: scripts/bench-ics.py [path/to/rampart]
"""
import json, os, shutil, socket, struct, subprocess, sys, tempfile, threading, time

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/release/rampart"
TCP = {"modbus": 19502, "s7": 19102, "opcua": 19484, "dnp3": 19200, "rtsp": 19554}
UDP = {"snmp": 19161, "bacnet": 19808, "coap": 19683}

def tcp_server(port, handler):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port)); s.listen(64)
    def loop():
        while True:
            c, _ = s.accept(); c.settimeout(5)
            threading.Thread(target=run, args=(handler, c), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()

def run(handler, c):
    try: handler(c)
    except Exception: pass
    finally: c.close()

def udp_server(port, handler):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", port))
    def loop():
        while True:
            data, peer = s.recvfrom(65535)
            for reply in handler(data): s.sendto(reply, peer)
    threading.Thread(target=loop, daemon=True).start()

def tpkt(payload): return struct.pack(">BBH", 3, 0, len(payload) + 4) + payload

def read_tpkt(c):
    head = c.recv(4)
    if len(head) < 4: return b""
    body = b""
    while len(body) < struct.unpack(">H", head[2:4])[0] - 4:
        chunk = c.recv(4096)
        if not chunk: break
        body += chunk
    return head + body

def modbus(c):
    while True:
        req = c.recv(260)
        if len(req) < 8: return
        tid, unit, fn = req[0:2], req[6], req[7]
        if fn == 0x2B:
            objs = b"".join(bytes([i, len(v)]) + v for i, v in enumerate([b"Acme", b"PLC-1", b"v1.2"]))
            pdu = bytes([unit, 0x2B, 0x0E, 0x01, 0x01, 0x00, 0x00, 3]) + objs
        else:
            pdu = bytes([unit, fn | 0x80, 0x01])
        c.sendall(tid + b"\x00\x00" + struct.pack(">H", len(pdu)) + pdu)

def s7(c):
    cr = read_tpkt(c)
    if len(cr) < 6 or cr[5] != 0xE0: return
    c.sendall(tpkt(bytes.fromhex("11D00001000100C0010AC1020100C2020102")))
    while True:
        req = read_tpkt(c)
        if len(req) < 9: return
        if req[8] == 0x01:
            c.sendall(tpkt(bytes.fromhex("02F080320300000001000800000000F0000001000101E0")))
        elif req[8] == 0x07:
            szl_id = req[-4:-2] if len(req) >= 4 else b"\x00\x11"
            text = b"6ES7 315-2EH14-0AB0 " if szl_id == b"\x00\x11" else b"CPU 315-2 PN/DP".ljust(20)
            record = b"\x00\x01" + text + b"\x00" * 6
            szl = szl_id + b"\x00\x00" + struct.pack(">HH", len(record), 1) + record
            data = b"\xFF\x09" + struct.pack(">H", len(szl)) + szl
            params = bytes.fromhex("000112081284010000000000")
            c.sendall(tpkt(b"\x02\xF0\x80\x32\x07\x00\x00\x00\x02" + struct.pack(">HH", len(params), len(data)) + params + data))
        else:
            return

def le32(v): return struct.pack("<I", v & 0xFFFFFFFF)
def ua_str(s): return b"\xff\xff\xff\xff" if s is None else le32(len(s)) + s.encode()
def ua_msg(t, body): return t.encode() + b"F" + le32(len(body) + 8) + body
RESPONSE_HEADER = b"\x00" * 8 + le32(1) + le32(0) + b"\x00" + b"\xff\xff\xff\xff" + b"\x00\x00\x00"

def ua_endpoint(mode, policy):
    e = ua_str("opc.tcp://127.0.0.1:19484") + ua_str("urn:plc") + ua_str("urn:p") + b"\x02" + ua_str("PLC") + le32(0)
    e += ua_str(None) + ua_str(None) + le32(-1) + ua_str(None) + le32(mode) + ua_str("http://opcfoundation.org/UA/SecurityPolicy#" + policy)
    e += le32(1) + ua_str("anon") + le32(0) + ua_str(None) * 3 + ua_str(None) + b"\x00"
    return e

def opcua(c):
    def read():
        head = c.recv(8)
        if len(head) < 8: return b""
        body = b""
        while len(body) < struct.unpack("<I", head[4:8])[0] - 8:
            chunk = c.recv(65536)
            if not chunk: break
            body += chunk
        return head + body
    if not read().startswith(b"HELF"): return
    c.sendall(ua_msg("ACK", le32(0) + le32(65536) + le32(65536) + le32(0) + le32(0)))
    if not read().startswith(b"OPNF"): return
    body = le32(7) + ua_str("http://opcfoundation.org/UA/SecurityPolicy#None") + ua_str(None) * 2 + le32(1) + le32(1)
    body += b"\x01\x00\xC1\x01" + RESPONSE_HEADER + le32(0) + le32(7) + le32(3) + b"\x00" * 8 + le32(600000) + ua_str(None)
    c.sendall(ua_msg("OPN", body))
    if not read().startswith(b"MSGF"): return
    eps = [ua_endpoint(1, "None"), ua_endpoint(3, "Basic256Sha256")]
    c.sendall(ua_msg("MSG", le32(7) + le32(3) + le32(2) + le32(2) + b"\x01\x00\xAF\x01" + RESPONSE_HEADER + le32(len(eps)) + b"".join(eps)))
    read()

def dnp3_crc(data):
    crc = 0
    for b in data:
        crc ^= b
        for _ in range(8): crc = (crc >> 1) ^ 0xA6BC if crc & 1 else crc >> 1
    return struct.pack("<H", ~crc & 0xFFFF)

def dnp3(c):
    req = c.recv(292)
    if len(req) < 10 or req[:2] != b"\x05\x64": return
    head = bytes([0x05, 0x64, 0x05, 0x0B, 0xFC, 0xFF, 0x01, 0x00])
    c.sendall(head + dnp3_crc(head))
    c.recv(10)

def rtsp(c):
    buf = b""
    while True:
        chunk = c.recv(4096)
        if not chunk: return
        buf += chunk
        while b"\r\n\r\n" in buf:
            req, buf = buf.split(b"\r\n\r\n", 1)
            method = req.split(b" ", 1)[0]
            cseq = [l.split(b":", 1)[1].strip() for l in req.split(b"\r\n") if l.lower().startswith(b"cseq:")]
            cseq = cseq[0] if cseq else b"0"
            if method == b"OPTIONS":
                c.sendall(b"RTSP/1.0 200 OK\r\nCSeq: " + cseq + b"\r\nServer: BenchCam/1.0\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n")
            elif method == b"DESCRIBE":
                sdp = b"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nm=video 0 RTP/AVP 96\r\n"
                c.sendall(b"RTSP/1.0 200 OK\r\nCSeq: " + cseq + b"\r\nContent-Type: application/sdp\r\nContent-Length: " + str(len(sdp)).encode() + b"\r\n\r\n" + sdp)
            else:
                c.sendall(b"RTSP/1.0 405 Method Not Allowed\r\nCSeq: " + cseq + b"\r\n\r\n")

def ber(tag, body):
    if len(body) < 128: return bytes([tag, len(body)]) + body
    return bytes([tag, 0x82]) + struct.pack(">H", len(body)) + body

def ber_read(b, i):
    tag, n = b[i], b[i + 1]; i += 2
    if n & 0x80:
        k = n & 0x7F; n = int.from_bytes(b[i:i + k], "big"); i += k
    return tag, b[i:i + n], i + n

SNMP_VALUES = {bytes.fromhex("2B06010201010100"): ber(0x04, b"Linux bench-gw 5.10"),
               bytes.fromhex("2B06010201010200"): ber(0x06, bytes.fromhex("2B06010401080702")),
               bytes.fromhex("2B06010201010300"): ber(0x43, b"\x01\x00\x00"),
               bytes.fromhex("2B06010201010400"): ber(0x04, b"ops@city"),
               bytes.fromhex("2B06010201010500"): ber(0x04, b"bench-gw"),
               bytes.fromhex("2B06010201010600"): ber(0x04, b"server room")}

def snmp(data):
    try:
        _, msg, _ = ber_read(data, 0)
        _, version, i = ber_read(msg, 0)
        _, community, i = ber_read(msg, i)
        tag, pdu, _ = ber_read(msg, i)
        if community != b"public" or tag not in (0xA0, 0xA1): return []
        _, rid, j = ber_read(pdu, 0); _, _, j = ber_read(pdu, j); _, _, j = ber_read(pdu, j)
        _, binds, _ = ber_read(pdu, j)
        out, k = b"", 0
        while k < len(binds):
            _, bind, k = ber_read(binds, k)
            _, oid, _ = ber_read(bind, 0)
            if tag == 0xA1:  # GetNext: next of our small table
                keys = sorted(SNMP_VALUES)
                later = [o for o in keys if o > oid]
                oid = later[0] if later else oid
            out += ber(0x30, ber(0x06, oid) + SNMP_VALUES.get(oid, b"\x80\x00"))
        return [ber(0x30, ber(0x02, version) + ber(0x04, community) + ber(0xA2, ber(0x02, rid) + b"\x02\x01\x00\x02\x01\x00" + ber(0x30, out)))]
    except Exception:
        return []

def bacnet(data):
    if len(data) < 8 or data[0] != 0x81: return []
    npdu_len = 2
    apdu = data[4 + npdu_len:]
    if len(apdu) >= 4 and apdu[0] >> 4 == 0 and apdu[3] == 0x0C:
        prop = apdu[-1]
        values = {77: b"\x75\x09\x00Boiler-1", 121: b"\x75\x0B\x00Acme Corp", 120: b"\x21\x0F", 44: b"\x75\x04\x001.0", 12: b"\x75\x04\x002.3", 70: b"\x75\x05\x00BX-1", 28: b"\x75\x05\x00boil"}
        if prop not in values:  # Error: class property (2), code unknown-property (32)
            return [b"\x81\x0A\x00\x0D\x01\x00\x50" + bytes([apdu[2], 0x0C]) + b"\x91\x02\x91\x20"]
        body = b"\x01\x00" + bytes([0x30, apdu[2], 0x0C]) + b"\x0C\x02\x00\x04\xD2" + bytes([0x19, prop]) + b"\x3E" + values[prop] + b"\x3F"
        return [b"\x81\x0A" + struct.pack(">H", len(body) + 4) + body]
    if len(apdu) >= 2 and apdu[0] == 0x10 and apdu[1] == 0x08:
        return [bytes.fromhex("810A0014010010" + "00C4020004D22205C49100210F")]
    return []

def coap(data):
    if len(data) < 4 or data[0] >> 6 != 1 or data[1] != 0x01: return []
    return [bytes([0x60, 0x45, data[2], data[3], 0xC1, 0x28, 0xFF]) + b"</sensors/temp>;rt=\"temp\",</actuators/valve>"]

def main():
    for name, handler in [("modbus", modbus), ("s7", s7), ("opcua", opcua), ("dnp3", dnp3), ("rtsp", rtsp)]:
        tcp_server(TCP[name], handler)
    for name, handler in [("snmp", snmp), ("bacnet", bacnet), ("coap", coap)]:
        udp_server(UDP[name], handler)
    time.sleep(0.3)
    work = tempfile.mkdtemp()
    evidence = os.path.join(work, "r.json")
    spec = ",".join(str(p) for p in TCP.values()) + ",U:" + ",".join(str(p) for p in UDP.values())
    t0 = time.time()
    subprocess.run([BIN, "probe", "127.0.0.1", "--ports", spec, "--no-tls", "--evidence", evidence, "-q"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r_time = time.time() - t0
    ours = {}
    try:
        for host in json.load(open(evidence))["hosts"]:
            for p in host["ports"]:
                if p["state"] == "open":
                    d = p.get("details") or {}
                    extra = ", ".join(f"{k}={v}" for k, v in sorted(d.items()) if k != "protocol.class")
                    ours[(p["port"], p.get("transport", "tcp"))] = f'{p.get("service", "?")} {p.get("product") or ""} {extra}'.strip()
    except (OSError, ValueError, KeyError) as e:
        print(f"rampart produced no evidence: {e}")
    scripts = [("modbus-discover", TCP["modbus"], "tcp"), ("s7-info", TCP["s7"], "tcp"), ("rtsp-methods", TCP["rtsp"], "tcp"),
               ("snmp-info", UDP["snmp"], "udp"), ("bacnet-info", UDP["bacnet"], "udp")]
    theirs, n_time = {}, 0.0
    nmap = shutil.which("nmap")
    if nmap:
        for script, port, proto in scripts:
            args = [nmap, "-n", "-Pn", "-p", str(port), "--script", script, "127.0.0.1"]
            args.insert(1, "-sU" if proto == "udp" else "-sT")
            t0 = time.time()
            out = subprocess.run(args, capture_output=True, text=True, timeout=120)
            n_time += time.time() - t0
            lines = [l.strip("|_ ").strip() for l in out.stdout.splitlines() if l.startswith("|")]
            theirs[(port, proto)] = "; ".join(lines)[:110] or (out.stderr.strip().splitlines() or ["no output"])[-1][:110]
    print("== industrial and IoT protocols on scripted devices (127.0.0.1)")
    print(f"{'port':>11} | {'rampart':<70} | nmap NSE")
    nse = {port: script for script, port, _ in scripts}
    for proto, table in (("tcp", TCP), ("udp", UDP)):
        for name, port in table.items():
            right = theirs.get((port, proto), f"({nse[port]}: nmap not installed)" if not nmap and port in nse else "(no NSE script compared)" if port not in nse else "-")
            print(f"{port:>7}/{proto} | {ours.get((port, proto), '- (not identified)')[:70]:<70} | {right}")
    print(f"rampart, all {len(TCP) + len(UDP)} devices in one run: {r_time:.2f}s")
    if nmap:
        print(f"nmap, {len(scripts)} NSE runs one after another:    {n_time:.2f}s")
    else:
        print("nmap is not installed: NSE comparison skipped (apt-get install nmap)")
    shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
