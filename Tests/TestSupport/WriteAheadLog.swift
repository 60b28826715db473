import Foundation

/// The SQLite write-ahead log beside a database, for canary scans. SQLite folds the log into the
/// database and deletes it when the last connection closes cleanly, so a scan must read it while
/// the writer still runs; a missing or empty log means the scan would prove nothing.
public enum WriteAheadLog {
    /// The bytes of `database`-wal, or nil when there is no such file or it is empty.
    public static func bytes(ofDatabase database: String) -> Data? {
        guard let data = FileManager.default.contents(atPath: database + "-wal"), !data.isEmpty else { return nil }
        return data
    }
}
