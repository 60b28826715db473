import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// srooter's SQLite database (WAL mode): access keys, the directory, budgets, credentials and audit records.
///
/// Names (users, teams, orgs, key ids, policy documents, providers) are stored sealed, with a
/// blind index where a row is looked up; the vault attaches the metadata cipher when it opens
/// (`attach(cipher:)`), and until then calls that touch names fail with `StoreError.locked`.
///
/// Every call runs on one serial dispatch queue, off Swift's cooperative thread pool, since
/// SQLite blocks. One connection serves reads and writes; WAL lets other processes (the CLI's
/// `access create` while `serve` runs) read and write alongside.
///
/// Example:
/// ```swift
/// let store = try Store(path: "./data/srooter.db")
/// _ = try await Vault.open(store: store, source: source)  // attaches the metadata cipher
/// let (key, secret) = try await store.createAccessKey(user: "ada", team: nil)
/// ```
public final class Store: @unchecked Sendable {
    // Confined to `queue`: every use goes through `perform`.
    fileprivate let connection: SQLiteConnection
    private let queue = DispatchQueue(label: "srooter.store")
    let cipherSlot = CipherSlot()
    /// The database file.
    public let path: String

    /// Opens the database and creates or upgrades its tables.
    public init(path: String) throws(StoreError) {
        self.path = path
        DatabaseFiles.prepare(path)  // the folder (0700) and the file (0600), if missing
        connection = try SQLiteConnection(path: path)
        try Schema.refuseLegacy(connection)
        try connection.execute(Schema.version1)
        try PolicySchema.create(connection)  // issue 8: directory, policies, budget ledger, audit note
        try connection.execute(LedgerScopeSchema.sql)
        try Self.prepareAuditChain(connection)
    }

    /// Runs `body` with the connection on the store's queue.
    func perform<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws(StoreError) -> T) async throws(StoreError) -> T {
        let call = QueuedCall(store: self, body: body)
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: call.run()) }
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

/// One call handed to the store's queue. It lets go of the store and the body before its caller
/// is resumed, so the queue never holds the last reference to the store: a CLI command that exits
/// right after its last await has closed the database, which folds the write-ahead log into it.
private final class QueuedCall<T>: @unchecked Sendable {
    // Set on the caller's thread, taken once on the store's queue.
    private var store: Store?
    private var body: ((SQLiteConnection) throws(StoreError) -> T)?

    init(store: Store, body: @escaping (SQLiteConnection) throws(StoreError) -> T) {
        self.store = store
        self.body = body
    }

    func run() -> Result<T, StoreError> {
        let (store, body) = (self.store, self.body)
        (self.store, self.body) = (nil, nil)
        guard let store, let body else { return .failure(.query(path: "", reason: "a store call ran twice")) }
        do throws(StoreError) { return .success(try body(store.connection)) } catch { return .failure(error) }
    }
}

/// The tables, created if missing.
enum Schema {
    /// Access keys: `id_index` and `user_index` are blind indexes; `sealed` holds id, user and team.
    static let version1 = """
        CREATE TABLE IF NOT EXISTS access_keys (
            id_index TEXT PRIMARY KEY,
            user_index TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            sealed TEXT NOT NULL,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE INDEX IF NOT EXISTS access_keys_user ON access_keys(user_index);
        """

    /// Tables and the plain-text column each had before names were sealed.
    static let legacyColumns = [("access_keys", "user"), ("orgs", "name"), ("teams", "name"), ("users", "name"),
                                ("role_grants", "user"), ("policies", "document"), ("vault_credentials", "provider")]

    /// Fails with `.legacyLayout`, changing nothing, when a table still has its plain-text layout.
    static func refuseLegacy(_ connection: SQLiteConnection) throws(StoreError) {
        for (table, column) in legacyColumns {
            let statement = try connection.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = ?")
            statement.bind(1, table)
            statement.bind(2, column)
            if try statement.step() { throw StoreError.legacyLayout(path: connection.path, table: table) }
        }
    }
}
