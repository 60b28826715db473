/// Where a provider's requests go: `http` or `https`, host and port, and the path every request's
/// path is put after (`https://openrouter.ai/api` → `/api`).
public struct UpstreamOrigin: Hashable, Sendable {
    public var tls: Bool
    /// A name or an IP address (IPv6 without its brackets).
    public var host: String
    public var port: Int
    /// Empty or starting with `/`, never ending with one.
    public var pathPrefix: String

    /// The `Host` header's value.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (tls ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// Reads `http[s]://host[:port][/path]`; nil when it is not one (no query, fragment or user info).
    public init?(baseURL: String) {
        let rest: Substring
        if baseURL.hasPrefix("https://") {
            tls = true
            rest = baseURL.dropFirst(8)
        } else if baseURL.hasPrefix("http://") {
            tls = false
            rest = baseURL.dropFirst(7)
        } else {
            return nil
        }
        guard !rest.contains(where: { $0 == "?" || $0 == "#" || $0 == "@" || $0 == " " }) else { return nil }
        let authority = rest.prefix { $0 != "/" }
        var path = String(rest.dropFirst(authority.count))
        while path.hasSuffix("/") { path.removeLast() }
        pathPrefix = path
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else {
            let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return nil }
            host = String(parts[0])
            if parts.count == 2 { portText = parts[1] }
        }
        guard !host.isEmpty else { return nil }
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { return nil }
            port = value
        } else {
            port = tls ? 443 : 80
        }
    }
}
