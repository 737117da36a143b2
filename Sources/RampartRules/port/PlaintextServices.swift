import RampartCore

/// Remote administration over a protocol without encryption.
struct PlaintextAdmin: OpenPortRule {
    static let services: Set<String> = ["telnet", "vnc", "rlogin"]

    static let description = RuleDescription(
        id: "port/plaintext-admin",
        title: "Remote administration over plaintext",
        severity: .high,
        rationale: "Telnet, rlogin and VNC without TLS send the administrator's password and the whole session in clear text; anyone on the path reads them and can hijack the session.",
        remediation: "Disable Telnet / rlogin and administer over SSH; tunnel VNC through SSH or a VPN, or use a VNC server with TLS and strong authentication.",
        references: [.nist80053("SC-8"), .nist80053("AC-17(2)"), .cisControls("3.10"), .cisControls("4.8"), .rfc(4251)],
        triggering: [PortExamples.host(#"{"port": 2323, "state": "open", "service": "telnet", "tls": false, "evidence": "Telnet option negotiation: FF FD 18 FF FD 20"}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 22, "state": "open", "service": "ssh", "product": "OpenSSH_9.6", "evidence": "banner: SSH-2.0-OpenSSH_9.6"}"#)]
    )

    func check(_ port: PortFact, on host: HostPortFacts, _ context: RuleContext) -> Finding? {
        guard let service = port.service, Self.services.contains(service), port.tls != true else { return nil }
        return context.finding(port, on: host, "\(service) on \(PortExamples.name(host, port)) offers remote administration without encryption; expected SSH or another encrypted channel")
    }
}

/// A login that travels in clear text: FTP, POP3 / IMAP without TLS, or an HTTP authentication challenge
/// on plain HTTP.
struct PlaintextLogin: OpenPortRule {
    static let description = RuleDescription(
        id: "port/plaintext-login",
        title: "Login over plaintext",
        severity: .high,
        rationale: "FTP, POP3, IMAP and HTTP Basic / Digest authentication on plain connections send user names and passwords (or replayable hashes) in clear text. Even when TLS is offered as an upgrade, clients that do not ask for it still log in unencrypted.",
        remediation: "Require TLS for every login: SFTP or FTPS with TLS required, IMAPS / POP3S (RFC 8314), and HTTPS for any page that asks for credentials; close the plaintext ports.",
        references: [.nist80053("SC-8"), .nist80053("IA-5(1)"), .cisControls("3.10"), .rfc(8314), .rfc(7617, section: "4"), .rfc(4217)],
        triggering: [
            PortExamples.host(#"{"port": 21, "state": "open", "service": "ftp", "tls": false, "tlsUpgrade": false, "evidence": "greeting: 220 (vsFTPd 3.0.3); FEAT: no AUTH TLS"}"#),
            PortExamples.host(#"{"port": 8080, "state": "open", "service": "http", "tls": false, "authentication": "required", "details": {"http.authenticate": "Basic", "http.status": "401"}, "evidence": "GET / -> HTTP/1.1 401 Unauthorized"}"#),
        ],
        nonTriggering: [
            PortExamples.host(#"{"port": 8443, "state": "open", "service": "http", "tls": true, "authentication": "required", "details": {"http.authenticate": "Basic"}}"#),
            PortExamples.host(#"{"port": 80, "state": "open", "service": "http", "tls": false, "details": {"http.status": "301", "http.location": "https://portal.example/"}}"#),
        ]
    )

    func check(_ port: PortFact, on host: HostPortFacts, _ context: RuleContext) -> Finding? {
        guard port.tls != true, let service = port.service else { return nil }
        let name = PortExamples.name(host, port)
        switch service {
        case "ftp", "pop3", "imap":
            let upgrade = port.tlsUpgrade == true ? " (TLS is offered as an upgrade, but not required)" : ""
            return context.finding(port, on: host, "\(service) on \(name) accepts logins over plaintext\(upgrade); expected logins only over TLS")
        case "http":
            guard let scheme = port.details?["http.authenticate"], ["basic", "digest", "ntlm", "negotiate"].contains(scheme.lowercased()) else { return nil }
            return context.finding(port, on: host, "\(name) asks for \(scheme) credentials over plain HTTP; expected authentication only over HTTPS")
        default:
            return nil
        }
    }
}
