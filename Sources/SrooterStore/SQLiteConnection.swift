import CSQLite

/// SQLite's "copy this buffer now" destructor, a cast macro Swift does not import.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection. Not thread-safe by itself: `Store` confines it to one serial queue.
final class SQLiteConnection {
    private var handle: OpaquePointer?
    let path: String
    /// Statements of the hot paths (audit appends, spend), prepared once.
    private var cache: [String: Statement] = [:]
    /// Budget scopes whose stored index this connection has found in `ledger_scopes`.
    var storedScopes: [String: String] = [:]

    /// Bytes the write-ahead log file is cut back to when the log starts again (`WALCheckpointer`).
    static let journalSizeLimit = 64 << 20

    /// Opens (creating if needed) the database at `path`, in WAL mode.
    init(path: String) throws(StoreError) {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw StoreError.open(path: path, reason: message)
        }
        handle = db
        sqlite3_busy_timeout(db, 5000)
        try execute("PRAGMA journal_mode=WAL")
        try execute("PRAGMA synchronous=NORMAL")
        // When the log starts again from its beginning, a log that grew past this is cut back.
        try execute("PRAGMA journal_size_limit=\(Self.journalSizeLimit)")
        try execute("PRAGMA foreign_keys=ON")
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(StoreError) {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            let reason = message.map { String(cString: $0) } ?? lastError
            sqlite3_free(message)
            throw StoreError.query(path: path, reason: reason)
        }
    }

    /// Prepares a statement.
    func prepare(_ sql: String) throws(StoreError) -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw StoreError.query(path: path, reason: lastError)
        }
        return Statement(handle: statement, path: path)
    }

    /// A prepared statement kept for reuse, reset and with no bindings. Only for fixed SQL text
    /// on paths that run per request; do not hold it across another use of the same text.
    func cached(_ sql: String) throws(StoreError) -> Statement {
        if let statement = cache[sql] {
            statement.reset()
            return statement
        }
        let statement = try prepare(sql)
        cache[sql] = statement
        return statement
    }

    /// The database's page size in bytes (a log frame is one page and a 24-byte header).
    func pageSize() throws(StoreError) -> Int {
        let statement = try prepare("PRAGMA page_size")
        guard try statement.step(), let size = statement.int(0) else { throw StoreError.query(path: path, reason: "no page size") }
        return size
    }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A prepared statement with positional bindings (1-based, as SQLite counts).
///
/// It holds no reference to its connection: the connection keeps its cached statements, and a
/// reference back made a cycle that kept every connection that had cached one open for the life of
/// the process (a CLI command then exited without closing the database, leaving the write-ahead
/// log unfolded). A statement that outlives its connection keeps SQLite's handle alive until it is
/// finalized (`sqlite3_close_v2`).
final class Statement {
    private let handle: OpaquePointer
    /// The database file, for error messages.
    private let path: String

    init(handle: OpaquePointer, path: String) {
        self.handle = handle
        self.path = path
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ index: Int32, _ value: String?) {
        if let value { sqlite3_bind_text(handle, index, value, -1, sqliteTransient) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: Int?) {
        if let value { sqlite3_bind_int64(handle, index, Int64(value)) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Steps once: true when a row is ready, false when done.
    func step() throws(StoreError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StoreError.query(path: path, reason: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
        }
    }

    /// Steps to the end (a statement that returns no rows).
    func run() throws(StoreError) {
        while try step() {}
    }

    /// Resets for another run with new bindings.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func string(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: text)
    }

    func int(_ column: Int32) -> Int? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(handle, column))
    }

    func double(_ column: Int32) -> Double? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_double(handle, column)
    }
}
