import Foundation
import Testing
import RampartCore
@testable import RampartProbe

@Suite struct PortScannerTests {
    @Test func specListsRangesAndKeywords() throws {
        let spec = try PortSpec.parse("22, 80,443,8000-8003,80").get()
        #expect(spec.ports == [22, 80, 443, 8000, 8001, 8002, 8003])
        let top = try PortSpec.parse("top").get()
        #expect(top.ports.count >= 100)
        for port in [21, 22, 23, 25, 502, 1883, 2375, 2379, 3306, 3389, 5432, 5900, 6379, 6443, 8883, 9200, 10250, 11211, 27017, 47808] {
            #expect(top.ports.contains(port), "top lacks \(port)")
        }
        #expect(try PortSpec.parse("all").get().ports.count == 65535)
        #expect(try PortSpec.parse("top,60000-60001").get().ports.count == top.ports.count + 2)
        for bad in ["", "0", "65536", "80-22", "http", "1,,2", "5-"] {
            #expect(throws: PortSpec.ParseError.self, "'\(bad)' accepted") { try PortSpec.parse(bad).get() }
        }
    }

    /// A port that was free a moment ago: bound, then released.
    static func closedPort() -> Int {
        let server = ScriptedServer(accept: false) { _ in }!
        let port = server.port
        server.stop()
        return port
    }

    @Test func openClosedAndFilteredStates() throws {
        let open = try #require(ScriptedServer { c in _ = c.read(wait: 0.5) })
        defer { open.stop() }
        // A listener that never accepts, with its one-place queue already full: further SYNs are dropped,
        // which is what a filtering firewall looks like.
        let full = try #require(ScriptedServer(backlog: 0, accept: false) { _ in })
        defer { full.stop() }
        var fillers: [Connection] = []
        for _ in 0..<3 {
            if case .success(let c) = Connection.connect(to: full.address, timeout: 0.2, via: .unrestricted) { fillers.append(c) }
        }
        let closed = Self.closedPort()
        let options = PortScanOptions(concurrency: 16, timeout: 0.4, retries: 1)
        let start = Date()
        let states = PortScanner.scan([open.address, SocketAddress(ip: "127.0.0.1", port: closed), full.address], options: options)
        #expect(states[open.address] == .open)
        #expect(states[SocketAddress(ip: "127.0.0.1", port: closed)] == .closed)
        #expect(states[full.address] == .filtered)
        // Filtered costs one timeout per try (1 + 1 retry), no more.
        #expect(Date().timeIntervalSince(start) < 2.0)
        _ = fillers
    }

    @Test func fullRangeFindsExactlyTheListenersItOwns() throws {
        let servers = (0..<5).compactMap { _ in ScriptedServer { c in _ = c.read(wait: 0.2) } }
        defer { servers.forEach { $0.stop() } }
        let closed = Self.closedPort()
        let addresses = (1...65535).map { SocketAddress(ip: "127.0.0.1", port: $0) }
        let start = Date()
        let states = PortScanner.scan(addresses, options: PortScanOptions(concurrency: 512, timeout: 1, retries: 1))
        let elapsed = Date().timeIntervalSince(start)
        #expect(states.count == 65535)
        for s in servers { #expect(states[s.address] == .open) }
        #expect(states[SocketAddress(ip: "127.0.0.1", port: closed)] == .closed)
        // Loopback answers every port at once; a full scan must be quick (nmap -sT takes a few seconds).
        #expect(elapsed < 20, "full scan took \(elapsed)s")
    }

    @Test func rateLimitSpacesConnections() throws {
        let addresses = (0..<20).map { _ in SocketAddress(ip: "127.0.0.1", port: Self.closedPort()) }
        let start = Date()
        _ = PortScanner.scan(addresses, options: PortScanOptions(concurrency: 100, timeout: 0.5, retries: 0, rate: 40))
        let elapsed = Date().timeIntervalSince(start)
        // 20 connections at 40/s need about half a second; without the limit they take milliseconds.
        #expect(elapsed > 0.4 && elapsed < 3, "took \(elapsed)s")
    }

    @Test func ipv6LoopbackScan() throws {
        guard let server = ScriptedServer(host: "::1", handler: { c in _ = c.read(wait: 0.2) }) else { return }
        defer { server.stop() }
        let states = PortScanner.scan([server.address], options: PortScanOptions(timeout: 0.5))
        #expect(states[server.address] == .open)
    }
}
