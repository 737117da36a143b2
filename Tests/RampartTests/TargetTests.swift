import Testing
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
        let (targets, errors) = Target.parseList("# fleet\nportal.city.example\n\nbad host\n[::1]:443 # loopback\n", source: "targets.txt")
        #expect(targets.map(\.host) == ["portal.city.example", "::1"])
        #expect(errors == ["targets.txt:4: 'bad host': not a host name or IP address"])
    }
}
