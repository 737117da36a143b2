import Testing
@testable import RampartProbe

@Suite struct PortScopeTests {
    @Test func cidrParsingAndExpansion() throws {
        let net = try CIDR.parse("10.20.0.17/30").get()
        #expect(net.description == "10.20.0.16/30")
        #expect(try net.addresses().get() == ["10.20.0.16", "10.20.0.17", "10.20.0.18", "10.20.0.19"])
        #expect(net.contains(ip: "10.20.0.19") && !net.contains(ip: "10.20.0.20"))
        let v6 = try CIDR.parse("2001:db8::ff/126").get()
        #expect(try v6.addresses().get() == ["2001:db8::fc", "2001:db8::fd", "2001:db8::fe", "2001:db8::ff"])
        #expect(try CIDR.parse("192.0.2.1").get().prefix == 32)
        #expect(throws: CIDR.ParseError.self) { try CIDR.parse("10.0.0.0/33").get() }
        #expect(throws: CIDR.ParseError.self) { try CIDR.parse("10.0.0/8").get() }
        #expect(throws: CIDR.ParseError.self) { try CIDR.parse("host.example/24").get() }
        // Expansion is capped: a /8 or an IPv6 /64 is refused, not allocated.
        #expect(throws: CIDR.ParseError.self) { try CIDR.parse("10.0.0.0/8").get().addresses().get() }
        #expect(throws: CIDR.ParseError.self) { try CIDR.parse("2001:db8::/64").get().addresses().get() }
    }

    @Test func scopeDecidesBeforeAnyPacket() throws {
        let scope = try Scope.parse("10.20.0.0/16, 2001:db8::/48\n# comment\nportal.city.example", source: "scope.txt").get()
        let inside = try PortTarget.parse("10.20.5.0/24").get()
        let outside = try PortTarget.parse("10.21.0.0/24").get()
        let wider = try PortTarget.parse("10.0.0.0/8").get()
        #expect(Scope.refusal(for: inside, scope: scope) == nil)
        #expect(Scope.refusal(for: outside, scope: scope)?.contains("not inside the scope") == true)
        #expect(Scope.refusal(for: wider, scope: scope) != nil)
        // A CIDR without any scope is refused, with the flag to use in the message.
        #expect(Scope.refusal(for: inside, scope: nil)?.contains("--scope") == true)
        // Names: allowed by name, or when every address is inside.
        let named = try PortTarget.parse("portal.city.example").get()
        #expect(Scope.refusal(for: named, scope: scope, addresses: ["203.0.113.9"]) == nil)
        let other = try PortTarget.parse("other.example").get()
        #expect(Scope.refusal(for: other, scope: scope, addresses: ["10.20.1.1", "203.0.113.9"])?.contains("203.0.113.9") == true)
        #expect(Scope.refusal(for: other, scope: scope, addresses: ["10.20.1.1"]) == nil)
        #expect(Scope.refusal(for: other, scope: nil, addresses: ["203.0.113.9"]) == nil)
        #expect(throws: Scope.Error.self) { try Scope.parse("10.0.0.0/40", source: "scope.txt").get() }
        #expect(throws: Scope.Error.self) { try Scope.parse(" , ").get() }
    }
}
