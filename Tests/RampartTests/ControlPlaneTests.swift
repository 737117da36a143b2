import Foundation
import Testing
import RampartCore
import RampartManifests
import RampartRules

/// Control-plane rules on kubeadm-shaped static pods, kubelet and encryption configuration files
/// (testdata/k8s/control-plane), and the flag readings they rest on.
@Suite struct ControlPlaneTests {
    static let prefixes = ["k8s/apiserver-", "k8s/controller-manager-", "k8s/scheduler-", "k8s/etcd-", "k8s/kubelet-",
                           "k8s/encryption-", "k8s/control-plane-"]

    static func controlPlaneFindings(_ relative: String) -> [String] {
        let facts = Facts(InputCollector().collect(paths: [KubernetesRulesTests.testdata(relative)]))
        return KubernetesRulesTests.findings(facts)
            .filter { f in prefixes.contains { f.ruleID.hasPrefix($0) } }
            .map { f in
                let file = (f.subject.location?.file).map { URL(fileURLWithPath: $0).lastPathComponent } ?? "?"
                return "\(f.ruleID) \(file):\(f.subject.location?.line ?? 0):\(f.subject.location?.column ?? 0)"
            }
            .sorted()
    }

    @Test func kubeadmDefaultsReportWhatKubeadmLeavesOpen() {
        #expect(Self.controlPlaneFindings("k8s/control-plane/kube-apiserver.yaml") == [
            "k8s/apiserver-anonymous-auth kube-apiserver.yaml:18:5",
            "k8s/apiserver-audit-log-missing kube-apiserver.yaml:18:5",
            "k8s/apiserver-encryption-provider-missing kube-apiserver.yaml:18:5",
            "k8s/apiserver-kubelet-certificate-authority kube-apiserver.yaml:18:5",
            "k8s/apiserver-profiling kube-apiserver.yaml:18:5",
        ])
        #expect(Self.controlPlaneFindings("k8s/control-plane/kube-controller-manager.yaml") == ["k8s/controller-manager-profiling kube-controller-manager.yaml:14:5"])
        #expect(Self.controlPlaneFindings("k8s/control-plane/kube-scheduler.yaml") == ["k8s/scheduler-profiling kube-scheduler.yaml:14:5"])
        #expect(Self.controlPlaneFindings("k8s/control-plane/etcd.yaml").isEmpty)
        #expect(Self.controlPlaneFindings("k8s/control-plane/kubelet-config.yaml") == [
            "k8s/kubelet-protect-kernel-defaults kubelet-config.yaml:3:1",
            "k8s/kubelet-server-tls-bootstrap kubelet-config.yaml:3:1",
        ])  // streamingConnectionIdleTimeout: 0s is defaulted to 4h by the kubelet, not "never"
    }

    @Test func weakenedControlPlanePointsAtEachFlagToken() {
        let found = Self.controlPlaneFindings("k8s/control-plane/weakened.yaml")
        for expected in [
            "k8s/apiserver-anonymous-auth weakened.yaml:11:7",              // bare --anonymous-auth means true
            "k8s/apiserver-authorization-always-allow weakened.yaml:12:7",  // --authorization-mode AlwaysAllow (separate argument)
            "k8s/apiserver-always-admit weakened.yaml:15:7",                // the second, repeated --enable-admission-plugins
            "k8s/apiserver-admission-plugin-disabled weakened.yaml:16:7",
            "k8s/control-plane-tls-min-version weakened.yaml:17:7",
            "k8s/control-plane-weak-cipher-suites weakened.yaml:18:7",
            "k8s/encryption-identity-first weakened.yaml:26:5",
            "k8s/kubelet-read-only-port weakened.yaml:39:33",
            "k8s/kubelet-anonymous-auth weakened.yaml:39:14",
        ] {
            #expect(found.contains(expected), "missing \(expected) in \(found)")
        }
        // NodeRestriction is enabled by the first of the repeated flags; aescbc only decrypts old data.
        #expect(!found.contains { $0.hasPrefix("k8s/apiserver-node-restriction-missing") })
        #expect(!found.contains { $0.hasPrefix("k8s/encryption-weak-provider") })
        #expect(!found.contains { $0.hasPrefix("k8s/apiserver-encryption-provider-missing") })
    }

    @Test func kubeadmFilesAreKeptAndCredentialSwitchesAreNotSecrets() throws {
        let set = InputCollector().collect(paths: [KubernetesRulesTests.testdata("k8s/control-plane")])
        #expect(set.skipped.isEmpty, "\(set.skipped)")
        let facts = Facts(set)
        #expect(Set(facts.manifests.controlPlane.map(\.kind)) == Set(ControlPlaneComponent.Kind.allCases))
        #expect(facts.manifests.kubelets.count == 2 && facts.manifests.encryptionConfigurations.count == 1)
        // --enable-bootstrap-token-auth=true names a token but holds none.
        let secretInArgs = try #require(RuleRegistry.rule(id: "k8s/secret-in-args"))
        #expect(KubernetesRulesTests.findings(facts, rules: [secretInArgs]).isEmpty)
    }

    @Test func flagFormsRepeatsAndLists() throws {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: kube-apiserver, namespace: kube-system}
            spec:
              containers:
              - name: api
                image: registry.k8s.io/kube-apiserver:v1.30.0
                args: [--profiling, --secure-port, "6443", -v=2, --audit-log-maxage=7, --audit-log-maxage=30, "--enable-admission-plugins=A,B", --enable-admission-plugins, "C", --anonymous-auth, "false", stray]
            """
        let facts = Facts(collect(yaml))
        let api = try #require(facts.manifests.controlPlane.first)
        #expect(api.kind == .apiServer)  // from the image: no command given
        #expect(api.flag("profiling")?.bool == true)
        #expect(api.flag("secure-port")?.int == 6443)
        #expect(api.flag("v")?.value == "2")
        #expect(api.flag("audit-log-maxage")?.int == 30)  // the last occurrence counts
        #expect(api.list("enable-admission-plugins").map(\.item) == ["A", "B", "C"])
        // A boolean never takes the next argument, as in Go's flag packages: "false" is a stray argument.
        #expect(api.flag("anonymous-auth")?.bool == true)
        let token = try #require(api.flag("anonymous-auth")?.field.anchor)
        #expect((token.line, token.column) == (8, 166))
    }

    @Test func podsOutsideKubeSystemAndNonComponentsAreNotControlPlane() {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: api, namespace: shop}
            spec:
              containers:
              - {name: api, image: registry.k8s.io/kube-apiserver:v1.30.0, args: [--anonymous-auth=true]}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: kube-system}
            spec:
              template:
                spec:
                  containers:
                  - {name: web, image: nginx:1.27, command: [/usr/sbin/nginx, --profiling]}
            """
        #expect(Facts(collect(yaml)).manifests.controlPlane.isEmpty)
    }
}
