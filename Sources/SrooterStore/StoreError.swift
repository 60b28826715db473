/// A storage failure, with the database path and SQLite's own message.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case open(path: String, reason: String)
    case query(path: String, reason: String)
    case notFound(what: String)
    /// Names in this database are encrypted and no metadata key is attached (the vault was not opened).
    case locked(path: String)
    /// A row's sealed part does not open: altered, copied from another row, or another database's key.
    case unreadable(path: String, table: String)
    /// The file was written by an earlier srooter that kept names in plain text.
    case legacyLayout(path: String, table: String)

    public var description: String {
        switch self {
        case .open(let path, let reason): "cannot open the database \(path): \(reason) (check the folder exists and is writable)"
        case .query(let path, let reason): "database \(path): \(reason)"
        case .notFound(let what): "\(what) does not exist"
        case .locked(let path):
            "database \(path): names are encrypted and the master key was not loaded (set SROOTER_MASTER_KEY, vault.master_key_file, or keep master.key beside the database)"
        case .unreadable(let path, let table):
            "database \(path): a row of \(table) cannot be decrypted: it was altered or copied from another row (restore the database from a backup)"
        case .legacyLayout(let path, let table):
            "database \(path) was written by an earlier srooter that stored names in plain text (table \(table)); this version encrypts them and cannot reuse it: move \(path) and its -wal and -shm files aside and start again (nothing was changed)"
        }
    }
}
