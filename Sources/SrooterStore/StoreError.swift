/// A storage failure, with the database path and SQLite's own message.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case open(path: String, reason: String)
    case query(path: String, reason: String)
    case notFound(what: String)
    /// A row with the same key exists already (an org, team, user, ... created twice).
    case conflict(path: String, reason: String)
    /// A row refers to an org, team or user that does not exist.
    case danglingReference(path: String, reason: String)
    /// Names in this database are encrypted and no metadata key is attached (the vault was not opened).
    case locked(path: String)
    /// A row's sealed part does not open: altered, copied from another row, or another database's key.
    case unreadable(path: String, table: String)
    /// The file was written by an earlier srooter that kept names in plain text.
    case legacyLayout(path: String, table: String)
    /// A name (org, team, user, display name, key user, credential) that cannot be stored.
    case badName(what: String, reason: String)
    /// A write the directory's rules refuse (a user's team in another org than the user).
    case refused(reason: String)
    /// The database or its -wal or -shm file may be read or written by other users.
    case exposed(path: String, mode: Int)

    public var description: String {
        switch self {
        case .open(let path, let reason): "cannot open the database \(path): \(reason) (check the folder exists and is writable)"
        case .query(let path, let reason), .conflict(let path, let reason), .danglingReference(let path, let reason): "database \(path): \(reason)"
        case .notFound(let what): "\(what) does not exist"
        case .locked(let path):
            "database \(path): names are encrypted and the master key was not loaded (set SROOTER_MASTER_KEY, vault.master_key_file, or keep master.key beside the database)"
        case .unreadable(let path, let table):
            "database \(path): a row of \(table) cannot be decrypted: it was altered or copied from another row (restore the database from a backup)"
        case .legacyLayout(let path, let table):
            "database \(path) was written by an earlier srooter that stored names in plain text (table \(table)); this version encrypts them and cannot reuse it: move \(path) and its -wal and -shm files aside and start again (nothing was changed)"
        case .badName(let what, let reason): "\(what): \(reason)"
        case .refused(let reason): reason
        case .exposed(let path, let mode):
            "\(path) has mode \(String(mode, radix: 8)); other users must not read the database: chmod 600 it and its -wal and -shm files (or pass --allow-insecure-permissions)"
        }
    }
}
