import Foundation
import Testing
import RampartCore
import RampartDesign
import RampartManifests
import RampartYAML
import RampartPolicy
import RampartRules

/// Loads design text the way `rampart scan` does.
func loadDesign(_ text: String, name: String = "design.yaml") -> FactSet {
    var collector = InputCollector()
    collector.keptKinds = nil
    return DesignCollector.resolve(collector.collect(bytes: Array(text.utf8), name: name), collector: collector)
}

@Suite struct DesignLoaderTests {
    static let header = "rampart: design\nsystem: {name: s, owner: it, level: 1}\n"

    @Test func everyDesignRuleExampleLoadsWithoutProblems() throws {
        for rule in RuleRegistry.all where rule.description.domain == "design" {
            for example in rule.description.triggering + rule.description.nonTriggering {
                let (text, _) = ExampleRunner.stripMarkers(example)
                let facts = loadDesign(text)
                #expect(facts.problems.isEmpty, "\(rule.description.id): \(facts.problems.map(\.message))")
                #expect(facts.design.count == 1, "\(rule.description.id): example is not a design")
            }
        }
    }

    @Test func unknownKeyIsRefusedWithTheClosestKnownKey() {
        let facts = loadDesign(Self.header + "servces:\n- {name: a, kind: api}\n")
        let p = facts.problems.first
        #expect(p?.kind == .invalidShape && p?.line == 3 && p?.column == 1)
        #expect(p?.message == "servces: unknown key 'servces' (did you mean 'services'?)")
    }

    @Test func wrongTypesAndValuesNameTheField() {
        let facts = loadDesign(Self.header + "services:\n- {name: a, kind: api, replicas: two, exposure: everyone}\n")
        let messages = facts.problems.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.message)" }
        #expect(messages.contains("4:34 services[0].replicas: expected a whole number, found 'two'"))
        #expect(messages.contains { $0.hasPrefix("4:49 services[0].exposure: 'everyone' is not one of the known values") })
        #expect(facts.problems.allSatisfy { $0.kind == .invalidShape })
    }

    @Test func referencesToUndeclaredElementsAndDuplicatesAreDesignReferenceProblems() {
        let facts = loadDesign(Self.header + """
            zones: [{name: app, kind: application}]
            services:
            - {name: api, kind: api, zone: app}
            - {name: api, kind: web, zone: ap}
            flows:
            - {from: api, to: databse, protocol: postgres}
            """)
        let got = facts.problems.map { "\($0.kind.rawValue) \($0.line ?? 0):\($0.column ?? 0) \($0.message)" }
        #expect(got.contains { $0.hasPrefix("design-reference 6:10 'api' is declared twice (first at design.yaml:5:10)") })
        #expect(got.contains("design-reference 8:19 flow to 'databse': no service or datastore has that name"))
        #expect(facts.design.first?.flows.isEmpty == true)
    }

    @Test func undeclaredZoneSuggestsTheClosest() {
        let facts = loadDesign(Self.header + "zones: [{name: app, kind: application}]\nservices:\n- {name: api, kind: api, zone: ap}\n")
        #expect(facts.problems.map(\.message) == ["service api is in zone 'ap', which no zone declares (did you mean 'app'?)"])
        #expect(facts.problems.first?.line == 5 && facts.problems.first?.column == 32)
    }

    @Test func emptyLinkIsRefused() {
        let facts = loadDesign(Self.header + "services:\n- name: a\n  kind: api\n  implementedBy: [{namespace: city}]\n")
        #expect(facts.problems.map(\.kind) == [.designReference])
        #expect(facts.problems.first?.line == 6)
    }

    @Test func brokenDesignExitsTwoWithTheFileAndLine() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("design.yaml", Self.header + "flows:\n- {from: a, to: b, protocol: http}\n")
        let result = try runRampart(["scan", file, "--no-color"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("input/design-reference"))
        #expect(result.stdout.contains("design.yaml:4:10"))
    }

    @Test func includesLoadFragmentsAndFindingsPointIntoThem() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("parts/db.yaml", "rampart: design-fragment\ndatastores:\n- {name: db, kind: database, owner: it, exposure: public}\n")
        let root = try dir.write("design.yaml", Self.header + "includes: [parts/db.yaml]\n")
        let facts = DesignCollector.load(file: root)
        #expect(facts.problems.isEmpty, "\(facts.problems.map(\.message))")
        #expect(facts.design.first?.datastores.first?.location.file == dir.path + "/parts/db.yaml")
        let report = try runRampart(["scan", dir.path, "--format", "json"])
        #expect(report.status == 1)
        #expect(report.stdout.contains("\"ruleID\" : \"design/datastore-reachable-from-internet\""))
        #expect(report.stdout.contains("parts/db.yaml"))
    }

    @Test func includeCycleIsRefused() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("a.yaml", "rampart: design-fragment\nincludes: [b.yaml]\n")
        try dir.write("b.yaml", "rampart: design-fragment\nincludes: [a.yaml]\n")
        let root = try dir.write("design.yaml", Self.header + "includes: [a.yaml]\n")
        let facts = DesignCollector.load(file: root)
        let cycle = facts.problems.filter { $0.message.contains("include cycle") }
        #expect(cycle.count == 1)
        #expect(cycle.first?.message == "includes: include cycle: a.yaml -> b.yaml -> a.yaml")
        #expect(cycle.first?.source == dir.path + "/b.yaml" && cycle.first?.kind == .designReference)
    }

    @Test func includeOutsideTheTreeIsRefusedUnlessAllowed() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("shared/zones.yaml", "rampart: design-fragment\nzones: [{name: app, kind: application}]\n")
        let root = try dir.write("city/design.yaml", Self.header + "includes: [../shared/zones.yaml]\n")
        let refused = DesignCollector.load(file: root)
        #expect(refused.problems.count == 1)
        #expect(refused.problems.first?.message.contains("is outside the design's directory tree") == true)
        #expect(refused.problems.first?.line == 3 && refused.problems.first?.column == 12)
        #expect(refused.design.first?.zones.isEmpty == true)
        try dir.write("city/design.yaml", Self.header + "allowIncludesOutside: true\nincludes: [../shared/zones.yaml]\n")
        let allowed = DesignCollector.load(file: root)
        #expect(allowed.problems.isEmpty)
        #expect(allowed.design.first?.zones.map(\.name) == ["app"])
    }

    @Test func hostileYAMLInADesignIsRefusedByTheSharedLoader() {
        var bomb = Self.header + "x: &a [y, y, y, y, y, y, y, y, y, y]\n"
        for i in 0..<7 { bomb += "x\(i): &a\(i) [" + Array(repeating: i == 0 ? "*a" : "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let facts = loadDesign(bomb)
        #expect(facts.problems.contains { $0.kind == .tooLarge })
        let deep = loadDesign(Self.header + "services: " + String(repeating: "[", count: 5000))
        #expect(deep.problems.contains { $0.kind == .tooLarge })
        #expect(deep.design.isEmpty)
    }

    @Test func tenThousandServicesLoadAndAreJudgedInBoundedTime() throws {
        var text = Self.header + "zones: [{name: app, kind: application}, {name: data, kind: data}]\nservices:\n"
        for i in 0..<10_000 { text += "- {name: s\(i), kind: api, zone: app, owner: it}\n" }
        text += "flows:\n"
        for i in 0..<10_000 { text += "- {from: s\(i), to: s\((i + 1) % 10_000), protocol: https, encrypted: true, authenticated: true}\n" }
        let clock = ContinuousClock()
        let start = clock.now
        let facts = loadDesign(text)
        #expect(facts.problems.isEmpty)
        #expect(facts.design.first?.services.count == 10_000 && facts.design.first?.flows.count == 10_000)
        let findings = RuleRegistry.all.filter { $0.description.domain == "design" }.flatMap {
            $0.init().check(Facts(facts), RuleContext(description: $0.description))
        }
        #expect(findings.isEmpty, "\(findings.prefix(3).map(\.message))")
        #expect(clock.now - start < .seconds(60))  // a hang guard, not a speed claim
    }

    @Test func tenThousandBadReferencesStayLinear() {
        var text = Self.header + "zones: [{name: app, kind: application}]\nservices:\n"
        for i in 0..<10_000 { text += "- {name: service-number-\(i), kind: api, zone: zone-number-\(i)}\n" }
        text += "flows:\n"
        for i in 0..<10_000 { text += "- {from: service-number-\(i), to: servce-number-\(i), protocol: https}\n" }
        let clock = ContinuousClock()
        let start = clock.now
        let facts = loadDesign(text)
        #expect(facts.problems.count == 20_000 && facts.problems.allSatisfy { $0.kind == .designReference })
        // Over a thousand candidate names, no suggestion is searched for (it would cost names × bad names).
        #expect(facts.problems.contains { $0.message == "flow to 'servce-number-0': no service or datastore has that name" })
        #expect(clock.now - start < .seconds(60))  // a hang guard, not a speed claim
    }
}

@Suite struct CityDesignTests {
    static let dir = RepoPaths.root.appendingPathComponent("testdata/examples/city").path

    @Test func cityDesignFindingsPointAtTheirLines() throws {
        let result = try runRampart(["scan", Self.dir, "--format", "json"], environment: [:])
        #expect(result.status == 1, "\(result.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        let got = Set(report.findings.map { f -> String in
            let l = f.subject.location
            return "\(f.ruleID) \(URL(fileURLWithPath: l?.file ?? "").lastPathComponent):\(l?.line ?? 0):\(l?.column ?? 0)"
        })
        let expected: Set<String> = [
            "design/central-monitoring-missing design.yaml:8:3",
            "design/level-below-criteria design.yaml:13:10",
            "design/admin-interface-exposed design.yaml:47:109",
            "design/backup-missing design.yaml:93:13",
            "design/backup-missing design.yaml:99:5",
            "design/owner-missing design.yaml:99:5",
            "design/personal-data-unprotected-flow design.yaml:111:81",
            "design/plaintext-flow-across-boundary design.yaml:111:104",
            "design/mutual-authentication-missing design.yaml:111:5",
            "design/plaintext-flow-across-boundary design.yaml:115:86",
            "design/datastore-flow-unauthenticated design.yaml:115:108",
            "design/mutual-authentication-missing design.yaml:115:5",
            "design/plaintext-flow-across-boundary iot.yaml:26:101",
            "design/mutual-authentication-missing iot.yaml:26:5",
            "design/field-zone-to-internet iot.yaml:28:29",
            // The manifests beside the design are judged in the same scan: the API's one flaw, and the
            // drifted manifests of k8s/city.yaml (which the audit also compares with the design).
            "k8s/allow-privilege-escalation feedback-api.yaml:68:39",
            "k8s/ingress-without-tls city.yaml:33:3",
            "k8s/service-node-port city.yaml:117:9",
            "k8s/network-policy-missing city.yaml:84:15",
        ]
        let probes: Set<Int> = [16, 52, 70, 89, 107, 141]
        let expectedAll = expected.union(probes.flatMap { line in
            ["k8s/liveness-probe-missing city.yaml:\(line):11", "k8s/readiness-probe-missing city.yaml:\(line):11"] })
        #expect(got == expectedAll, "unexpected: \(got.subtracting(expectedAll).sorted()); missing: \(expectedAll.subtracting(got).sorted())")
        let level = report.findings.first { $0.ruleID == "design/level-below-criteria" }
        #expect(level?.message == "declared level 2 is below level 3 required by Decree 85/2016/ND-CP Art. 9: onlinePublicServiceLevel ≥ 3 holds (design: serves citizens/businesses, onlinePublicServiceLevel 4, personalDataSubjects 250000, sharedInfrastructure none, operates24x7 false)")
    }

    @Test func sarifHasPhysicalLocationsInTheDesignFile() throws {
        let result = try runRampart(["scan", Self.dir, "--format", "sarif"])
        #expect(result.status == 1)
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let runs = try #require(sarif["runs"] as? [[String: Any]])
        let results = try #require(runs.first?["results"] as? [[String: Any]])
        let physical = results.compactMap { r -> String? in
            guard let loc = (r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any],
                  let uri = (loc["artifactLocation"] as? [String: Any])?["uri"] as? String,
                  let line = (loc["region"] as? [String: Any])?["startLine"] as? Int else { return nil }
            return "\(r["ruleId"] as? String ?? "") \(uri):\(line)"
        }
        #expect(physical.count == results.count && results.count == 31)
        #expect(physical.contains { $0.hasPrefix("design/level-below-criteria ") && $0.hasSuffix("city/design.yaml:13") })
    }

    @Test func bundledDesignsValidateAgainstTheSchema() throws {
        let schema = RepoPaths.root.appendingPathComponent("docs/design.schema.json").path
        let files = [Self.dir + "/design.yaml", Self.dir + "/design/iot.yaml"]
        var examples: [(String, String)] = files.map { ($0, (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "") }
        examples.append(("rampart init template", DesignDrafter.template))
        for rule in RuleRegistry.all where rule.description.domain == "design" {
            for (n, example) in (rule.description.triggering + rule.description.nonTriggering).enumerated() {
                examples.append(("\(rule.description.id)#\(n)", ExampleRunner.stripMarkers(example).0))
            }
        }
        for (name, text) in examples {
            let stream = YAMLLoader.parse(Array(text.utf8), file: name)
            let root = try #require(stream.documents.first?.root, "\(name) did not parse")
            let json = try JSONSerialization.data(withJSONObject: jsonValue(root), options: [.sortedKeys])
            let errors = try Python.schemaErrors(String(decoding: json, as: UTF8.self), schemaPath: schema)
            #expect(errors == nil, "\(name): \(errors ?? "")")
        }
        // The schema must refuse what the loader refuses.
        let bad = try JSONSerialization.data(withJSONObject: ["rampart": "design", "system": ["name": "s"], "servces": []])
        #expect(try Python.schemaErrors(String(decoding: bad, as: UTF8.self), schemaPath: schema) != nil)
    }

    /// YAML as JSON values, with the YAML 1.2 core schema's plain scalars typed.
    func jsonValue(_ node: YAMLNode) -> Any {
        if let pairs = node.pairs {
            var out: [String: Any] = [:]
            for pair in pairs { out[pair.key.string ?? ""] = jsonValue(pair.value) }
            return out
        }
        if let items = node.sequence { return items.map(jsonValue) }
        if node.isNull { return NSNull() }
        if node.scalar?.style == .plain {
            if let i = node.int { return i }
            if let b = node.bool { return b }
        }
        return node.string ?? ""
    }
}

@Suite struct RegulationTests {
    @Test func embeddedRegulationsMatchTheFilesAndParse() throws {
        let dir = RepoPaths.root.appendingPathComponent("policies/regulations")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(Regulation.shippedNames), "run scripts/gen-profiles.sh")
        for file in files {
            let onDisk = try Regulation.parse(Array(try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8).utf8), file: file)
            #expect(Regulation.named(String(file.dropLast(5))) == onDisk, "\(file) is stale: run scripts/gen-profiles.sh")
        }
    }

    @Test func decree85LevelsFollowTheCriteria() throws {
        let decree = try #require(Regulation.named("vn-decree85-2016"))
        func level(_ criteria: String) -> Int {
            let facts = loadDesign("rampart: design\nsystem: {name: s, criteria: \(criteria)}\n")
            return facts.design.first.map { decree.requiredLevel(for: $0).level } ?? 0
        }
        #expect(level("{serves: [internal]}") == 1)
        #expect(level("{serves: [citizens], onlinePublicServiceLevel: 2}") == 2)
        #expect(level("{onlinePublicServiceLevel: 3}") == 3)
        #expect(level("{personalDataSubjects: 9999}") == 2)
        #expect(level("{personalDataSubjects: 10000}") == 3)
        #expect(level("{sharedInfrastructure: province}") == 3)
        #expect(level("{sharedInfrastructure: national}") == 4)
        #expect(level("{operates24x7: true, serves: [citizens]}") == 4)
        #expect(level("{stateSecrets: true}") == 5)
        #expect(decree.tlsMinimum(forLevel: 3) == .intermediate && decree.tlsMinimum(forLevel: 4) == .modern)
    }

    @Test func aPolicyNamingAnUnknownRegulationIsRefused() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let policy = try dir.write("p.yaml", "rampart: policy\nname: p\nparameters:\n  regulation: vn-decree99-2030\n")
        let design = try dir.write("d.yaml", "rampart: design\nsystem: {name: s, owner: it, level: 1}\n")
        let result = try runRampart(["scan", design, "--policy", policy])
        #expect(result.status == 2)
        #expect(result.stderr.contains("p.yaml:4:15: regulation 'vn-decree99-2030' is not shipped (known: vn-decree85-2016)"))
    }
}

/// Hostile and malformed design files: each is refused with a problem naming the place, none crashes or hangs.
@Suite struct DesignHostileTests {
    static let head = "rampart: design\nsystem: {name: s, owner: it, level: 1}\n"

    static let cases: [(name: String, text: String, kind: InputProblem.Kind, line: Int)] = [
        ("recursive alias", head + "services: &x [{name: a, kind: api}, *x]\n", .unparsable, 3),
        ("duplicate key", head + "zones: []\nzones: []\n", .duplicateKey, 4),
        ("system is a list", "rampart: design\nsystem: [a, b]\n", .invalidShape, 2),
        ("services is a mapping", head + "services: {a: b}\n", .invalidShape, 3),
        ("service is a scalar", head + "services: [web]\n", .invalidShape, 3),
        ("port out of range", head + "services:\n- name: a\n  kind: api\n  endpoints: [{port: 70000, protocol: https}]\n", .invalidShape, 6),
        ("negative replicas", head + "services: [{name: a, kind: api, replicas: -1}]\n", .invalidShape, 3),
        ("level 9", "rampart: design\nsystem: {name: s, level: 9}\n", .invalidShape, 2),
        ("no system", "rampart: design\nservices: []\n", .invalidShape, 1),
        ("key that is a mapping", head + "? {a: b}\n: c\n", .invalidShape, 3),
        ("merge key smuggling an unknown key", head + "base: &b {name: a, kind: api}\nservices: [{<<: *b, colour: red}]\n", .invalidShape, 3),
        ("syntax error", head + "services: [{name: a\n", .unparsable, 4),
    ]

    @Test(arguments: DesignHostileTests.cases.indices)
    func refusedWithAPlace(_ i: Int) {
        let c = Self.cases[i]
        let facts = loadDesign(c.text)
        #expect(facts.problems.contains { $0.kind == c.kind && $0.line == c.line },
                "\(c.name): \(facts.problems.map { "\($0.kind.rawValue) \($0.line ?? 0): \($0.message)" })")
    }

    @Test func invalidUTF8AndBinaryDesignsAreNotText() {
        var bytes = Array((Self.head + "services: [{name: ").utf8)
        bytes += [0xC3, 0x28, 0xFF]
        bytes += Array(", kind: api}]\n".utf8)
        var collector = InputCollector()
        collector.keptKinds = nil
        let facts = DesignCollector.resolve(collector.collect(bytes: bytes, name: "d.yaml"), collector: collector)
        #expect(facts.problems.first?.kind == .notText && facts.design.isEmpty)
    }

    @Test func includesOfMissingBinaryAndDirectoryTargetsAreReported() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("bin.yaml", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01])
        try dir.write("sub/x.yaml", "rampart: design-fragment\n")
        let root = try dir.write("design.yaml", Self.head + "includes: [missing.yaml, bin.yaml, sub, plain.yaml]\n")
        try dir.write("plain.yaml", "hello: world\n")
        let facts = DesignCollector.load(file: root)
        let kinds = facts.problems.map(\.kind)
        #expect(kinds.filter { $0 == .unreadable }.count == 2, "\(facts.problems.map(\.message))")
        #expect(kinds.contains(.notText))
        #expect(facts.problems.contains { $0.kind == .designReference && $0.message.contains("'plain.yaml' holds no design fragment") })
        #expect(facts.design.count == 1)
    }
}
