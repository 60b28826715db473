/// `sbom/pins.json`: the reviewed record of everything srooter is built from. It is committed,
/// and `srooter pins check` fails when the resolved graph drifts from it.
public struct PinsManifest: Codable, Sendable, Equatable {
    /// The format this srooter writes and the newest it reads.
    public static let currentFormatVersion = 1

    /// One Swift dependency, pinned to an exact version and to the content of its source.
    public struct SwiftPin: Codable, Sendable, Equatable {
        public var identity: String
        /// The repository URL as Package.swift spells it.
        public var url: String
        /// The exact version (nil only for a branch or revision pin).
        public var version: String?
        public var revision: String
        /// The git tree hash of the revision, equal on every machine and mirror.
        public var treeHash: String

        public init(identity: String, url: String, version: String?, revision: String, treeHash: String) {
            self.identity = identity
            self.url = url
            self.version = version
            self.revision = revision
            self.treeHash = treeHash
        }
    }

    /// A Debian package srooter builds against (a `-dev` package named by Package.swift, or the
    /// runtime library it pins).
    public struct DebianPin: Codable, Sendable, Equatable {
        public var name: String
        public var architecture: String
        public var version: String

        public init(name: String, architecture: String, version: String) {
            self.name = name
            self.architecture = architecture
            self.version = version
        }
    }

    public var formatVersion: Int
    /// The Swift toolchain version (`6.3.1`).
    public var swiftToolchain: String
    /// Sorted by identity.
    public var swiftPackages: [SwiftPin]
    /// Sorted by name.
    public var debianPackages: [DebianPin]

    public init(swiftToolchain: String, swiftPackages: [SwiftPin], debianPackages: [DebianPin]) {
        formatVersion = Self.currentFormatVersion
        self.swiftToolchain = swiftToolchain
        self.swiftPackages = swiftPackages.sorted { $0.identity < $1.identity }
        self.debianPackages = debianPackages.sorted { $0.name < $1.name }
    }

    /// The pins of a gathered inventory.
    public init(swift: SwiftInventory, toolchain: SwiftToolchain, debian: [DebianPackage]) {
        self.init(
            swiftToolchain: toolchain.version,
            swiftPackages: swift.packages.map {
                SwiftPin(identity: $0.identity, url: $0.location, version: $0.version, revision: $0.revision, treeHash: $0.treeHash)
            },
            debianPackages: debian.map { DebianPin(name: $0.name, architecture: $0.architecture, version: $0.version) })
    }

    /// The file's bytes: byte-stable JSON.
    public func encoded() throws(PinsError) -> [UInt8] {
        do { return try StableJSON.encode(self) } catch { throw .malformed(path: "pins", reason: error.reason) }
    }

    /// Reads a pins file, refusing a newer format version before anything else.
    public init(contentsOf path: String) throws(PinsError) {
        let bytes: [UInt8]
        do { bytes = try FileReader.read(path, limit: 16 << 20) } catch { throw .file(error) }
        try self.init(bytes: bytes, path: path)
    }

    /// Parses a pins file's bytes; `path` names it in errors.
    public init(bytes: [UInt8], path: String) throws(PinsError) {
        let value: JSONValue
        do { value = try StableJSON.decodeStrict(JSONValue.self, from: bytes) } catch { throw .malformed(path: path, reason: error.reason) }
        guard let version = value["formatVersion"]?.integer else {
            throw .malformed(path: path, reason: "$.formatVersion: required, an integer")
        }
        if version > Self.currentFormatVersion {
            throw .newerFormat(path: path, found: version, supported: Self.currentFormatVersion)
        }
        do { self = try StableJSON.decode(PinsManifest.self, from: bytes) } catch { throw .malformed(path: path, reason: error.reason) }
    }
}
