import RampartCore
import RampartPolicy

/// Loading custom rules for a run or the catalog: every named directory, ids checked against the built-in
/// rules (a custom rule may neither reuse a built-in id nor a built-in domain), and each rule's examples run.
public enum CustomRules {
    public static func load(_ paths: [String]) throws -> [CustomRule] {
        guard !paths.isEmpty else { return [] }
        let reserved = CustomRuleLoader.reservedDomains.union(RuleRegistry.all.map { $0.description.domain })
        var definitions: [CustomRuleDefinition] = []
        var problems: [String] = []
        var seenPaths = Set<String>()
        for path in paths where seenPaths.insert(path).inserted {
            do {
                definitions += try CustomRuleLoader.load(path, reserved: reserved)
            } catch let error as CustomRuleError {
                problems += error.problems
            }
        }
        problems += CustomRuleLoader.duplicates(definitions)
        let rules = definitions.map(CustomRule.init)
        if problems.isEmpty { problems += rules.flatMap(CustomRuleSelfTest.problems) }
        guard problems.isEmpty else { throw CustomRuleError(problems.map { "custom rules: " + $0 }) }
        return rules
    }
}
