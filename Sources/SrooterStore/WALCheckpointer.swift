import Dispatch

/// Copies the write-ahead log back into the database file from its own connection and thread.
///
/// SQLite's automatic checkpoint runs inside whichever commit crosses 1000 WAL pages, so one
/// request in a thousand would wait for the copy and its `fsync`; the gateway commits audit
/// records on the request path, so it turns that off (`Store.disableAutomaticCheckpoints`) and
/// calls `checkpoint()` on a timer instead. A passive checkpoint never blocks writers.
public final class WALCheckpointer: @unchecked Sendable {
    // Confined to `queue`.
    private let connection: SQLiteConnection
    private let queue = DispatchQueue(label: "srooter.store.checkpoint")

    public init(path: String) throws(StoreError) {
        connection = try SQLiteConnection(path: path)
    }

    /// Runs one passive checkpoint off the caller's thread; a failure is retried next time.
    public func checkpoint() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.async { [self] in
                try? connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
                done.resume()
            }
        }
    }
}

extension Store {
    /// Stops commits on this connection from running checkpoints (see `WALCheckpointer`).
    public func disableAutomaticCheckpoints() throws(StoreError) {
        try performBlocking { connection throws(StoreError) in try connection.execute("PRAGMA wal_autocheckpoint=0") }
    }
}
