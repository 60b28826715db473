extension PackageURL {
    /// The purl of a Swift package from its repository URL, keeping the URL's case:
    /// `https://github.com/apple/swift-nio.git` at 2.101.3 → `pkg:swift/github.com/apple/swift-nio@2.101.3`.
    ///
    /// Accepts `https://`, `http://`, `ssh://` and scp-style (`git@host:owner/repo.git`) locations;
    /// nil for a location without a host and at least one owner segment (a local path, say).
    public static func swift(location: String, version: String?) -> PackageURL? {
        guard let (host, segments) = repositoryParts(location), segments.count >= 2, let name = segments.last else {
            return nil
        }
        return PackageURL(type: "swift", namespace: [host] + segments.dropLast(), name: name, version: version)
    }

    /// The repository's host and path segments, without scheme, user, port or `.git`.
    static func repositoryParts(_ location: String) -> (host: String, segments: [String])? {
        var rest = Substring(location)
        if let scheme = rest.firstRange(of: "://") {
            rest = rest[scheme.upperBound...]
        } else if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/") {
            // scp-like `git@github.com:owner/repo.git`
            rest = rest[..<colon] + "/" + rest[rest.index(after: colon)...]
        } else {
            return nil
        }
        var parts = rest.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !parts.isEmpty else { return nil }
        var host = parts.removeFirst()
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        if let colon = host.firstIndex(of: ":") { host = String(host[..<colon]) }
        if var last = parts.popLast() {
            if last.hasSuffix(".git") { last.removeLast(4) }
            if !last.isEmpty { parts.append(last) }
        }
        guard !host.isEmpty else { return nil }
        return (host, parts)
    }
}
