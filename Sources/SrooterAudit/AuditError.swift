/// An audit trail failure, one actionable line.
public enum AuditError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The audit signing key could not be read or made.
    case badKey(reason: String)
    /// A stored record's sealed fields do not open (wrong master key, or the row was altered).
    case unreadable(seq: Int)
    /// A database failure.
    case storage(String)
    /// An export file could not be read.
    case malformedExport(line: Int, reason: String)
    /// Bad command input (dates, formats).
    case invalidInput(String)

    public var description: String {
        switch self {
        case .badKey(let reason): "audit key: \(reason)"
        case .unreadable(let seq): "audit record \(seq) cannot be decrypted: it was altered, or the master key is not this database's"
        case .storage(let reason): reason
        case .malformedExport(let line, let reason): "line \(line): \(reason)"
        case .invalidInput(let reason): reason
        }
    }
}
