/// An image reference split the way registries read it: `[registry[:port]/]path[:tag][@digest]`.
/// Shared by the Kubernetes and Compose image rules, which add their own reading on top.
struct ImageReference {
    let name: String
    let tag: String?
    let digest: String?

    init(_ text: String) {
        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        } else {
            digest = nil
        }
        // A colon after the last slash is the tag; one before it is a registry port.
        let lastSlash = rest.lastIndex(of: "/") ?? rest.startIndex
        if let colon = rest[lastSlash...].lastIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            name = String(rest[..<colon])
        } else {
            tag = nil
            name = String(rest)
        }
    }
}
