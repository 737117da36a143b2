import Foundation
import RampartCore

/// Operations on finished reports: merging shards, and diffing two scans by fingerprint.
public enum ReportOperations {
    /// Joins shard reports into one. Findings are deduplicated by fingerprint (a finding seen by two
    /// shards is one finding); the gate is the strictest of the inputs.
    public static func merge(_ reports: [Report], generatedAt: String) -> Report {
        var seen = Set<String>()
        var findings: [Finding] = []
        for f in reports.flatMap(\.findings) where seen.insert(f.fingerprint + f.ruleID).inserted {
            findings.append(f)
        }
        findings.sort(by: Evaluator.reportOrder)
        var rules: [String: RuleDescription] = [:]
        for r in reports.flatMap(\.rules) { rules[r.id] = r }
        let policies = Array(Set(reports.map(\.policy))).sorted()
        var merged = Report(policy: policies.joined(separator: "+"), generatedAt: generatedAt,
                            sources: reports.flatMap(\.sources), findings: findings, skipped: reports.flatMap(\.skipped),
                            rules: rules.values.sorted { $0.id < $1.id },
                            failOn: reports.map(\.failOn).min() ?? .high)
        var inventory = Inventory()
        for r in reports { if let i = r.inventory { inventory.merge(i) } }
        merged.inventory = inventory.isEmpty ? nil : inventory.sorted()
        merged.compliance = mergeCompliance(reports.compactMap(\.compliance))
        return merged
    }

    /// Per framework and control: failed when any shard failed it, passed when some shard assessed it and none
    /// failed it, else not assessed. Each shard judged its own facts, so this is the verdict over all of them.
    static func mergeCompliance(_ shards: [[ComplianceSummary]]) -> [ComplianceSummary]? {
        guard !shards.isEmpty else { return nil }
        var order: [String] = []
        var byFramework: [String: ComplianceSummary] = [:]
        for summary in shards.flatMap({ $0 }) {
            guard var existing = byFramework[summary.framework] else {
                order.append(summary.framework)
                byFramework[summary.framework] = summary
                continue
            }
            for other in summary.controls {
                guard let i = existing.controls.firstIndex(where: { $0.id == other.id }) else {
                    existing.controls.append(other)
                    continue
                }
                var c = existing.controls[i]
                let rank: [ControlResult.Status: Int] = [.notAssessed: 0, .passed: 1, .failed: 2]
                if rank[other.status, default: 0] > rank[c.status, default: 0] {
                    c.status = other.status
                    c.reason = other.reason
                }
                c.rules = Array(Set(c.rules + other.rules)).sorted()
                var seen = Set(c.findings.map { $0.fingerprint + $0.ruleID })
                c.findings += other.findings.filter { seen.insert($0.fingerprint + $0.ruleID).inserted }
                c.suppressed += other.suppressed
                if c.status != .notAssessed { c.reason = nil }
                existing.controls[i] = c
            }
            byFramework[summary.framework] = existing
        }
        return order.compactMap { byFramework[$0] }
    }

    public struct Diff: Codable, Sendable {
        /// In the new report and not in the old one.
        public var new: [Finding]
        /// In the old report and no longer in the new one.
        public var fixed: [Finding]
        public var unchanged: [Finding]
    }

    /// Compares active findings of two reports by fingerprint.
    public static func diff(old: Report, new: Report) -> Diff {
        let oldKeys = Set(old.activeFindings.map { $0.fingerprint + $0.ruleID })
        let newKeys = Set(new.activeFindings.map { $0.fingerprint + $0.ruleID })
        return Diff(new: new.activeFindings.filter { !oldKeys.contains($0.fingerprint + $0.ruleID) },
                    fixed: old.activeFindings.filter { !newKeys.contains($0.fingerprint + $0.ruleID) },
                    unchanged: new.activeFindings.filter { oldKeys.contains($0.fingerprint + $0.ruleID) })
    }

    public static func renderDiff(_ diff: Diff) -> String {
        var out = ""
        for (title, marker, list) in [("new", "+", diff.new), ("fixed", "-", diff.fixed)] where !list.isEmpty {
            out += "\(title) (\(list.count)):\n"
            for f in list {
                // Every field may come from a hostile report: escaped before it reaches a terminal.
                let line = "\(f.severity.rawValue.uppercased()) \(f.ruleID)  \(f.subject.displayName)  \(f.message)"
                out += "  \(marker) \(TerminalText.escape(line))\n"
            }
        }
        out += "\(diff.new.count) new, \(diff.fixed.count) fixed, \(diff.unchanged.count) unchanged\n"
        return out
    }

    /// Reads a JSON report for `render`, `merge`, `diff` and `--baseline`. A report of a schema major version
    /// this rampart does not know is refused: its fields may mean something else, and relabelling it as ours
    /// (as a merge would) would hide that.
    public static func load(_ path: String) -> Result<Report, RunError> {
        let shown = TerminalText.escape(path)
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(RunError("\(shown): cannot read file")) }
        // The version first, so that a report from a newer rampart is named as such rather than as a shape error.
        struct Header: Decodable { var schemaVersion: String? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            return .failure(RunError("\(shown): not a Rampart JSON report (not a JSON object)"))
        }
        guard let version = header.schemaVersion else {
            return .failure(RunError("\(shown): not a Rampart JSON report (field \"schemaVersion\" missing)"))
        }
        guard let major = schemaMajor(version), major == currentMajor else {
            return .failure(RunError("\(shown): report schemaVersion \"\(TerminalText.escape(version))\" is not supported "
                + "(this rampart reads \(currentMajor).x reports, schema \(Report.schemaVersion))"))
        }
        do {
            return .success(try JSONDecoder().decode(Report.self, from: data))
        } catch {
            return .failure(RunError("\(shown): not a Rampart JSON report (\(DecodingMessage.describe(error)))"))
        }
    }

    static let currentMajor = schemaMajor(Report.schemaVersion) ?? 1
}
