import Foundation
import Testing
import RampartCore
import RampartManifests
import RampartYAML

@Suite struct YAMLLoaderTests {
    @Test func keepsLineAndColumnOfEveryNode() throws {
        let facts = collect("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.25\n")
        let root = try #require(facts.documents.first?.root)
        let image = try #require(root["spec"]?["containers"]?.items.first?["image"])
        #expect(image.line == 8 && image.column == 14)
        #expect(image.string == "nginx:1.25")
        let container = try #require(root["spec"]?["containers"]?.items.first)
        #expect(container.line == 7 && container.column == 7)
    }

    @Test func multiDocumentStreamsKeepTheirIndex() {
        let facts = collect("apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n...\n")
        #expect(facts.documents.map(\.index) == [0, 2])
        #expect(facts.documents.last?.root["metadata"]?["name"]?.string == "b")
        #expect(facts.documents.last?.root.line == 6)
    }

    @Test func brokenDocumentLosesOnlyItself() {
        let text = "apiVersion: v1\nkind: Service\nmetadata: {name: before}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: [broken\n---\napiVersion: v1\nkind: Service\nmetadata: {name: after}\n"
        let facts = collect(text)
        #expect(facts.documents.compactMap { $0.root["metadata"]?["name"]?.string } == ["before", "after"])
        #expect(facts.documents.last?.root.line == 9)
        #expect(facts.problems.count == 1)
        let problem = facts.problems[0]
        #expect(problem.kind == .unparsable && problem.source == "t.yaml" && (problem.line ?? 0) >= 7)
    }

    @Test func anUnquotedSecretReadAsAnAliasIsNotEchoed() {
        let facts = collect("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: *S3cret\n")
        #expect(facts.problems.count == 1)
        #expect(facts.problems.first?.kind == .unparsable && facts.problems.first?.line == 5)
        #expect(facts.problems.allSatisfy { !$0.message.contains("S3cret") })
    }

    @Test func anchorsAndMergeKeysResolveWithOriginalLocations() throws {
        let text = """
        x-base: &base
          privileged: true
          user: root
        services:
          web:
            <<: *base
            user: "1000"
            image: nginx
        """
        let facts = collect(text)
        let web = try #require(facts.documents.first?.root["services"]?["web"])
        #expect(web["privileged"]?.bool == true)
        #expect(web["privileged"]?.line == 2)   // where the value is really written
        #expect(web["user"]?.string == "1000")   // explicit key wins over the merged one
        #expect(web["<<"] == nil)
        #expect(facts.problems.isEmpty)
    }

    @Test func mergeKeyListsGiveEarlierMapsPrecedence() throws {
        let c = try #require(parseRoot("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n")?["c"])
        #expect(c["x"]?.int == 1 && c["y"]?.int == 1 && c["z"]?.int == 2)
    }

    @Test(arguments: [("yes", true), ("on", true), ("Y", true), ("TRUE", true), ("no", false), ("Off", false), ("n", false), ("False", false)])
    func yaml11BooleansAsKubernetesReadsThem(text: String, value: Bool) throws {
        let node = try #require(parseRoot("v: \(text)\n")?["v"])
        #expect(node.bool == value)
    }

    @Test func quotedBooleansAreStrings() throws {
        let node = try #require(parseRoot("v: \"true\"\n")?["v"])
        #expect(node.bool == nil && node.string == "true")
    }

    @Test func integersInSeveralNotations() throws {
        let root = try #require(parseRoot("a: 0x1F\nb: 0o17\nc: 1_000\nd: -5\ne: '8080'\n"))
        #expect(root["a"]?.int == 31 && root["b"]?.int == 15 && root["c"]?.int == 1000 && root["d"]?.int == -5 && root["e"]?.int == 8080)
    }

    @Test func duplicateKeysAreReportedWhereTheSecondOneIs() {
        let facts = collect("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: false\n  hostNetwork: true\n")
        let dup = facts.problems.filter { $0.kind == .duplicateKey }
        #expect(dup.count == 1 && dup.first?.line == 6 && dup.first?.column == 3)
        // The last value wins, as in the Kubernetes decoder.
        #expect(facts.documents.first?.root["spec"]?["hostNetwork"]?.bool == true)
    }

    @Test func listKindsExpandIntoTheirItems() {
        let facts = collect("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Service\n  metadata: {name: b}\n")
        let index = ManifestIndex(facts.documents)
        #expect(index.objects.map(\.resourceName) == ["Pod/default/a", "Service/default/b"])
        #expect(index.objects.first?.root.path == "items[0]")
        #expect(index.workloads.first?.containers.isEmpty == true)
    }

    // MARK: hostile input

    @Test func aliasBombIsRefusedInBoundedTimeAndMemory() {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 {
            text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        let start = Date()
        let facts = collect(text)
        #expect(Date().timeIntervalSince(start) < 60)  // a hang guard, not a speed claim
        #expect(facts.documents.isEmpty)
        #expect(facts.problems.contains { $0.kind == .tooLarge && $0.message.contains("alias") })
    }

    @Test func deepNestingIsRefused() {
        let text = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n"
        let facts = collect(text)
        #expect(facts.documents.isEmpty)
        #expect(facts.problems.contains { $0.kind == .tooLarge && $0.message.contains("nesting") })
    }

    @Test func recursiveAliasIsAnErrorNotALoop() {
        let facts = collect("a: &x [1, *x]\n")
        #expect(facts.problems.contains { $0.kind == .unparsable && $0.message.contains("refers to no complete anchor") })
    }

    @Test func hugeLinesParse() throws {
        let long = String(repeating: "x", count: 5_000_000)
        let facts = collect("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: \(long)\n")
        #expect(facts.problems.isEmpty)
        #expect(facts.documents.first?.root["data"]?["blob"]?.string?.count == 5_000_000)
    }

    @Test func invalidUTF8IsReportedWithItsLine() {
        var bytes = Array("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ".utf8)
        bytes += [0xC3, 0x28, 0xFF]
        bytes += Array("\n".utf8)
        let facts = InputCollector().collect(bytes: bytes, name: "bad.yaml")
        #expect(facts.documents.isEmpty)
        let problem = facts.problems.first
        #expect(problem?.kind == .notText && problem?.line == 4)
    }

    @Test func binaryDataIsNotText() {
        let facts = InputCollector().collect(bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00], name: "a.out.yaml")
        #expect(facts.problems.first?.kind == .notText)
        #expect(facts.problems.first?.message.contains("NUL") == true)
    }

    @Test func wrongTypesAreReportedWithFieldAndLine() {
        let facts = collect("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        name: app\n      hostNetwork: \"maybe\"\n")
        let problems = ManifestIndex(facts.documents).problems
        #expect(problems.contains { $0.fieldPath == "spec.template.spec.containers" && $0.line == 8 && $0.message.contains("expected a sequence") })
        #expect(problems.contains { $0.fieldPath == "spec.template.spec.hostNetwork" && $0.message.contains("expected a boolean") })
        // The value of a mistyped field is never quoted (it could be a secret).
        #expect(!problems.contains { $0.message.contains("maybe") })
    }

    @Test func documentsThatAreNotKubernetesInAKubernetesStreamAreErrors() {
        let facts = collect("apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n- just\n- a list\n")
        #expect(facts.problems.contains { $0.kind == .invalidShape && $0.line == 5 })
    }

    @Test func foreignYAMLIsListedAsSkippedNotSilentlyDropped() {
        let facts = collect("replicaCount: 3\nimage: {repository: nginx}\n", name: "values.yaml")
        #expect(facts.documents.isEmpty && facts.problems.isEmpty)
        #expect(facts.skipped.first?.source == "values.yaml#0")
    }
}

@Suite struct FieldRefTests {
    @Test func walksKeysAndIndicesAndKeepsTheNearestParent() throws {
        let root = try #require(parseRoot("spec:\n  containers:\n    - name: a\n    - name: b\n      securityContext: {privileged: true}\n"))
        let base = FieldRef(path: "", node: root, anchor: root)
        let field = base.field("spec.containers[1].securityContext.privileged")
        #expect(field.path == "spec.containers[1].securityContext.privileged")
        #expect(field.node?.bool == true && field.anchor.line == 5)
        let missing = base.field("spec.containers[0].securityContext.runAsNonRoot")
        #expect(!missing.exists && missing.path == "spec.containers[0].securityContext.runAsNonRoot")
        #expect(missing.anchor.line == 3)   // the container that lacks it
        let outOfRange = base.field("spec.containers[7].name")
        #expect(!outOfRange.exists && outOfRange.path == "spec.containers[7].name")
        #expect(base.field("").path == "" && base.field("..spec").path == "spec")
    }
}
