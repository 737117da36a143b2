import Foundation
import RampartCore

/// Timing of the UDP scan.
public struct UDPScanOptions: Sendable, Hashable {
    /// Seconds to wait for a reply to each datagram.
    public var timeout: Double = 1.5
    /// Extra sends when nothing came back (UDP loses datagrams; a silent port is asked again).
    public var retries: Int = 2
    /// Datagrams per second over the whole scan; nil: bounded only by `parallelism`.
    public var rate: Double?
    /// Questions in flight at once.
    public var parallelism: Int = 32
    /// Scope and time budget every datagram goes through.
    public var dialer = Dialer.unrestricted

    public init(timeout: Double = 1.5, retries: Int = 2, rate: Double? = nil, parallelism: Int = 32) {
        self.timeout = timeout
        self.retries = retries
        self.rate = rate
        self.parallelism = parallelism
    }
}

/// What the UDP scan learnt about one port.
public enum UDPPortResult: Sendable, Equatable {
    /// A protocol's own reply came back: the port is open and the fact says what answered.
    case open(PortFact)
    /// ICMP port unreachable.
    case closed
    /// No reply to any probe after the retries: open or filtered, UDP cannot tell; never reported as open.
    case openFiltered
    /// Refused before sending (scope) or cut by the time budget.
    case notScanned(String)
}

/// UDP scanning by protocol: every port is asked each UDP probe's own question (SNMP v2c and v1
/// GetRequest with community `public`, BACnet ReadProperty and Who-Is, CoAP GET /.well-known/core), with
/// retries; a port is open only when one of them gets its protocol's reply. The port number never decides.
public enum UDPScanner {
    struct Question: Sendable {
        let name: String
        let payload: [UInt8]
        let accepts: @Sendable ([UInt8]) -> Bool
    }

    static let questions: [Question] = [
        Question(name: "snmp-v2c", payload: SNMPProbe.request(version: 1)) { SNMPProbe.parse($0)?.version == 1 },
        Question(name: "snmp-v1", payload: SNMPProbe.request(version: 0)) { SNMPProbe.parse($0)?.version == 0 },
        Question(name: "bacnet-read", payload: BACnetProbe.readObjectName) { if case .readProperty? = BACnetProbe.parse($0) { true } else if case .refused? = BACnetProbe.parse($0) { true } else { false } },
        Question(name: "bacnet-whois", payload: BACnetProbe.whoIs) { if case .iAm? = BACnetProbe.parse($0) { true } else { false } },
        Question(name: "coap", payload: CoAPProbe.request) { CoAPProbe.parse($0) != nil },
    ]

    public static func scan(_ addresses: [SocketAddress], options: UDPScanOptions,
                            progress: (@Sendable (Int, Int) -> Void)? = nil) -> [SocketAddress: UDPPortResult] {
        let items = addresses.flatMap { address in questions.indices.map { (address, $0) } }
        let gate = RateGate(rate: options.rate)
        let outcomes = WorkPool.map(items, threads: max(1, min(options.parallelism, items.count)),
                                    onFinish: { progress?($0, items.count) }) { address, index in
            let question = questions[index]
            return options.dialer.exchangeDatagram(question.payload, with: address, timeout: options.timeout, retries: options.retries,
                                                   pace: { gate.wait(until: options.dialer.deadline) }, accept: question.accepts)
        }
        var byAddress: [SocketAddress: [(Int, Result<DatagramOutcome, NetError>)]] = [:]
        for (item, outcome) in zip(items, outcomes) { byAddress[item.0, default: []].append((item.1, outcome)) }
        var results: [SocketAddress: UDPPortResult] = [:]
        for (address, answers) in byAddress {
            var replies: [String: [UInt8]] = [:]
            var closed = false
            var failure: NetError?
            for (index, outcome) in answers {
                switch outcome {
                case .success(.reply(let bytes)): replies[questions[index].name] = bytes
                case .success(.closed): closed = true
                case .success(.silent): break
                case .failure(let e): failure = e
                }
            }
            if let fact = fact(port: address.port, replies: replies) {
                results[address] = .open(fact)
            } else if closed {
                results[address] = .closed
            } else if let failure {
                results[address] = .notScanned(failure.description)
            } else {
                results[address] = .openFiltered
            }
        }
        return results
    }

    /// The port fact from the replies that came back, named by the first protocol that answered.
    static func fact(port: Int, replies: [String: [UInt8]]) -> PortFact? {
        var fact = PortFact(port: port, state: .open)
        fact.transport = "udp"
        let v2c = replies["snmp-v2c"].flatMap(SNMPProbe.parse)
        let v1 = replies["snmp-v1"].flatMap(SNMPProbe.parse)
        if let any = v2c ?? v1 {
            let versions = [v1 != nil ? "v1" : nil, v2c != nil ? "v2c" : nil].compactMap { $0 }.joined(separator: ", ")
            fact.service = "snmp"
            fact.product = any.sysDescr.map { ProbeText.text($0, limit: 120) }
            fact.authentication = .notRequired
            fact.details = ["snmp.community": SNMPProbe.community, "snmp.versions": versions]
            fact.evidence = ProbeText.text("GetRequest sysDescr.0 with community '\(SNMPProbe.community)' (\(versions)) -> GetResponse" +
                                           (any.sysDescr.map { ": \($0)" } ?? ", error status \(any.errorStatus)"), limit: 300)
            return fact
        }
        let read = replies["bacnet-read"].flatMap(BACnetProbe.parse)
        let iAm = replies["bacnet-whois"].flatMap(BACnetProbe.parse)
        if read != nil || iAm != nil {
            var details = ["protocol.class": "industrial"]
            var said: [String] = []
            if case .readProperty(let name)? = read {
                if let name { details["bacnet.objectName"] = name }
                said.append("ReadProperty object-name -> " + (name ?? "ComplexACK"))
            } else if case .refused(let kind)? = read {
                said.append("ReadProperty object-name -> \([5: "Error", 6: "Reject", 7: "Abort"][kind] ?? "refusal")")
            }
            if case .iAm(let instance)? = iAm {
                details["bacnet.instance"] = String(instance)
                said.append("Who-Is -> I-Am device \(instance)")
            }
            fact.service = "bacnet"
            fact.authentication = .notRequired
            fact.details = details
            fact.evidence = ProbeText.text(said.joined(separator: "; "), limit: 300)
            return fact
        }
        if let coap = replies["coap"].flatMap(CoAPProbe.parse) {
            fact.service = "coap"
            switch coap.code {
            case 205: fact.authentication = .notRequired
            case 401, 403: fact.authentication = .required
            default: fact.authentication = .unknown
            }
            let code = coap.reset ? "RST" : "\(coap.code / 100).\(String(format: "%02d", coap.code % 100))"
            var details = ["coap.code": code]
            if !coap.resources.isEmpty { details["coap.resources"] = coap.resources.prefix(8).joined(separator: " ") }
            fact.details = details
            fact.evidence = ProbeText.text("GET /.well-known/core -> \(code)" + (coap.resources.isEmpty ? "" : ", \(coap.resources.count) resources"), limit: 300)
            return fact
        }
        return nil
    }
}

/// Spaces datagram sends to at most `rate` a second across threads.
final class RateGate: @unchecked Sendable {
    private let interval: Double
    private let lock = NSLock()
    private var next = 0.0

    init(rate: Double?) { interval = rate.map { $0 > 0 ? 1 / $0 : 0 } ?? 0 }

    func wait(until deadline: Double) {
        guard interval > 0 else { return }
        lock.lock()
        let now = Clock.now
        let slot = max(now, next)
        next = slot + interval
        lock.unlock()
        NetRuntime.pause(seconds: slot - now, until: deadline)
    }
}
