/// Why the pins could not be written, read, or matched.
public enum PinsError: SrooterError, Equatable {
    /// The pins file was written by a newer srooter.
    case newerFormat(path: String, found: Int, supported: Int)
    /// The pins file is not JSON of the expected shape.
    case malformed(path: String, reason: String)
    /// The resolved graph differs from the pins in `count` ways (each was printed).
    case drift(path: String, count: Int)
    /// The inputs could not be gathered.
    case inventory(InventoryError)
    /// The file is missing, unreadable or unwritable.
    case file(FileError)

    public var kind: FailureKind {
        switch self {
        case .drift: .verificationFailed
        case .newerFormat, .malformed: .unusableInput
        case .inventory(let error): error.kind
        case .file(let error): error.kind
        }
    }

    public var description: String {
        switch self {
        case .newerFormat(let path, let found, let supported):
            "\(path): pins format version \(found) is newer than this srooter reads (\(supported)); use a newer srooter"
        case .malformed(let path, let reason): "\(path): not a pins file: \(reason)"
        case .drift(let path, let count):
            "\(path): the resolved dependencies differ from the pins in \(count) way\(count == 1 ? "" : "s"); review the change and run `srooter pins generate`"
        case .inventory(let error): error.description
        case .file(let error): error.description
        }
    }
}
