import SrooterEncoding

/// Everything an SBOM is made from, gathered before any of it is written. Equal inputs give
/// byte-identical documents (see ``SBOMGenerator``).
public struct SBOMInputs: Sendable, Equatable {
    public var swift: SwiftInventory
    public var toolchain: SwiftToolchain
    /// The version of the root package (srooter's own for srooter).
    public var rootVersion: String?
    /// The binary's digests, when an SBOM of a build was asked for.
    public var binary: BinaryDigests?
    /// What the binary links; empty without a binary.
    public var linked: LinkedLibraries.Inventory
    public var distribution: Distribution
    /// Seconds since 1970 for `metadata.timestamp`.
    public var timestamp: Int

    public init(
        swift: SwiftInventory, toolchain: SwiftToolchain, rootVersion: String?, binary: BinaryDigests?,
        linked: LinkedLibraries.Inventory, distribution: Distribution, timestamp: Int
    ) {
        self.swift = swift
        self.toolchain = toolchain
        self.rootVersion = rootVersion
        self.binary = binary
        self.linked = linked
        self.distribution = distribution
        self.timestamp = timestamp
    }
}

/// A binary's SHA-256 and BLAKE2b-512, lower-case hex.
public struct BinaryDigests: Sendable, Equatable {
    public let sha256: String
    public let blake2b512: String

    public init(sha256: String, blake2b512: String) {
        self.sha256 = sha256
        self.blake2b512 = blake2b512
    }

    /// Hashes the file at `path` with both algorithms in one streaming pass.
    public static func of(file path: String) throws(FileError) -> BinaryDigests {
        var sha256 = SHA256()
        var blake2b = Blake2b()
        try FileReader.stream(path) { chunk in
            sha256.update(chunk)
            blake2b.update(chunk)
        }
        return BinaryDigests(sha256: Hex.encode(sha256.finalize()), blake2b512: Hex.encode(blake2b.finalize()))
    }
}
