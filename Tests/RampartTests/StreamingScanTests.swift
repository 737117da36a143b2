import Foundation
import Testing
import RampartAudit
import RampartCore
import RampartDesign
import RampartManifests
import RampartPolicy

/// `rampart scan` judges each file as it is parsed and keeps only stubs for cross-resource rules; it must
/// find exactly what judging every file at once finds.
@Suite struct StreamingScanTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func key(_ f: Finding) -> String {
        "\(f.ruleID)|\(f.fingerprint)|\(f.subject.location?.description ?? "")|\(f.subject.fieldPath ?? "")|\(f.suppression?.kind.rawValue ?? "")"
    }

    @Test func streamingMatchesOnTestdata() throws {
        try compare(Self.repo.appendingPathComponent("testdata"))
    }

    @Test(.enabled(if: SharedCorpus.available)) func streamingMatchesOnTheSharedCorpus() throws {
        try compare(URL(fileURLWithPath: try #require(SharedCorpus.path)))
    }

    func compare(_ root: URL) throws {
        let evaluator = Evaluator(policy: try PolicyLoader.load("strict"), today: "2026-11-27")
        // The whole set is read as `rampart scan --evidence` reads it: design files become their models.
        let collector = InputCollector()
        let whole = evaluator.evaluate(DesignCollector.resolve(collector.collect(paths: [root.path]), collector: collector), generatedAt: "t")
        let streamed = evaluator.scan(paths: [root.path], generatedAt: "t")
        #expect(!whole.findings.isEmpty)
        #expect(whole.findings.map(key) == streamed.findings.map(key))
        #expect(whole.sources == streamed.sources)
        #expect(whole.skipped == streamed.skipped)
        #expect(whole.rules.map(\.id) == streamed.rules.map(\.id))
    }

    @Test func crossFileRelationsSurviveStreaming() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("a-deploy.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api, namespace: shop}
            spec:
              template:
                metadata: {labels: {app: api}}
                spec:
                  serviceAccountName: api
                  containers: [{name: app, image: app:1.0}]
            """)
        let policyAndAccount = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny, namespace: shop}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: api, namespace: shop}
            automountServiceAccountToken: false
            """
        let evaluator = Evaluator(policy: Policy(name: "p"), today: "2026-11-27")
        let alone = Set(evaluator.scan(paths: [dir.path], generatedAt: "t").findings.map(\.ruleID))
        #expect(alone.contains("k8s/network-policy-missing") && alone.contains("k8s/automount-service-account-token"))
        try dir.write("z-policy.yaml", policyAndAccount)
        let together = evaluator.scan(paths: [dir.path], generatedAt: "t").findings
        #expect(!together.contains { $0.ruleID == "k8s/network-policy-missing" || $0.ruleID == "k8s/automount-service-account-token" })
    }
}
