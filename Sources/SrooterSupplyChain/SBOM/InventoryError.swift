/// Why the inputs of an SBOM or of the pins (the Swift package graph, the checkouts, the
/// binary's system libraries) could not be gathered. Every message names the file or command.
public enum InventoryError: SrooterError, Equatable {
    /// The package path has no `Package.swift`.
    case notASwiftPackage(path: String)
    /// `Package.resolved` is missing (the package was never resolved) or unreadable.
    case resolvedUnusable(FileError)
    /// `Package.resolved` is not a version 2 or 3 pin file.
    case resolvedMalformed(path: String, reason: String)
    /// A package of the graph has no pin in `Package.resolved`.
    case unpinned(identity: String, resolvedPath: String)
    /// A program srooter runs failed (`message` is its first error line).
    case commandFailed(command: String, message: String)
    /// A program's output could not be understood.
    case unexpectedOutput(command: String, reason: String)
    /// A package's checkout, needed for its tree hash and license, is missing.
    case checkoutMissing(identity: String, path: String)
    /// A package's checkout holds files that differ from its pinned revision (edited, added,
    /// deleted, or with another mode): what would be compiled is not what is pinned.
    case checkoutModified(identity: String, path: String, files: [String])
    /// `SOURCE_DATE_EPOCH` is set but is not a non-negative integer.
    case badSourceDateEpoch(value: String)
    /// The binary or another input file is unusable.
    case file(FileError)

    public var kind: FailureKind {
        if case .checkoutModified = self { return .verificationFailed }
        return .unusableInput
    }

    public var description: String {
        switch self {
        case .notASwiftPackage(let path): "\(path): not a Swift package (no Package.swift)"
        case .resolvedUnusable(let error):
            if case .missing(let path) = error { "\(path): no such file; run `swift package resolve` first" } else { error.description }
        case .resolvedMalformed(let path, let reason): "\(path): not a usable Package.resolved: \(reason)"
        case .unpinned(let identity, let path): "\(path): no pin for package \(identity) of the dependency graph"
        case .commandFailed(let command, let message): "`\(command)` failed: \(message)"
        case .unexpectedOutput(let command, let reason): "`\(command)` printed something unexpected: \(reason)"
        case .checkoutMissing(let identity, let path):
            "\(path): the checkout of \(identity) is missing; run `swift package resolve` (or pass --scratch-path)"
        case .checkoutModified(let identity, let path, let files):
            "\(path): the checkout of \(identity) differs from its revision in \(files.count) files (\(files.prefix(5).joined(separator: ", "))\(files.count > 5 ? ", …" : "")); delete the checkout and run `swift package resolve`"
        case .badSourceDateEpoch(let value): "SOURCE_DATE_EPOCH=\(value): not a non-negative integer of seconds"
        case .file(let error): error.description
        }
    }
}

/// Why an SBOM could not be generated, read or accepted.
public enum SBOMError: SrooterError, Equatable {
    /// The inputs could not be gathered.
    case inventory(InventoryError)
    /// The file is not JSON (or not a JSON object).
    case notJSON(path: String, reason: String)
    /// The document breaks `count` rules; each was printed with its JSON path.
    case invalid(path: String, count: Int)
    /// The document could not be encoded.
    case encoding(reason: String)
    /// The file is missing, unreadable, too large or unwritable.
    case file(FileError)

    /// The largest SBOM srooter reads.
    public static let sizeLimit = 64 << 20

    public var kind: FailureKind {
        switch self {
        case .invalid: .verificationFailed
        case .inventory(let error): error.kind
        case .file(let error): error.kind
        case .notJSON, .encoding: .unusableInput
        }
    }

    public var description: String {
        switch self {
        case .inventory(let error): error.description
        case .notJSON(let path, let reason): "\(path): not a JSON document: \(reason)"
        case .invalid(let path, let count): "\(path): not a valid CycloneDX document (\(count) problem\(count == 1 ? "" : "s"))"
        case .encoding(let reason): "cannot encode the SBOM: \(reason)"
        case .file(let error): error.description
        }
    }
}
