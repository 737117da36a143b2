import RampartCore

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
