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

/// A plaintext protocol whose TLS upgrade the server does not offer.
protocol MissingTLSUpgradeRule: OpenPortRule {
    static var service: String { get }
    static var expectation: String { get }
}

extension MissingTLSUpgradeRule {
    func check(_ port: PortFact, on host: HostPortFacts, _ context: RuleContext) -> Finding? {
        guard port.service == Self.service, port.tls != true, port.tlsUpgrade == false else { return nil }
        return context.finding(port, on: host, "\(Self.service) on \(PortExamples.name(host, port)) does not offer TLS; expected \(Self.expectation)")
    }
}

struct PostgresNoTLS: MissingTLSUpgradeRule {
    static let service = "postgresql"
    static let expectation = "the server to answer SSLRequest with 'S' (ssl = on)"
    static let description = RuleDescription(
        id: "port/postgres-no-tls",
        title: "PostgreSQL does not offer TLS",
        severity: .medium,
        rationale: "Without TLS, PostgreSQL queries, results and (for password / md5 authentication) credentials cross the network in clear text.",
        remediation: "Set ssl = on with a certificate and key, and require it with hostssl lines in pg_hba.conf; clients should use sslmode=verify-full.",
        references: [.nist80053("SC-8"), .cisControls("3.10"),
                     .vendor("PostgreSQL: Secure TCP/IP Connections with SSL", "https://www.postgresql.org/docs/current/ssl-tcp.html")],
        triggering: [PortExamples.host(#"{"port": 5432, "state": "open", "service": "postgresql", "tlsUpgrade": false, "evidence": "SSLRequest -> 'N' (TLS not available)"}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 5432, "state": "open", "service": "postgresql", "tlsUpgrade": true, "evidence": "SSLRequest -> 'S' (TLS available)"}"#)]
    )
}

struct MySQLNoTLS: MissingTLSUpgradeRule {
    static let service = "mysql"
    static let expectation = "the CLIENT_SSL capability in the server greeting"
    static let description = RuleDescription(
        id: "port/mysql-no-tls",
        title: "MySQL / MariaDB does not offer TLS",
        severity: .medium,
        rationale: "A MySQL or MariaDB server whose greeting lacks the CLIENT_SSL capability cannot encrypt connections: queries, results and authentication exchanges cross the network in clear text.",
        remediation: "Configure ssl_cert / ssl_key (MySQL 8 generates them by default) and set require_secure_transport = ON.",
        references: [.nist80053("SC-8"), .cisControls("3.10"),
                     .vendor("MySQL: Configuring MySQL to Use Encrypted Connections", "https://dev.mysql.com/doc/refman/8.0/en/using-encrypted-connections.html")],
        triggering: [PortExamples.host(#"{"port": 3306, "state": "open", "service": "mysql", "product": "MariaDB", "version": "5.5.5-10.11.6-MariaDB", "tlsUpgrade": false, "evidence": "greeting: protocol 10, capability flags 0xf7fe (CLIENT_SSL not set)"}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 3306, "state": "open", "service": "mysql", "tlsUpgrade": true, "evidence": "greeting: capability flags 0xffff (CLIENT_SSL set)"}"#)]
    )
}

struct SMTPNoSTARTTLS: MissingTLSUpgradeRule {
    static let service = "smtp"
    static let expectation = "STARTTLS in the EHLO reply (RFC 3207)"
    static let description = RuleDescription(
        id: "port/smtp-no-starttls",
        title: "SMTP server does not offer STARTTLS",
        severity: .medium,
        rationale: "Without STARTTLS, mail to and from the city (and any SMTP AUTH credentials) travels in clear text and can be read or altered on the path.",
        remediation: "Configure a certificate and offer STARTTLS (e.g. Postfix smtpd_tls_security_level = may, or encrypt for submission), and publish MTA-STS.",
        references: [.rfc(3207), .rfc(8314), .nist80053("SC-8"), .cisControls("3.10")],
        triggering: [PortExamples.host(#"{"port": 25, "state": "open", "service": "smtp", "tls": false, "tlsUpgrade": false, "evidence": "greeting: 220 mail.example ESMTP; EHLO: no STARTTLS among 5 extensions"}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 25, "state": "open", "service": "smtp", "tls": false, "tlsUpgrade": true, "evidence": "EHLO: STARTTLS offered"}"#)]
    )
}
