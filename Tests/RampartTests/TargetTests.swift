import Testing
import RampartAudit
import RampartProbe

@Suite struct TargetTests {
    @Test(arguments: [
        ("portal.city.example", "portal.city.example", nil as Int?, nil as String?),
        ("portal.city.example:8443", "portal.city.example", 8443, nil),
        ("https://portal.city.example/", "portal.city.example", 443, "https"),
        ("https://user@portal.city.example:9443/path?q=1", "portal.city.example", 9443, "https"),
        ("http://10.0.0.1", "10.0.0.1", 80, "http"),
        ("127.0.0.1:443", "127.0.0.1", 443, nil),
        ("[::1]:8443", "::1", 8443, nil),
        ("::1", "::1", nil, nil),
        ("2001:db8::1", "2001:db8::1", nil, nil),
        ("https://[2001:db8::1]/", "2001:db8::1", 443, "https"),
        ("  api.city.example  ", "api.city.example", nil, nil),
    ])
    func parses(text: String, host: String, port: Int?, scheme: String?) throws {
        let target = try Target.parse(text).get()
        #expect(target.host == host && target.port == port && target.scheme == scheme)
    }

    @Test(arguments: ["", "host:0", "host:70000", "host:http", "ftp://host", "[::1", "bad host", "a..b", "-"])
    func rejects(text: String) {
        if case .success(let t) = Target.parse(text) { Issue.record("accepted '\(text)' as \(t)") }
    }

    @Test func listFilesNameTheBadLine() {
        // One parser for arguments and files: the file's lines are named FILE:LINE, arguments "target".
        let file = (text: "# fleet\nportal.city.example\n\nbad host\n[::1]:443 # loopback\n", source: "targets.txt")
        let texts = ProbeRun.targetTexts(arguments: ["10.0.0.1:8443"], file: file)
        #expect(texts.map(\.text) == ["10.0.0.1:8443", "portal.city.example", "bad host", "[::1]:443"])
        #expect(throws: RunError.self) { try ProbeRun.parse(texts).get() }
        if case .failure(let e) = ProbeRun.parse(texts) {
            #expect(e.description == "targets.txt:4: 'bad host': not a host name or IP address")
        }
        let good = try? ProbeRun.parse(ProbeRun.targetTexts(arguments: ["10.0.0.0/30"], file: (text: "portal.city.example\n[::1]:443\n", source: "t"))).get()
        #expect(good?.map(\.description) == ["10.0.0.0/30", "portal.city.example", "[::1]:443"])
        if case .failure(let e) = ProbeRun.parse(ProbeRun.targetTexts(arguments: ["bad host"])) {
            #expect(e.description == "target 'bad host': not a host name or IP address")
        } else {
            Issue.record("accepted 'bad host'")
        }
    }
}
