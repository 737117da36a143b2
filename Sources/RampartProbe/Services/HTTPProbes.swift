import Foundation
import RampartCore

/// A parsed HTTP/1.x response, bounded in size.
struct ServiceHTTPResponse {
    var status: Int
    var statusLine: String
    /// Lower-cased names; the last value wins.
    var headers: [String: String]
    var body: [UInt8]

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) as? [String: Any]
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    static func parse(_ raw: [UInt8]) -> ServiceHTTPResponse? {
        guard raw.count >= 12, raw.starts(with: Array("HTTP/1.".utf8)), let end = headerEnd(raw) else { return nil }
        let head = String(decoding: raw[..<end], as: UTF8.self)
        let lines = head.split(separator: "\r\n").map(String.init)
        guard let statusLine = lines.first else { return nil }
        let fields = statusLine.split(separator: " ", maxSplits: 2)
        guard fields.count >= 2, let status = Int(fields[1]), (100...599).contains(status) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...]).trimmingWhitespace
        }
        var body = Array(raw[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true { body = dechunk(body) }
        // The peer's length: a negative or huge value must neither trap nor grow anything.
        if let length = headers["content-length"].flatMap({ Int($0) }), length >= 0, length < body.count { body = Array(body.prefix(length)) }
        return ServiceHTTPResponse(status: status, statusLine: ProbeText.text(statusLine, limit: 100), headers: headers, body: body)
    }

    static func headerEnd(_ raw: [UInt8]) -> Int? {
        guard raw.count >= 4 else { return nil }
        for i in 0...(raw.count - 4) where raw[i] == 13 && raw[i + 1] == 10 && raw[i + 2] == 13 && raw[i + 3] == 10 { return i }
        return nil
    }

    /// Whether a response has all its body (by Content-Length or the final chunk).
    static func complete(_ raw: [UInt8]) -> Bool {
        guard let end = headerEnd(raw) else { return false }
        let head = String(decoding: raw[..<end], as: UTF8.self).lowercased()
        let bodyCount = raw.count - end - 4
        if let range = head.range(of: "content-length:") {
            let digits = head[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber }
            if let length = Int(digits) { return bodyCount >= length }
        }
        if head.contains("chunked") { return raw.suffix(5) == ArraySlice(Array("0\r\n\r\n".utf8)) }
        return false
    }

    static func dechunk(_ body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < body.count {
            guard let lineEnd = (i..<body.count - 1).first(where: { body[$0] == 13 && body[$0 + 1] == 10 }) else { break }
            let sizeText = String(decoding: body[i..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(String(sizeText).trimmingWhitespace, radix: 16), size > 0, size <= body.count else { break }
            let start = lineEnd + 2
            let stop = min(body.count, start + size)
            out += body[start..<stop]
            i = stop + 2
        }
        return out
    }
}

/// HTTP and the HTTP APIs that must never face the network unauthenticated: Elasticsearch / OpenSearch
/// (`GET /`), Docker Engine and etcd (`GET /version`), the Kubernetes API server (`GET /version`, `GET /api`)
/// and the kubelet (`GET /pods`). Each request is a GET of a documented read-only endpoint (plus etcd's
/// read-only `auth/status` query), on its own connection.
enum HTTPProbes {
    static func get(_ path: String, _ context: ServiceProbeContext, method: String = "GET", body: String = "") -> ServiceHTTPResponse? {
        guard let stream = context.open() else { return nil }
        defer { stream.close() }
        var request = "\(method) \(path) HTTP/1.1\r\nHost: \(context.hostHeader)\r\nUser-Agent: rampart-probe\r\nAccept: */*\r\nConnection: close\r\n"
        if method != "GET" { request += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        request += "\r\n" + body
        let raw = stream.exchange(Array(request.utf8), until: ServiceHTTPResponse.complete, limit: 65536, wait: context.wait)
        return ServiceHTTPResponse.parse(raw)
    }

    static func identify(_ context: ServiceProbeContext) -> ServiceMatch? {
        guard let root = get("/", context) else { return nil }
        if let id = elasticsearch(root) { return id }
        let version = get("/version", context)
        if let version, let id = dockerOrEtcd(version, context) { return id }
        if let id = kubernetesAPI(root: root, version: version, context) { return id }
        if let pods = get("/pods", context), let id = kubelet(pods) { return id }
        return plainHTTP(root)
    }

    static func evidence(_ path: String, _ r: ServiceHTTPResponse, _ what: String? = nil) -> String {
        let summary = what ?? ProbeText.text(r.body, limit: 120)
        return "GET \(path) -> \(r.statusLine)\(summary.isEmpty ? "" : " \(summary)")"
    }

    static func elasticsearch(_ r: ServiceHTTPResponse) -> ServiceMatch? {
        if r.status == 200, let j = r.json, j["cluster_name"] != nil, let v = j["version"] as? [String: Any], let number = v["number"] as? String {
            let isOpenSearch = (v["distribution"] as? String)?.lowercased() == "opensearch"
            let service = isOpenSearch ? "opensearch" : "elasticsearch"
            return ServiceMatch(service: service, product: isOpenSearch ? "OpenSearch" : "Elasticsearch", version: number,
                                  authentication: .notRequired,
                                  evidence: evidence("/", r, "cluster_name \(ProbeText.text(String(describing: j["cluster_name"]!), limit: 60)), version \(number)"))
        }
        let product = r.headers["x-elastic-product"]?.lowercased()
        let challenge = r.headers["www-authenticate"]?.lowercased() ?? ""
        if r.status == 401 || r.status == 403 {
            if product == "elasticsearch" || r.bodyText.contains("security_exception") {
                return ServiceMatch(service: "elasticsearch", product: "Elasticsearch", authentication: .required,
                                      evidence: evidence("/", r, "security_exception"))
            }
            if challenge.contains("opensearch") {
                return ServiceMatch(service: "opensearch", product: "OpenSearch", authentication: .required,
                                      evidence: evidence("/", r, "WWW-Authenticate: \(ProbeText.text(r.headers["www-authenticate"] ?? "", limit: 60))"))
            }
        }
        return nil
    }

    static func dockerOrEtcd(_ r: ServiceHTTPResponse, _ context: ServiceProbeContext) -> ServiceMatch? {
        guard let j = r.json else { return nil }
        if r.status == 200, let api = j["ApiVersion"] as? String, let version = j["Version"] as? String {
            var details = ["docker.apiVersion": api]
            if let os = j["Os"] as? String { details["docker.os"] = os }
            // The Engine API has no authentication of its own: answering /version means answering everything.
            return ServiceMatch(service: "docker", product: "Docker Engine", version: version, authentication: .notRequired,
                                  evidence: evidence("/version", r, "ApiVersion \(api), Version \(version)"), details: details)
        }
        if r.status == 200, let server = j["etcdserver"] as? String {
            var auth: AuthenticationState = .unknown
            var proof = "auth/status not answered"
            if let s = get("/v3/auth/status", context, method: "POST", body: "{}"), s.status == 200, let sj = s.json {
                let enabled = (sj["enabled"] as? Bool) ?? false
                auth = enabled ? .required : .notRequired
                proof = "POST /v3/auth/status -> enabled \(enabled)"
            }
            return ServiceMatch(service: "etcd", product: "etcd", version: server, authentication: auth,
                                  evidence: evidence("/version", r, "etcdserver \(server)") + "; \(proof)")
        }
        return nil
    }

    static func kubernetesAPI(root: ServiceHTTPResponse, version: ServiceHTTPResponse?, _ context: ServiceProbeContext) -> ServiceMatch? {
        let versionJSON = version?.json
        let gitVersion = versionJSON?["gitVersion"] as? String
        let isStatus: (ServiceHTTPResponse?) -> Bool = { r in
            guard let j = r?.json else { return false }
            return j["kind"] as? String == "Status" && j["apiVersion"] as? String == "v1"
        }
        guard (gitVersion != nil && versionJSON?["major"] != nil) || isStatus(version) || isStatus(root) else { return nil }
        guard let api = get("/api", context) else { return nil }
        let kind = api.json?["kind"] as? String
        var auth: AuthenticationState = .unknown
        if api.status == 200, kind == "APIVersions" { auth = .notRequired }
        else if api.status == 401 || api.status == 403 { auth = .required }
        guard kind == "APIVersions" || isStatus(api) else { return nil }
        return ServiceMatch(service: "kubernetes-api", product: "Kubernetes API server", version: gitVersion, authentication: auth,
                              evidence: evidence("/api", api, auth == .notRequired ? "kind APIVersions (served anonymously)" : nil))
    }

    static func kubelet(_ r: ServiceHTTPResponse) -> ServiceMatch? {
        if r.status == 200, r.json?["kind"] as? String == "PodList" {
            let count = (r.json?["items"] as? [Any])?.count ?? 0
            return ServiceMatch(service: "kubelet", product: "kubelet", authentication: .notRequired,
                                  evidence: evidence("/pods", r, "kind PodList, \(count) pods (served anonymously)"))
        }
        // The kubelet's authorizer names the resource it checked: nodes/proxy for /pods.
        let text = r.bodyText
        if (r.status == 401 || r.status == 403), text.contains("resource=nodes"), text.contains("subresource=proxy") {
            return ServiceMatch(service: "kubelet", product: "kubelet", authentication: .required, evidence: evidence("/pods", r))
        }
        return nil
    }

    static func plainHTTP(_ r: ServiceHTTPResponse) -> ServiceMatch {
        var details = ["http.status": String(r.status)]
        var product: String?
        var version: String?
        if let server = r.headers["server"], !server.isEmpty {
            details["http.server"] = ProbeText.text(server, limit: 80)
            product = server
            // `nginx/1.25.3`, `Apache/2.4.57 (Debian)`: the version follows the slash.
            if let slash = server.firstIndex(of: "/") {
                let v = server[server.index(after: slash)...].prefix { $0.isNumber || $0 == "." }
                if !v.isEmpty { version = String(v) }
            }
        }
        if let powered = r.headers["x-powered-by"] { details["http.poweredBy"] = ProbeText.text(powered, limit: 80) }
        var auth: AuthenticationState?
        if let challenge = r.headers["www-authenticate"] {
            details["http.authenticate"] = ProbeText.text(challenge.split(separator: " ").first.map(String.init) ?? challenge, limit: 20)
        }
        if r.status == 401 { auth = .required }
        if let location = r.headers["location"] { details["http.location"] = ProbeText.text(ProbeText.withoutUserInfo(location), limit: 120) }
        let serverNote = r.headers["server"].map { "Server: \(ProbeText.text($0, limit: 60))" } ?? ""
        return ServiceMatch(service: "http", product: product, version: version, authentication: auth,
                              evidence: "GET / -> \(r.statusLine)\(serverNote.isEmpty ? "" : "; \(serverNote)")", details: details)
    }
}

extension ServiceProbeContext {
    var hostHeader: String {
        let h = hostName.contains(":") ? "[\(hostName)]" : hostName
        return "\(h):\(address.port)"
    }
}
