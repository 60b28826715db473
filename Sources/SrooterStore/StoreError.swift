/// A storage failure, with the database path and SQLite's own message.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case open(path: String, reason: String)
    case query(path: String, reason: String)
    case notFound(what: String)

    public var description: String {
        switch self {
        case .open(let path, let reason): "cannot open the database \(path): \(reason) (check the folder exists and is writable)"
        case .query(let path, let reason): "database \(path): \(reason)"
        case .notFound(let what): "\(what) does not exist"
        }
    }
}
