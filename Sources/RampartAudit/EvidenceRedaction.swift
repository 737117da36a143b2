import COpenSSL
import Foundation
import RampartCore

/// Replaces secret values in evidence by what judging them again needs: that a value is there, its length,
/// and an HMAC-SHA256 under a key that is not written down (so equal values can be told apart from different
/// ones within one run, or across runs given the same `RAMPART_EVIDENCE_KEY`, but never recovered).
/// Redacted: Kubernetes Secret `data` / `stringData` values, and the values that credential rules flagged
/// (found through those findings' locations). A URL keeps its shape and loses only its password.
public struct EvidenceRedaction: Sendable {
    /// Rules whose findings point at (or at the key of) a secret value.
    public static let secretRules: Set<String> = ["k8s/secret-in-env-literal", "k8s/secret-in-configmap", "compose/secret-in-environment"]

    let key: [UInt8]

    public init(key: [UInt8]) { self.key = key }

    /// The key from `RAMPART_EVIDENCE_KEY`, else 32 random bytes for this run only.
    public static func fromEnvironment() -> EvidenceRedaction {
        if let text = ProcessInfo.processInfo.environment["RAMPART_EVIDENCE_KEY"], !text.isEmpty {
            return EvidenceRedaction(key: Array(text.utf8))
        }
        var generator = SystemRandomNumberGenerator()
        return EvidenceRedaction(key: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    struct Place: Hashable {
        var file: String
        var line: Int
        var column: Int
    }

    public func redact(_ facts: FactSet, findings: [Finding]) -> FactSet {
        var places: [String: Set<Place>] = [:]
        for f in findings where Self.secretRules.contains(f.ruleID) {
            guard let l = f.subject.location else { continue }
            places[l.file, default: []].insert(Place(file: l.file, line: l.line, column: l.column))
        }
        var out = facts
        out.secretsRedacted = true
        out.documents = facts.documents.map { doc in
            var doc = doc
            let isSecret = doc.format == .kubernetes && doc.root["kind"]?.string == "Secret"
            doc.root = redact(doc.root, file: doc.file, places: places[doc.file] ?? [], secretData: false, topLevel: isSecret)
            return doc
        }
        return out
    }

    /// Recursion is bounded by the loader's nesting limit (256).
    private func redact(_ node: YAMLNode, file: String, places: Set<Place>, secretData: Bool, topLevel: Bool) -> YAMLNode {
        var node = node
        switch node.content {
        case .scalar(var s):
            if secretData || places.contains(Place(file: file, line: node.line, column: node.column)) {
                s.value = redactValue(s.value)
                node.content = .scalar(s)
            }
        case .sequence(let items):
            guard secretData || !places.isEmpty else { return node }
            node.content = .sequence(items.map { redact($0, file: file, places: places, secretData: secretData, topLevel: false) })
        case .mapping(let pairs):
            guard secretData || topLevel || !places.isEmpty else { return node }
            node.content = .mapping(pairs.map { pair in
                let name = pair.key.string ?? ""
                let flaggedKey = places.contains(Place(file: file, line: pair.key.line, column: pair.key.column))
                let data = secretData || flaggedKey || (topLevel && (name == "data" || name == "stringData"))
                return YAMLPair(key: pair.key, value: redact(pair.value, file: file, places: places, secretData: data, topLevel: false))
            })
        }
        return node
    }

    /// `KEY=value` keeps its key (Compose list form); a URL keeps everything but its password; else the token.
    func redactValue(_ value: String) -> String {
        guard !value.isEmpty else { return value }
        if let scheme = value.range(of: "://") {
            let rest = value[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                let password = String(value[value.index(after: colon)..<at])
                return String(value[...colon]) + token(password) + String(value[at...])
            }
        }
        if let eq = value.firstIndex(of: "="), value[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), eq != value.startIndex {
            return String(value[...eq]) + token(String(value[value.index(after: eq)...]))
        }
        return token(value)
    }

    func token(_ secret: String) -> String {
        guard !secret.isEmpty else { return secret }
        return "redacted:len=\(secret.utf8.count):hmac-sha256=" + hmac(Array(secret.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// HMAC-SHA256 (RFC 2104) over OpenSSL's SHA-256.
    func hmac(_ message: [UInt8]) -> [UInt8] {
        var k = key.count > 64 ? sha256(key) : key
        k += [UInt8](repeating: 0, count: 64 - k.count)
        let inner = sha256(k.map { $0 ^ 0x36 } + message)
        return sha256(k.map { $0 ^ 0x5c } + inner)
    }

    func sha256(_ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = data.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { out in
                EVP_Digest(input.baseAddress, input.count, out.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        return ok == 1 ? digest : []
    }
}
