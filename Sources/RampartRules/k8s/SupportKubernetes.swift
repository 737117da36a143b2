import RampartCore
import RampartManifests

// Judgement helpers several Kubernetes rules share.

/// Names of environment variables and ConfigMap keys that, by convention, hold credentials.
enum CredentialNames {
    static let markers = ["password", "passwd", "passphrase", "secret", "token", "apikey", "privatekey",
                          "accesskey", "credential", "authkey", "signingkey", "encryptionkey"]
    /// Last words that make a name about a secret rather than the secret itself (`TOKEN_FILE`, `SECRET_NAME`).
    static let metaSuffixes: Set<String> = ["file", "path", "dir", "name", "url", "uri", "endpoint", "id", "ttl",
                                            "timeout", "length", "size", "enabled", "enable", "header", "type",
                                            "expiry", "expiration", "lifetime", "duration", "mode", "ref", "location",
                                            "policy", "audience", "issuer", "version", "count", "seconds", "minutes"]
    static let fileExtensions: Set<String> = ["conf", "cfg", "json", "yaml", "yml", "xml", "ini", "properties", "toml",
                                              "sh", "py", "js", "txt", "html", "lua", "tpl", "template", "env", "md", "sql"]

    /// The markers (and `pwd`) as bytes, for the pre-filter: the stdlib's String.contains(String) is far slower.
    static let markerBytes: [[UInt8]] = (markers + ["pwd"]).map { Array($0.utf8) }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        let first = needle[0]
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == first {
                var j = 1
                while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    static func words(_ name: String) -> [String] {
        var spaced = ""
        var previousLower = false
        for ch in name {
            if ch.isUppercase, previousLower { spaced.append("_") }
            previousLower = ch.isLowercase || ch.isNumber
            spaced.append(ch)
        }
        return spaced.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    static func looksSecret(_ name: String) -> Bool {
        // Cheap pre-filter: lower-cased letters and digits only. Most names hold no marker at all, and then
        // the word split (Unicode-aware, so slower) is not needed.
        var compact: [UInt8] = []
        compact.reserveCapacity(name.utf8.count)
        for b in name.utf8 {
            if b >= 65 && b <= 90 { compact.append(b + 32) } else if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b >= 128 { compact.append(b) }
        }
        guard markerBytes.contains(where: { contains(compact, $0) }) else { return false }
        let parts = words(name)
        guard let last = parts.last, !metaSuffixes.contains(last) else { return false }
        let joined = parts.joined()
        if parts.contains("pwd") { return true }
        return markers.contains { joined.contains($0) }
    }

    /// A ConfigMap key that names a file (`nginx.conf`) holds a document, not one credential.
    static func looksLikeFile(_ key: String) -> Bool {
        guard let dot = key.lastIndex(of: ".") else { return false }
        return fileExtensions.contains(key[key.index(after: dot)...].lowercased())
    }
}

/// Namespaces as the scan sees them: nil when the manifest leaves it to the apply context. Two objects are
/// taken to share a namespace when both name the same one or either leaves it unset (the usual case of
/// manifests applied together with `kubectl -n` or a kustomization `namespace:`).
func sameNamespace(_ a: String?, _ b: String?) -> Bool {
    guard let a, let b else { return true }
    return a == b
}

/// Items of a string-or-sequence field (RBAC verbs, resources), each with its own FieldRef.
func stringItems(_ field: FieldRef) -> [(value: String, field: FieldRef)] {
    field.items.compactMap { item in item.node?.string.map { ($0, item) } }
}
