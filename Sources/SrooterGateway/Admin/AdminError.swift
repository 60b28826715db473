import SrooterStore

/// Why an admin action was not done. Each case renders its own HTTP status (the CLI exits 2 for
/// all of them); nothing picks a status by reading a message.
public enum AdminError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The actor may not do this to this target, or the target does not exist (403 either way,
    /// with the same words, so no answer tells a caller what exists outside its scopes).
    case forbidden(String)
    /// The input is not usable: a bad name, scope, role, document or placement.
    case invalid(String)
    /// The target already exists.
    case conflict(String)
    /// An HTTP body over the limit.
    case tooLarge(String)
    /// The database or audit log failed.
    case failed(String)

    /// The HTTP status the case stands for.
    public var status: Int {
        switch self {
        case .forbidden: 403
        case .invalid: 400
        case .conflict: 409
        case .tooLarge: 413
        case .failed: 500
        }
    }

    /// The one-line reason.
    public var message: String {
        switch self {
        case .forbidden(let text), .invalid(let text), .conflict(let text), .tooLarge(let text), .failed(let text): text
        }
    }

    public var description: String { message }

    /// Maps a store failure by its case (never its text): missing rows are 403 (the API does not reveal
    /// what exists), conflicts 409, references to missing rows 400.
    static func store(_ error: StoreError) -> AdminError {
        switch error {
        case .notFound: .forbidden("not permitted on this target")
        case .conflict(_, let reason): .conflict(reason)
        case .danglingReference(_, let reason): .invalid(reason)
        case .badName, .refused: .invalid(error.description)
        default: .failed(error.description)
        }
    }
}

/// Runs a store call, mapping its error.
func storing<T>(_ body: () async throws(StoreError) -> T) async throws(AdminError) -> T {
    do { return try await body() } catch { throw AdminError.store(error) }
}
