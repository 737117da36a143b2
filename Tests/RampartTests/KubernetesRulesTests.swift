import Foundation
import Testing
import RampartCore
import RampartManifests
@testable import RampartRules

/// Focused checks of the Kubernetes rules beyond their catalog examples: inheritance, every workload kind,
/// secret redaction, NetworkPolicy selection, parameters, and a realism run over public manifests.
@Suite struct KubernetesRulesTests {
    static let corpus = SharedCorpus.path ?? "/nonexistent/shared/corpus"

    /// Runs the given rules (all Kubernetes rules by default) over YAML text.
    static func findings(_ yaml: String, rules: [any Rule.Type] = KubernetesRules.all,
                         parameters: Parameters = Parameters()) -> [Finding] {
        let set = InputCollector().collect(bytes: Array(yaml.utf8), name: "test.yaml")
        return findings(Facts(set), rules: rules, parameters: parameters)
    }

    static func findings(_ facts: Facts, rules: [any Rule.Type] = KubernetesRules.all,
                         parameters: Parameters = Parameters()) -> [Finding] {
        // As the evaluator does: a finding that several readings of a duplicated key share is one finding.
        facts.unique(rules.flatMap { rule in
            rule.init().check(facts, RuleContext(description: rule.description, parameters: parameters))
        })
    }

    static func ids(_ findings: [Finding]) -> Set<String> { Set(findings.map(\.ruleID)) }

    // MARK: - Pod → container inheritance

    @Test func podLevelRunAsNonRootCoversContainersWithoutFalsePositive() {
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                spec:
                  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                  initContainers:
                  - {name: init, image: init:1.0}
                  containers:
                  - {name: web, image: web:1.0}
                  - {name: side, image: side:1.0, securityContext: {readOnlyRootFilesystem: true}}
            """
        let found = Self.findings(yaml, rules: [RunAsNonRoot.self, SeccompProfileMissing.self])
        #expect(found.isEmpty, "pod-level settings must cover containers: \(found.map(\.message))")
    }

    @Test func containerOverrideOfPodSettingIsReportedAtTheContainer() throws {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
              - {name: ok, image: ok:1.0}
              - {name: bad, image: bad:1.0, securityContext: {runAsNonRoot: false, seccompProfile: {type: Unconfined}}}
            """
        let nonRoot = Self.findings(yaml, rules: [RunAsNonRoot.self])
        #expect(nonRoot.count == 1)
        #expect(nonRoot.first?.subject.fieldPath == "spec.containers[1].securityContext.runAsNonRoot")
        #expect(nonRoot.first?.subject.location?.line == 8)
        // An explicit Unconfined is Baseline's finding, not a second Restricted one.
        let seccomp = Self.findings(yaml, rules: [SeccompProfileMissing.self, SeccompUnconfined.self])
        #expect(seccomp.map(\.ruleID) == ["k8s/seccomp-unconfined"])
        #expect(seccomp.first?.subject.fieldPath == "spec.containers[1].securityContext.seccompProfile.type")
    }

    @Test func missingEverywhereIsReportedOncePerContainer() {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext: {runAsNonRoot: false}
              containers:
              - {name: a, image: a:1.0}
              - {name: b, image: b:1.0}
            """
        let found = Self.findings(yaml, rules: [RunAsNonRoot.self])
        // Both containers inherit the pod's false: one finding at the pod field, not one per container.
        #expect(found.map(\.subject.fieldPath) == ["spec.securityContext.runAsNonRoot"])
        let seccomp = Self.findings(yaml, rules: [SeccompProfileMissing.self])
        #expect(Set(seccomp.compactMap(\.subject.fieldPath)) == ["spec.containers[0].securityContext.seccompProfile",
                                                                  "spec.containers[1].securityContext.seccompProfile"])
        #expect(Set(seccomp.map(\.fingerprint)).count == 2)
    }

    @Test func podLevelRootUserIsReportedEvenWhenContainersOverride() {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext: {runAsUser: 0}
              containers:
              - {name: a, image: a:1.0, securityContext: {runAsUser: 10001}}
            """
        let found = Self.findings(yaml, rules: [RunAsRootUser.self])
        #expect(found.map(\.subject.fieldPath) == ["spec.securityContext.runAsUser"])
    }

    @Test func windowsPodsAreExemptFromLinuxOnlyRestrictedControls() {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: win}
            spec:
              os: {name: windows}
              securityContext: {runAsNonRoot: true}
              containers:
              - {name: app, image: app:1.0}
            """
        let found = Self.findings(yaml, rules: [SeccompProfileMissing.self, CapabilitiesNotDropped.self, AllowPrivilegeEscalation.self])
        #expect(found.isEmpty)
    }

    // MARK: - Every workload kind

    static let podSpec = """
        containers:
        - name: app
          image: app:1.0
          securityContext: {privileged: true}
        """

    /// The same pod spec wrapped in each workload kind, with the field path prefix expected for its containers.
    static let workloadKinds: [(kind: String, yaml: String, prefix: String)] = {
        func indent(_ text: String, _ n: Int) -> String {
            text.split(separator: "\n").map { String(repeating: " ", count: n) + $0 }.joined(separator: "\n")
        }
        func templated(_ apiVersion: String, _ kind: String) -> String {
            "apiVersion: \(apiVersion)\nkind: \(kind)\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n\(indent(podSpec, 6))\n"
        }
        return [
            ("Pod", "apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n\(indent(podSpec, 2))\n", "spec"),
            ("Deployment", templated("apps/v1", "Deployment"), "spec.template.spec"),
            ("StatefulSet", templated("apps/v1", "StatefulSet"), "spec.template.spec"),
            ("DaemonSet", templated("apps/v1", "DaemonSet"), "spec.template.spec"),
            ("ReplicaSet", templated("apps/v1", "ReplicaSet"), "spec.template.spec"),
            ("ReplicationController", templated("v1", "ReplicationController"), "spec.template.spec"),
            ("Job", templated("batch/v1", "Job"), "spec.template.spec"),
            ("CronJob", "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: w}\nspec:\n  schedule: \"@hourly\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n\(indent(podSpec, 10))\n",
             "spec.jobTemplate.spec.template.spec"),
        ]
    }()

    @Test(arguments: KubernetesRulesTests.workloadKinds.map(\.kind))
    func containerRuleSeesEveryWorkloadKind(kind: String) throws {
        let entry = try #require(Self.workloadKinds.first { $0.kind == kind })
        let found = Self.findings(entry.yaml, rules: [PrivilegedContainer.self])
        #expect(found.count == 1)
        #expect(found.first?.subject.fieldPath == "\(entry.prefix).containers[0].securityContext.privileged")
        #expect(found.first?.subject.resource?.hasPrefix("\(kind)/") == true)
    }

    @Test func cronJobAndDeploymentInOneStreamAreBothCaught() {
        let yaml = Self.workloadKinds.first { $0.kind == "Deployment" }!.yaml + "---\n" + Self.workloadKinds.first { $0.kind == "CronJob" }!.yaml
        let paths = Set(Self.findings(yaml, rules: [PrivilegedContainer.self]).compactMap(\.subject.fieldPath))
        #expect(paths == ["spec.template.spec.containers[0].securityContext.privileged",
                          "spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged"])
    }

    @Test func probesAreNotRequiredOfJobsOrInitContainers() {
        let yaml = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: j}
            spec:
              template:
                spec:
                  containers: [{name: task, image: task:1.0}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              template:
                spec:
                  initContainers: [{name: init, image: init:1.0}]
                  containers: [{name: web, image: web:1.0}]
            """
        let found = Self.findings(yaml, rules: [LivenessProbeMissing.self, ReadinessProbeMissing.self])
        #expect(Set(found.compactMap(\.subject.fieldPath)) == ["spec.template.spec.containers[0].livenessProbe",
                                                                "spec.template.spec.containers[0].readinessProbe"])
        #expect(found.allSatisfy { $0.subject.resource == "Deployment/default/d" })
    }

    // MARK: - Secrets never leak

    @Test func secretValuesAppearNowhereInFindings() throws {
        let values = ["Zq9-unique-env-S3cret", "Yx8-unique-configmap-S3cret", "Wv7-unique-secret-object", "V3ZzctdW5pcXVlLWJhc2U2NA==",
                      "Uu6-unique-arg-S3cret", "Tt5-unique-next-arg"]
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api, namespace: shop}
            spec:
              template:
                spec:
                  containers:
                  - name: api
                    image: api:1.0
                    env:
                    - {name: DB_PASSWORD, value: "\(values[0])"}
                    args: ["--db-password=\(values[4])", --api-token, "\(values[5])"]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: shop}
            data:
              api_token: \(values[1])
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: db, namespace: shop}
            stringData:
              password: \(values[2])
            data:
              apikey: \(values[3])
            """
        let found = Self.findings(yaml)
        #expect(Self.ids(found).isSuperset(of: ["k8s/secret-in-env-literal", "k8s/secret-in-configmap", "k8s/secret-literal-in-manifest",
                                                "k8s/secret-in-args"]))
        #expect(found.filter { $0.ruleID == "k8s/secret-in-args" }.count == 2)
        let encoded = String(decoding: try JSONEncoder().encode(found), as: UTF8.self)
        for value in values {
            #expect(!encoded.contains(value), "secret value leaked into a finding")
        }
        // The key is named so that the user can find it.
        let env = try #require(found.first { $0.ruleID == "k8s/secret-in-env-literal" })
        #expect(env.message.contains("DB_PASSWORD"))
        #expect(env.subject.fieldPath == "spec.template.spec.containers[0].env[0].value")
        let configMap = try #require(found.first { $0.ruleID == "k8s/secret-in-configmap" })
        #expect(configMap.message.contains("api_token") && configMap.subject.fieldPath == "data.api_token")
    }

    @Test func secretNameHeuristic() {
        for name in ["DB_PASSWORD", "MYSQL_ROOT_PASSWORD", "apiKey", "STRIPE_API_KEY", "GITHUB_TOKEN", "aws_secret_access_key",
                     "PRIVATE_KEY", "client-secret", "SMTP_PASSWD", "credentials", "DB_PWD"] {
            #expect(CredentialNames.looksSecret(name), "\(name) should look secret")
        }
        for name in ["TOKEN_FILE", "SECRET_NAME", "PASSWORD_PATH", "LOG_LEVEL", "PORT", "TOKEN_URL", "PASSWORD_MIN_LENGTH",
                     "secretRef", "KEYCLOAK_URL", "SESSION_TIMEOUT"] {
            #expect(!CredentialNames.looksSecret(name), "\(name) should not look secret")
        }
    }

    // MARK: - NetworkPolicy selection

    static func isolation(labels: String, namespace: String = "shop", policy: String) -> [Finding] {
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: \(namespace)}
            spec:
              template:
                metadata: {labels: \(labels)}
                spec:
                  containers: [{name: web, image: web:1.0}]
            ---
            \(policy)
            """
        return findings(yaml, rules: [NetworkPolicyMissing.self])
    }

    static func policy(_ selector: String, namespace: String = "shop", types: String = "[Ingress]") -> String {
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: \(namespace)}\nspec:\n  podSelector: \(selector)\n  policyTypes: \(types)\n"
    }

    @Test func networkPolicySelection() {
        let labels = "{app: web, tier: front}"
        // Selected: empty selector, matching labels, each expression operator.
        #expect(Self.isolation(labels: labels, policy: Self.policy("{}")).isEmpty)
        #expect(Self.isolation(labels: labels, policy: Self.policy("{matchLabels: {app: web}}")).isEmpty)
        #expect(Self.isolation(labels: labels, policy: Self.policy("{matchExpressions: [{key: tier, operator: In, values: [front]}]}")).isEmpty)
        #expect(Self.isolation(labels: labels, policy: Self.policy("{matchExpressions: [{key: tier, operator: NotIn, values: [back]}]}")).isEmpty)
        #expect(Self.isolation(labels: labels, policy: Self.policy("{matchExpressions: [{key: app, operator: Exists}]}")).isEmpty)
        #expect(Self.isolation(labels: labels, policy: Self.policy("{matchExpressions: [{key: legacy, operator: DoesNotExist}]}")).isEmpty)
        // A policy without namespace is applied with the workload.
        #expect(Self.isolation(labels: labels, policy: Self.policy("{}").replacingOccurrences(of: ", namespace: shop", with: "")).isEmpty)
        // Not selected: other labels, failed expressions, other namespace, egress-only policy.
        #expect(Self.isolation(labels: labels, policy: Self.policy("{matchLabels: {app: db}}")).count == 1)
        #expect(Self.isolation(labels: labels, policy: Self.policy("{matchLabels: {app: web, tier: back}}")).count == 1)
        #expect(Self.isolation(labels: labels, policy: Self.policy("{matchExpressions: [{key: tier, operator: NotIn, values: [front]}]}")).count == 1)
        #expect(Self.isolation(labels: labels, policy: Self.policy("{matchExpressions: [{key: tier, operator: DoesNotExist}]}")).count == 1)
        #expect(Self.isolation(labels: labels, policy: Self.policy("{matchExpressions: [{key: zone, operator: Exists}]}")).count == 1)
        #expect(Self.isolation(labels: labels, policy: Self.policy("{}", namespace: "other")).count == 1)
        #expect(Self.isolation(labels: labels, policy: Self.policy("{}", types: "[Egress]")).count == 1)
        let found = Self.isolation(labels: labels, policy: Self.policy("{matchLabels: {app: db}}"))
        #expect(found.first?.subject.fieldPath == "spec.template.metadata")
        #expect(found.first?.severity == .low)
    }

    // MARK: - Parameters and image references

    @Test func imageReferences() throws {
        let nginx = try #require(ContainerImageReference("nginx"))
        #expect(nginx.location == "docker.io/library/nginx" && nginx.tag == nil && nginx.digest == nil)
        let port = try #require(ContainerImageReference("localhost:5000/team/app"))
        #expect(port.registry == "localhost:5000" && port.repository == "team/app" && port.tag == nil)
        let full = try #require(ContainerImageReference("ghcr.io/city/app:1.2@sha256:abc"))
        #expect(full.registry == "ghcr.io" && full.tag == "1.2" && full.digest == "sha256:abc")
        let hub = try #require(ContainerImageReference("bitnami/redis:7.2"))
        #expect(hub.location == "docker.io/bitnami/redis" && hub.tag == "7.2")
        #expect(ContainerImageReference("$(IMAGE)") == nil && ContainerImageReference("") == nil)
        #expect(nginx.isAllowed(by: "docker.io") && nginx.isAllowed(by: "index.docker.io/"))
        #expect(full.isAllowed(by: "ghcr.io/city") && !full.isAllowed(by: "ghcr.io/cit"))
        #expect(try #require(ContainerImageReference("eu.registry.city.example/x:1")).isAllowed(by: "*.city.example"))
    }

    @Test func allowedRegistriesParameter() {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: a, image: "nginx:1.27"}
              - {name: b, image: "registry.city.example/portal/web:2.4.1"}
              - {name: c, image: "ghcr.io/city/tool:1.0"}
            """
        #expect(Self.findings(yaml, rules: [ImageRegistryNotAllowed.self]).isEmpty, "empty allowlist passes")
        let params = Parameters(["allowedRegistries": .list(["registry.city.example", "ghcr.io/city"])])
        let found = Self.findings(yaml, rules: [ImageRegistryNotAllowed.self], parameters: params)
        #expect(found.map(\.subject.fieldPath) == ["spec.containers[0].image"])
        #expect(found.first?.evidence == "docker.io/library/nginx")
    }

    @Test func mutableTagsParameter() {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: a, image: "nginx:stable"}
              - {name: b, image: "nginx:latest"}
              - {name: c, image: "nginx:1.27"}
            """
        #expect(Self.findings(yaml, rules: [ImageMutableTag.self]).map(\.subject.fieldPath) == ["spec.containers[1].image"])
        let params = Parameters(["mutableTags": .list(["latest", "stable"])])
        #expect(Self.findings(yaml, rules: [ImageMutableTag.self], parameters: params).map(\.subject.fieldPath)
                == ["spec.containers[0].image", "spec.containers[1].image"])
    }

    @Test func sensitivePortsParameter() {
        let yaml = """
            apiVersion: v1
            kind: Service
            metadata: {name: s}
            spec:
              type: NodePort
              ports: [{port: 8443}, {port: 5432}]
            """
        #expect(Self.findings(yaml, rules: [ServiceSensitivePort.self]).map(\.subject.fieldPath) == ["spec.ports[1].port"])
        let params = Parameters(["sensitivePorts": .list(["8443"])])
        #expect(Self.findings(yaml, rules: [ServiceSensitivePort.self], parameters: params).map(\.subject.fieldPath) == ["spec.ports[0].port"])
    }

    @Test func automountHonoursTheServiceAccountInTheScan() {
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                spec:
                  serviceAccountName: web
                  containers: [{name: web, image: web:1.0}]
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: web, namespace: other}
            automountServiceAccountToken: false
            """
        // The account of the same name lives in another namespace: it does not apply.
        #expect(Self.findings(yaml, rules: [AutomountServiceAccountToken.self]).count == 1)
        let same = yaml.replacingOccurrences(of: "namespace: other", with: "namespace: shop")
        #expect(Self.findings(same, rules: [AutomountServiceAccountToken.self]).isEmpty)
    }

    // MARK: - Fixtures

    /// Path of a file under testdata/, found from this source file so the test runs from any directory.
    static func testdata(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("testdata").appendingPathComponent(relative).path
    }

    @Test func hardenedWorkloadPassesEveryKubernetesRule() {
        let facts = Facts(InputCollector().collect(paths: [Self.testdata("k8s/hardened.yaml")]))
        #expect(facts.set.problems.isEmpty)
        #expect(facts.manifests.workloads.count == 1)
        let params = Parameters(["allowedRegistries": .list(["registry.city.example"])])
        let found = Self.findings(facts, parameters: params)
        #expect(found.isEmpty, "\(found.map { "\($0.ruleID) \($0.subject.fieldPath ?? ""): \($0.message)" })")
    }

    @Test func rulesStayFastOnThousandsOfObjects() {
        var docs: [String] = []
        for i in 0..<2000 {
            docs.append("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app\(i), namespace: ns\(i % 20)}
                spec:
                  template:
                    metadata: {labels: {app: app\(i), tier: t\(i % 5)}}
                    spec:
                      serviceAccountName: sa\(i)
                      containers:
                      - {name: c, image: "registry.example/app\(i):1.\(i)", securityContext: {privileged: true}}
                """)
            docs.append("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa\(i), namespace: ns\(i % 20)}")
        }
        for i in 0..<400 {
            docs.append("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: np\(i), namespace: ns\(i * 5 % 20)}
                spec:
                  podSelector: {matchLabels: {app: app\(i * 5)}, matchExpressions: [{key: tier, operator: NotIn, values: [x]}]}
                """)
        }
        let facts = Facts(InputCollector().collect(bytes: Array(docs.joined(separator: "\n---\n").utf8), name: "big.yaml"))
        #expect(facts.manifests.workloads.count == 2000)
        // Speed is measured by scripts/bench-scan.sh; this checks the cross-resource rules stay right at scale.
        let found = Self.findings(facts)
        #expect(found.filter { $0.ruleID == "k8s/privileged-container" }.count == 2000)
        // Policy i selects app(5i) in that workload's namespace: 400 workloads isolated, the rest not.
        #expect(found.filter { $0.ruleID == "k8s/network-policy-missing" }.count == 1600)
    }

    // MARK: - Realism: public manifests nobody on this project wrote

    static func corpusFacts(_ path: String) -> Facts {
        Facts(InputCollector().collect(paths: [path]))
    }

    static func has(_ findings: [Finding], _ rule: String, file suffix: String, path: String? = nil, resource: String? = nil) -> Bool {
        findings.contains { f in
            f.ruleID == rule && (f.subject.location?.file.hasSuffix(suffix) ?? false)
                && (path == nil || f.subject.fieldPath == path) && (resource == nil || f.subject.resource == resource)
        }
    }

    @Test(.enabled(if: SharedCorpus.available))
    func microservicesDemo() {
        let facts = Self.corpusFacts("\(Self.corpus)/microservices-demo/kubernetes-manifests")
        #expect(facts.manifests.workloads.count >= 10)
        let found = Self.findings(facts)
        // frontend-external is a LoadBalancer without source ranges.
        #expect(Self.has(found, "k8s/service-load-balancer-open", file: "kubernetes-manifests/frontend.yaml", path: "spec.type",
                         resource: "Service/default/frontend-external"))
        // loadgenerator has neither probe; frontend has both.
        #expect(Self.has(found, "k8s/readiness-probe-missing", file: "loadgenerator.yaml", path: "spec.template.spec.containers[0].readinessProbe"))
        #expect(Self.has(found, "k8s/liveness-probe-missing", file: "loadgenerator.yaml", path: "spec.template.spec.containers[0].livenessProbe"))
        #expect(!Self.has(found, "k8s/readiness-probe-missing", file: "frontend.yaml"))
        // Pods set runAsNonRoot at pod level and containers drop ALL: no inheritance false positives.
        #expect(!found.contains { $0.ruleID == "k8s/run-as-non-root" })
        #expect(!found.contains { $0.ruleID == "k8s/capabilities-not-dropped" || $0.ruleID == "k8s/allow-privilege-escalation" })
        // No seccompProfile anywhere: Restricted's seccomp control fails for every container.
        #expect(Self.has(found, "k8s/seccomp-profile-missing", file: "frontend.yaml", path: "spec.template.spec.containers[0].securityContext.seccompProfile"))
        // Images are bare names that skaffold fills in; the busybox init container is pinned by digest.
        #expect(Self.has(found, "k8s/image-mutable-tag", file: "frontend.yaml", path: "spec.template.spec.containers[0].image"))
        #expect(!Self.has(found, "k8s/image-not-pinned", file: "loadgenerator.yaml", path: "spec.template.spec.initContainers[0].image"))
        // redis-cart names no service account; the others have their own.
        #expect(Self.has(found, "k8s/default-service-account", file: "cartservice.yaml", resource: "Deployment/default/redis-cart"))
        #expect(!Self.has(found, "k8s/default-service-account", file: "frontend.yaml"))
        // Without the network-policies component nothing isolates the pods; with it, deny-all selects them all.
        #expect(Self.has(found, "k8s/network-policy-missing", file: "frontend.yaml"))
        let withPolicies = Self.findings(Facts(InputCollector().collect(paths: [
            "\(Self.corpus)/microservices-demo/kubernetes-manifests",
            "\(Self.corpus)/microservices-demo/kustomize/components/network-policies",
        ])), rules: [NetworkPolicyMissing.self])
        #expect(withPolicies.isEmpty)
        // Nothing in these manifests runs privileged.
        #expect(!found.contains { $0.ruleID == "k8s/privileged-container" })
    }

    @Test(.enabled(if: SharedCorpus.available))
    func kubernetesExamples() {
        let facts = Self.corpusFacts("\(Self.corpus)/examples")
        #expect(facts.manifests.workloads.count >= 50)
        let found = Self.findings(facts)
        // The Sysdig agent DaemonSet runs privileged with host namespaces and the Docker socket.
        let sysdig = "_archived/sysdig-cloud/sysdig-daemonset.yaml"
        #expect(Self.has(found, "k8s/privileged-container", file: sysdig, path: "spec.template.spec.containers[0].securityContext.privileged"))
        #expect(Self.has(found, "k8s/host-pid", file: sysdig, path: "spec.template.spec.hostPID"))
        #expect(Self.has(found, "k8s/host-network", file: sysdig, path: "spec.template.spec.hostNetwork"))
        #expect(Self.has(found, "k8s/container-runtime-socket", file: sysdig))
        #expect(Self.has(found, "k8s/secret-in-env-literal", file: sysdig, path: "spec.template.spec.containers[0].env[0].value"))
        // Elasticsearch published through a LoadBalancer on its HTTP port.
        #expect(Self.has(found, "k8s/service-sensitive-port", file: "_archived/elasticsearch/es-svc.yaml", path: "spec.ports[0].port"))
        // Every finding points somewhere real.
        #expect(found.allSatisfy { ($0.subject.location?.line ?? 0) >= 1 && $0.subject.fieldPath != nil })
        // A finding's fingerprint is unique per rule and place.
        #expect(Set(found.map(\.fingerprint)).count == found.count)
    }
}
