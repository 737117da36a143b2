/// Builds rule examples: a small design with the usual zones, then the rule's own lines. `↓` in the lines
/// marks where the finding must point, as in every rule example.
enum DesignExample {
    static let zones = """
        zones:
        - {name: internet, kind: internet}
        - {name: dmz, kind: dmz}
        - {name: app, kind: application}
        - {name: data, kind: data}
        - {name: mgmt, kind: management}
        - {name: field, kind: field}
        """

    /// `system` is the system's flow mapping; the default is a level-2 citizen service with an owner.
    static func design(system: String = "{name: s, owner: it, level: 2, criteria: {serves: [citizens]}}", _ body: String) -> String {
        "rampart: design\nsystem: \(system)\n\(zones)\n\(body)\n"
    }
}
