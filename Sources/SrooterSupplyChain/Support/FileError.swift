#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file could not be read or written.
public enum FileError: SrooterError, Equatable {
    /// The file does not exist.
    case missing(path: String)
    /// The file exists but could not be opened or read (`reason` is the system's explanation).
    case unreadable(path: String, reason: String)
    /// The file is larger than srooter accepts for its kind.
    case tooLarge(path: String, size: Int, limit: Int)
    /// The file could not be written (`reason` is the system's explanation).
    case unwritable(path: String, reason: String)
    /// Refusing to replace a file that already exists.
    case exists(path: String)

    public var kind: FailureKind { .unusableInput }

    public var description: String {
        switch self {
        case .missing(let path): "\(path): no such file"
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .tooLarge(let path, let size, let limit):
            "\(path): is \(size) bytes, over the limit of \(limit) bytes"
        case .unwritable(let path, let reason): "\(path): cannot write: \(reason)"
        case .exists(let path): "\(path): already exists; refusing to overwrite it"
        }
    }

    /// The system's message for an `errno` value.
    static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
