import Foundation
import Testing
import RampartCore
import RampartManifests

@Suite struct InputCollectorTests {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a:1}]}\n"

    @Test func walksDirectoriesRecursivelyForYAMLOnly() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("a.yaml", pod)
        try dir.write("sub/deeper/b.yml", pod)
        try dir.write("notes.txt", "not yaml")
        try dir.write(".git/config.yaml", pod)
        let facts = InputCollector().collect(paths: [dir.path])
        #expect(facts.sources.map { ($0 as NSString).lastPathComponent }.sorted() == ["a.yaml", "b.yml"])
        #expect(facts.documents.count == 2 && facts.problems.isEmpty)
    }

    @Test func namedFilesAreReadWhateverTheirSuffix() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("manifest.txt", pod)
        #expect(InputCollector().collect(paths: [path]).documents.count == 1)
    }

    @Test func stdinIsReadWhenNamedDash() {
        let text = pod
        let facts = InputCollector().collect(paths: ["-"], readStdin: { Array(text.utf8) })
        #expect(facts.documents.first?.file == "<stdin>")
    }

    @Test func missingFilesAreProblemsAndOthersStillScanned() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let good = try dir.write("good.yaml", pod)
        let facts = InputCollector().collect(paths: [dir.path + "/missing.yaml", good])
        #expect(facts.documents.count == 1)
        #expect(facts.problems.map(\.kind) == [.unreadable])
        #expect(facts.problems.first?.message.contains("no such file") == true)
    }

    @Test func symlinkLoopsEnd() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("real/a.yaml", pod)
        // A directory link back to its parent, and a pair of file links pointing at each other.
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/real/loop", withDestinationPath: dir.path + "/real")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/x.yaml", withDestinationPath: dir.path + "/y.yaml")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/y.yaml", withDestinationPath: dir.path + "/x.yaml")
        let facts = InputCollector().collect(paths: [dir.path])
        #expect(facts.documents.count == 1)
        #expect(facts.problems.contains { $0.source.hasSuffix("x.yaml") && $0.message.contains("symlink loop") })
    }

    @Test func fifosAndDevicesAreNotOpened() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let fifo = dir.path + "/pipe.yaml"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Reading a FIFO with no writer would block forever; the collector must refuse it at once.
        let facts = InputCollector().collect(paths: [fifo, "/dev/zero", dir.path])
        let messages = facts.problems.map(\.message)
        #expect(facts.problems.filter { $0.source == fifo }.count == 2)
        #expect(messages.contains { $0.contains("FIFO") })
        #expect(messages.contains { $0.contains("character device") })
    }

    @Test func oversizedFilesAreRefusedWithoutReading() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let big = try dir.write("big.yaml", String(repeating: "# padding\n", count: 2000))
        var collector = InputCollector()
        collector.maxFileBytes = 1000
        let facts = collector.collect(paths: [big])
        #expect(facts.problems.first?.kind == .tooLarge)
        #expect(facts.problems.first?.message.contains("1000-byte limit") == true)
    }

    @Test func kindsWithoutRulesAreListedAsSkipped() {
        let crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\n"
        let facts = InputCollector().collect(bytes: Array((crd + "---\n" + pod).utf8), name: "m.yaml")
        #expect(facts.documents.count == 1)
        #expect(facts.skipped.first?.reason.contains("CustomResourceDefinition") == true)
    }
}
