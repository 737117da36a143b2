import Foundation
import Testing
import RampartCore

/// More workload kinds as a user meets them on the command line: OpenShift DeploymentConfig, custom kinds
/// named by the policy (Argo Rollouts by default), and mistakes in that parameter.
@Suite struct WorkloadKindsTests {
    let rollout = """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: payments, namespace: portal}
        spec:
          template:
            spec:
              containers:
              - name: payments
                image: payments:3.0
                securityContext: {privileged: true}

        """

    /// The scan's collector keeps only kinds some rule reads: the default policy's Rollout must be kept and judged.
    @Test func rolloutIsJudgedUnderTheDefaultPolicy() throws {
        let r = try runRampart(["scan", "-", "--format", "json"], stdin: rollout)
        #expect(r.status == 1, "\(r.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        let finding = try #require(report.findings.first { $0.ruleID == "k8s/privileged-container" })
        #expect(finding.subject.location == SourceLocation(file: "<stdin>", line: 10, column: 39))
        #expect(finding.subject.fieldPath == "spec.template.spec.containers[0].securityContext.privileged")
        #expect(finding.message == "container \"payments\" runs privileged; expected privileged: false or unset.")
    }

    @Test func customKindFromAPolicyFileIsJudgedAndUnknownKindsAreNot() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let job = try dir.write("job.yaml", """
            apiVersion: batch.city.example/v1
            kind: NightlyJob
            metadata: {name: report, namespace: portal}
            spec:
              run:
                podTemplate:
                  spec:
                    hostNetwork: true
                    containers: [{name: report, image: report:1.0}]

            """)
        let policy = try dir.write("policy.yaml", """
            rampart: policy
            extends: default
            parameters:
              workloadKinds:
                - {apiVersion: batch.city.example/v1, kind: NightlyJob, podTemplate: spec.run.podTemplate}

            """)
        let r = try runRampart(["scan", job, "--policy", policy, "--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        let finding = try #require(report.findings.first { $0.ruleID == "k8s/host-network" })
        #expect(finding.subject.location?.line == 8)
        #expect(finding.subject.resource == "NightlyJob/portal/report")

        // The default policy does not know the kind: nothing is judged, and a scan that judged nothing fails closed.
        let plain = try runRampart(["scan", job, "--format", "json"])
        #expect(plain.status == 2, "\(plain.stdout)")
        #expect(!plain.stdout.contains("k8s/host-network"))
    }

    @Test func misspeltTemplatePathIsReportedNotSilentlyIgnored() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("r.yaml", rollout.replacingOccurrences(of: "  template:", with: "  podTemplate:"))
        let r = try runRampart(["scan", file, "--format", "json", "--fail-on", "medium"])
        #expect(r.status == 1)
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        let finding = try #require(report.findings.first { $0.ruleID == "k8s/custom-workload-template-missing" })
        #expect(finding.message == "Rollout payments has no pod template at spec.template; its pods are not judged by any workload rule.")
        #expect(finding.subject.location?.line == 5)
    }

    @Test func badWorkloadKindsEntryIsAPolicyErrorWithItsLine() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let cases: [(String, String)] = [
            ("    - {apiVersion: x/v1, kind: K}\n", ":5:7: workloadKinds entry needs podTemplate as one word"),
            ("    - {apiVersion: x/v1, kind: K, podTemplate: \"spec..template\"}\n", ":5:48: podTemplate 'spec..template' must be a dotted path of keys"),
            ("    - {apiVersion: x/v1, kind: K, podTemplate: spec.template, template: x}\n", ":5:63: unknown key 'template'"),
            ("    - x/v1 K spec.template\n", ":5:7: each workloadKinds entry must be a mapping"),
        ]
        for (entry, expected) in cases {
            let policy = try dir.write("p.yaml", "rampart: policy\nextends: default\nparameters:\n  workloadKinds:\n" + entry)
            let r = try runRampart(["scan", "-", "--policy", policy], stdin: rollout)
            #expect(r.status == 2, "\(entry)")
            #expect(r.stderr.contains(policy + expected), "\(r.stderr)")
        }
    }

    @Test func deploymentConfigIsAWorkload() throws {
        let dc = """
            apiVersion: apps.openshift.io/v1
            kind: DeploymentConfig
            metadata: {name: portal, namespace: portal}
            spec:
              template:
                spec:
                  hostPID: true
                  containers: [{name: portal, image: portal:2.1}]

            """
        let r = try runRampart(["scan", "-", "--format", "json"], stdin: dc)
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        let finding = try #require(report.findings.first { $0.ruleID == "k8s/host-pid" })
        #expect(finding.subject.location == SourceLocation(file: "<stdin>", line: 7, column: 16))
        #expect(finding.subject.fieldPath == "spec.template.spec.hostPID")
    }

    @Test func composeNamedVolumeBindIsJudgedLikeABindMount() throws {
        let compose = """
            services:
              backup:
                image: backup:1.0
                volumes: ["hostetc:/host-etc", "sock:/var/run/docker.sock"]
            volumes:
              hostetc:
                driver_opts: {type: none, o: bind, device: /etc}
              sock:
                driver: local
                driver_opts:
                  type: none
                  o: "rbind,ro"
                  device: /var/run/docker.sock

            """
        let r = try runRampart(["scan", "-", "--format", "json"], stdin: compose)
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        let etc = try #require(report.findings.first { $0.ruleID == "compose/sensitive-host-mount" })
        #expect(etc.subject.location == SourceLocation(file: "<stdin>", line: 7, column: 48))
        #expect(etc.message == "mounts host path /etc through named volume \"hostetc\" read-write at /host-etc; expected no host system directories in a container")
        #expect(etc.subject.resource == "service backup")
        let socket = try #require(report.findings.first { $0.ruleID == "compose/docker-socket-mount" })
        #expect(socket.subject.location?.line == 13)
        #expect(socket.message.contains("through named volume \"sock\" (read-only)"))
    }

    /// Version 1 Compose files have no `services` key: their top-level keys are the services.
    @Test func composeVersion1FileIsRecognised() throws {
        let v1 = """
            web:
              image: nginx:1.27
              privileged: true
            worker:
              build: ./worker
              volumes: ["/var/run/docker.sock:/var/run/docker.sock"]

            """
        let r = try runRampart(["scan", "-", "--format", "json"], stdin: v1)
        #expect(r.status == 1, "\(r.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        let privileged = try #require(report.findings.first { $0.ruleID == "compose/privileged" })
        #expect(privileged.subject.location == SourceLocation(file: "<stdin>", line: 3, column: 15))
        #expect(privileged.subject.fieldPath == "web.privileged")
        #expect(privileged.subject.resource == "service web")
        let socket = try #require(report.findings.first { $0.ruleID == "compose/docker-socket-mount" })
        #expect(socket.subject.resource == "service worker")
        #expect(socket.subject.location?.line == 6)

        // Helm-style values (image as a mapping, scalar settings beside it) are not Compose: nothing judged.
        let values = "replicaCount: 2\ncontroller:\n  image: {repository: nginx, tag: latest}\n  privileged: true\n"
        let other = try runRampart(["scan", "-", "--format", "json"], stdin: values)
        #expect(other.status == 2)
        #expect(!other.stdout.contains("compose/privileged"))
    }
}
