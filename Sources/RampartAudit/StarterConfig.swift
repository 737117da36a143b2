/// The commented `rampart.yaml` that `rampart init --config` writes: every key of the audit configuration
/// with what it does, so a new user edits rather than reads a reference. A test loads it.
public enum StarterConfig {
    public static let fileName = "rampart.yaml"

    public static let text = """
        # Rampart audit configuration: `rampart audit` reads this file (or -c PATH).
        # Paths are relative to this file. Reference: docs/audit.md.
        rampart: audit

        # The design (a `rampart: design` file; its includes are followed). One path or a list.
        design: design.yaml

        # Kubernetes and Compose manifests: files or folders (.yaml/.yml found recursively).
        manifests:
          - k8s/

        # The live stage probes the hosts and ports the design's endpoints declare. It never touches
        # anything outside `scope`, and an audit whose targets leave the scope stops before any packet.
        live:
          enabled: false          # true to probe on every audit; otherwise pass --live
          scope: [127.0.0.1/32]   # CIDRs, addresses or host names the audit may probe
          # targets: [portal.city.example]   # default: every host the design declares
          # ports: "22,8000-8100"            # scanned besides the declared ports, to find undeclared ones
          timeout: 3              # seconds per connection
          targetTimeout: 120      # seconds one host may take
          # maxTime: 600          # seconds the whole live stage may take
          # caFile: ca.pem        # PEM bundle to verify certificates against (default: system store)
          # sni: portal.city.example
          http: true              # check HTTP security headers on TLS endpoints

        # Policy profile name (default, strict) or policy file, and the severity that fails the audit.
        policy: default
        failOn: high

        # Compliance frameworks summarised in the reports (see `rampart rules`).
        # frameworks: [vn-decree85-2016]

        # Reports written on every run, besides the text summary on stdout.
        outputs:
          - {format: sarif, path: reports/rampart.sarif}
          - {format: html, path: reports/rampart.html}
        # evidence: reports/evidence.json   # every stage's facts, for `rampart evaluate`

        """
}
