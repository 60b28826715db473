import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// srooter's SQLite database (WAL mode): access keys and audit records.
///
/// Every call runs on one serial dispatch queue, off Swift's cooperative thread pool, since
/// SQLite blocks. One connection serves reads and writes; WAL lets other processes (the CLI's
/// `access create` while `serve` runs) read and write alongside.
///
/// Example:
/// ```swift
/// let store = try Store(path: "./data/srooter.db")
/// let (key, secret) = try await store.createAccessKey(user: "ada", team: nil)
/// ```
public final class Store: @unchecked Sendable {
    // Confined to `queue`: every use goes through `perform`.
    private let connection: SQLiteConnection
    private let queue = DispatchQueue(label: "srooter.store")
    /// The database file.
    public let path: String

    /// Opens the database and creates or upgrades its tables.
    public init(path: String) throws(StoreError) {
        self.path = path
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            mkdir(String(path[..<slash]), 0o755)  // the folder of the database (./data), if missing
        }
        connection = try SQLiteConnection(path: path)
        try connection.execute(Schema.version1)
        try PolicySchema.create(connection)  // issue 8: directory, policies, budget ledger, audit note
    }

    /// Runs `body` with the connection on the store's queue.
    func perform<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws(StoreError) -> T) async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            queue.async { [self] in
                do throws(StoreError) {
                    continuation.resume(returning: .success(try body(self.connection)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Runs `body` with the connection, blocking the caller (for the CLI and shutdown flushes).
    func performBlocking<T>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        let result: Result<T, StoreError> = queue.sync {
            do throws(StoreError) { return .success(try body(connection)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// The tables, created if missing.
enum Schema {
    static let version1 = """
        CREATE TABLE IF NOT EXISTS access_keys (
            id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            user TEXT NOT NULL,
            team TEXT,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );
        """
}
