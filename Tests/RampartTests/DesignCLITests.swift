import Foundation
import Testing
import RampartCore
import RampartDesign
import RampartManifests
import RampartReport

@Suite struct DesignDiagramTests {
    static let city = RepoPaths.root.appendingPathComponent("testdata/examples/city/design.yaml").path

    @Test func graphPrintsMermaidWithZonesLabelsAndMarks() throws {
        let result = try runRampart(["design", "graph", Self.city])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "flowchart LR")
        #expect(lines.contains("  subgraph z1[\"dmz · dmz · trust 1\"]"))
        #expect(lines.contains("    n8[(\"feedback-db (database)\")]"))
        #expect(lines.contains("  n1 -->|\"http:8080 PLAINTEXT\"| n2"))
        // Without findings nothing is marked.
        #expect(!result.stdout.contains("classDef finding"))
    }

    @Test func graphPrintsDot() throws {
        let result = try runRampart(["design", "graph", Self.city, "--format", "dot"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("digraph design {"))
        #expect(result.stdout.contains("subgraph cluster_3 {"))
        #expect(result.stdout.contains("n1 -> n2 [label=\"http:8080 PLAINTEXT\", style=dashed];"))
        let bad = try runRampart(["design", "graph", Self.city, "--format", "png"])
        #expect(bad.status == 2)
    }

    @Test func graphOfABrokenDesignExitsTwo() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("d.yaml", "rampart: design\nsystem: {name: s}\nflows: [{from: a, to: b, protocol: http}]\n")
        let result = try runRampart(["design", "graph", file])
        #expect(result.status == 2)
        #expect(result.stderr.contains("d.yaml:3:16: flow from 'a': no service or datastore has that name"))
    }

    @Test func labelsCannotBreakOutOfTheDiagram() {
        let model = DesignModel(file: "d.yaml", location: SourceLocation(file: "d.yaml", line: 1, column: 1),
                                system: DesignSystem(name: "a\"b", location: SourceLocation(file: "d.yaml", line: 2, column: 1)),
                                services: [DesignService(name: "x\"]-->|y", kind: .api, location: SourceLocation(file: "d.yaml", line: 3, column: 1))])
        let mermaid = DesignDiagram.mermaid(model)
        #expect(mermaid.contains("n0[\"x#quot;]--#gt;#124;y (api)\"]"))
        let dot = DesignDiagram.dot(model)
        #expect(dot.contains("label=\"a\\\"b\""))
    }

    @Test func markdownReportCarriesTheDiagramWithFindingsMarked() throws {
        let result = try runRampart(["scan", RepoPaths.root.appendingPathComponent("testdata/examples/city").path, "--format", "markdown"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("## Design: city-feedback"))
        #expect(result.stdout.contains("```mermaid\nflowchart LR\n"))
        #expect(result.stdout.contains("  class n1,n8,n9 finding"))
        #expect(result.stdout.contains("stroke:#c00,stroke-width:2px"))
    }

    @Test func htmlReportNotesAMissingDotAndEmbedsWhatDotDraws() throws {
        let city = RepoPaths.root.appendingPathComponent("testdata/examples/city").path
        let empty = try TempDir()
        defer { empty.remove() }
        let without = try runRampart(["scan", city, "--format", "html"], environment: ["PATH": empty.path])
        #expect(without.stdout.contains("Graphviz <code>dot</code> is not installed"))
        // A stand-in `dot` proves the plumbing: arguments, output file, prolog stripped, SVG inlined.
        let bin = try TempDir()
        defer { bin.remove() }
        let fake = try bin.write("dot", """
            #!/bin/sh
            # usage: dot -Tsvg -o OUT IN
            printf '<?xml version="1.0"?>\\n<!DOCTYPE svg>\\n<svg xmlns="http://www.w3.org/2000/svg"><text>%s</text></svg>\\n' "$(grep -c -- '->' "$4")" > "$3"
            """)
        chmod(fake, 0o755)
        let with = try runRampart(["scan", city, "--format", "html"], environment: ["PATH": bin.path + ":/usr/bin:/bin"])
        #expect(with.stdout.contains("<figure class=\"design\"><svg xmlns=\"http://www.w3.org/2000/svg\"><text>9</text></svg>"))
        #expect(!with.stdout.contains("<?xml"))
        #expect(with.stdout.contains("</figure>\n</body>"))
    }
}

@Suite struct DesignInitTests {
    @Test func initWritesATemplateThatLoadsAndRefusesToOverwrite() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let first = try runRampart(["init", "--dir", dir.path])
        #expect(first.status == 0, "\(first.stderr)")
        let facts = DesignCollector.load(file: dir.path + "/design.yaml")
        #expect(facts.problems.isEmpty && facts.design.count == 1, "\(facts.problems.map(\.message))")
        let scan = try runRampart(["scan", dir.path + "/design.yaml", "--policy", dir.path + "/policy.yaml"])
        #expect(scan.status == 0, "\(scan.stdout)\(scan.stderr)")
        let again = try runRampart(["init", "--dir", dir.path])
        #expect(again.status == 2 && again.stderr.contains("exists; use --force"))
    }

    @Test func initFromManifestsDraftsADesignThatLoads() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("k8s/app.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api, namespace: city}
            spec:
              template:
                metadata: {labels: {app: api}}
                spec:
                  containers:
                  - name: api
                    image: api:1
                    ports: [{containerPort: 8080}]
                    env:
                    - {name: DATABASE_URL, value: "postgres://app@db:5432/feedback"}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: db, namespace: city}
            spec:
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers:
                  - {name: db, image: db:1, ports: [{containerPort: 5432}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: api, namespace: city}
            spec: {type: LoadBalancer, selector: {app: api}, ports: [{port: 80, targetPort: 8080}]}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db-from-api, namespace: city}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress:
              - from: [{podSelector: {matchLabels: {app: api}}}]
                ports: [{port: 5432}]
            """)
        try dir.write("compose/docker-compose.yml", """
            services:
              mqtt:
                image: broker:2
                ports: ["1883:1883"]
              gateway:
                image: gw:1
                depends_on: [mqtt]
                environment:
                  BROKER: "mqtt:1883"
            """)
        let out = try TempDir()
        defer { out.remove() }
        let result = try runRampart(["init", "--from", dir.path + "/k8s", dir.path + "/compose", "--dir", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: out.path + "/design.yaml", encoding: .utf8)
        let facts = DesignCollector.load(file: out.path + "/design.yaml")
        #expect(facts.problems.isEmpty, "\(facts.problems.map(\.message))\n\(text)")
        let model = try #require(facts.design.first)
        #expect(Set(model.services.map(\.name)) == ["api", "mqtt", "gateway"])
        #expect(Set(model.datastores.map(\.name)) == ["db"])
        #expect(model.elements.first { $0.name == "api" }?.exposure == .public)
        #expect(model.elements.first { $0.name == "mqtt" }.map { $0.kind == .broker && $0.exposure == .public } == true)
        let flows = Set(model.flows.map { "\($0.from)->\($0.to):\($0.port.map(String.init) ?? "-") \($0.protocol)" })
        #expect(flows.isSuperset(of: ["api->db:5432 postgres", "gateway->mqtt:1883 mqtt"]))
        #expect(text.contains("# review: Service type LoadBalancer at \(dir.path)/k8s/app.yaml:28"))
        #expect(text.contains("# review: encrypted / authenticated unknown; from env DATABASE_URL at \(dir.path)/k8s/app.yaml:13"))
        #expect(text.contains("# review: published port at \(dir.path)/compose/docker-compose.yml:4"))
    }

    @Test func initFromNothingUsableExitsTwo() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("notes.yaml", "hello: world\n")
        let result = try runRampart(["init", "--from", dir.path, "--dir", dir.path])
        #expect(result.status == 2 && result.stderr.contains("no Kubernetes or Compose manifests"))
    }
}

@Suite struct DesignEvidenceTests {
    @Test func designFactsRoundTripThroughEvidence() throws {
        let city = RepoPaths.root.appendingPathComponent("testdata/examples/city").path
        let dir = try TempDir()
        defer { dir.remove() }
        let evidence = dir.path + "/facts.json"
        let scan = try runRampart(["scan", city, "--evidence", evidence, "--format", "json"])
        #expect(scan.status == 1)
        let again = try runRampart(["evaluate", evidence, "--format", "json"])
        #expect(again.status == 1)
        let a = try JSONDecoder().decode(Report.self, from: Data(scan.stdout.utf8))
        let b = try JSONDecoder().decode(Report.self, from: Data(again.stdout.utf8))
        #expect(a.findings.map(\.fingerprint) == b.findings.map(\.fingerprint) && a.findings.count == 31)
        // Judged again under a policy that turns a design rule off, without the design file.
        let policy = try dir.write("p.yaml", "rampart: policy\nname: p\nrules: {disable: [design/mutual-authentication-missing]}\n")
        let relaxed = try runRampart(["evaluate", evidence, "--policy", policy, "--format", "json"])
        let c = try JSONDecoder().decode(Report.self, from: Data(relaxed.stdout.utf8))
        #expect(c.findings.count == 28 && !c.findings.contains { $0.ruleID == "design/mutual-authentication-missing" })
    }
}
