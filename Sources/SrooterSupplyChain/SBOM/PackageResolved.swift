/// SwiftPM's `Package.resolved` (versions 2 and 3): what each dependency is pinned to.
public struct PackageResolved: Sendable, Equatable {
    /// One pinned package.
    public struct Pin: Sendable, Equatable, Decodable {
        /// SwiftPM's lower-cased identity (`swift-argument-parser`).
        public let identity: String
        /// `remoteSourceControl`, `localSourceControl` or `registry`.
        public let kind: String
        /// The URL as written in Package.swift, with its original case.
        public let location: String
        public let state: State

        /// The resolved commit, and the version tag or branch it was resolved from.
        public struct State: Sendable, Equatable, Decodable {
            public let revision: String?
            public let version: String?
            public let branch: String?
        }

        public init(identity: String, kind: String = "remoteSourceControl", location: String, revision: String?, version: String?) {
            self.identity = identity
            self.kind = kind
            self.location = location
            state = State(revision: revision, version: version, branch: nil)
        }
    }

    public let pins: [Pin]

    private struct File: Decodable {
        let version: Int
        let pins: [Pin]
    }

    /// The pin files SwiftPM writes today.
    public static let supportedVersions = 2...3

    public init(pins: [Pin]) { self.pins = pins }

    /// Reads `Package.resolved` at `path`.
    public init(contentsOf path: String) throws(InventoryError) {
        let bytes: [UInt8]
        do { bytes = try FileReader.read(path, limit: 16 << 20) } catch { throw .resolvedUnusable(error) }
        try self.init(bytes: bytes, path: path)
    }

    /// Parses the bytes of a `Package.resolved`; `path` names it in errors.
    public init(bytes: [UInt8], path: String) throws(InventoryError) {
        if case .object(let members)? = try? StableJSON.decode(JSONValue.self, from: bytes),
            let version = members["version"]?.integer, !Self.supportedVersions.contains(version)
        {
            throw .resolvedMalformed(path: path, reason: "format version \(version) is not 2 or 3")
        }
        do {
            pins = try StableJSON.decode(File.self, from: bytes).pins
        } catch {
            throw .resolvedMalformed(path: path, reason: error.reason)
        }
    }

    /// The pin of a package by identity.
    public func pin(identity: String) -> Pin? {
        pins.first { $0.identity == identity.lowercased() }
    }
}
