import Dispatch
import Glibc
import Synchronization

/// Copies the write-ahead log back into the database file from its own connection and thread,
/// and sums the audit rows' budget charges for `Store.foldSpend` (`SpendFold`).
///
/// SQLite's automatic checkpoint runs inside whichever commit crosses 1000 WAL pages, so one
/// request in a thousand would wait for the copy and its `fsync`; the gateway commits audit
/// records on the request path, so it defers that to a backstop far past the log's limit
/// (`Store.deferAutomaticCheckpoints`) and calls `checkpoint()` on a timer instead.
public final class WALCheckpointer: @unchecked Sendable {
    // Confined to `thread`.
    private let connection: SQLiteConnection
    /// At nice 19: the copying waits for idle CPU rather than preempting requests (in an A/B at
    /// one connection, the gateway's p99 went from 1.83–1.98 to 1.55–1.79 ms).
    private let thread = IdlePriorityThread()
    /// The last sum of unfolded charges (confined to `thread`).
    private var scan: SpendFold.Pending?

    /// Log size (bytes) past which a checkpoint also makes the writer start the log again.
    let restartAbove: Int

    /// - Parameter restartAbove: the connections' `journal_size_limit` (64 MiB), unless a test needs less.
    public init(path: String, restartAbove: Int? = nil) throws(StoreError) {
        connection = try SQLiteConnection(path: path)
        self.restartAbove = restartAbove ?? SQLiteConnection.journalSizeLimit
    }

    /// Copies the log back off the caller's thread; a failure is retried next time.
    ///
    /// A passive checkpoint copies the frames that were there when it began while the writer keeps
    /// appending, so under steady load it never ends caught up, and SQLite starts the log again
    /// from its beginning only after a checkpoint that did: the WAL grew by every commit (313 MB
    /// after 37,000 records). This pass does the bulk of the copying without blocking anyone; once
    /// the log is past `restartAbove` it says so, and the caller has the writer's own connection
    /// copy the few frames appended since (`Store.catchUpLog`), after which the writer's next
    /// commit starts the log again, cut back to `journal_size_limit`.
    /// - Returns: whether the log is past `restartAbove`.
    @discardableResult
    public func checkpoint() async -> Bool {
        await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
            thread.async { [self] in done.resume(returning: checkpointOnThread()) }
        }
    }

    /// `checkpoint()`, blocking the calling thread. Internal: only for tests that run the writer
    /// and the checkpointer on threads of their own, so that a busy cooperative pool cannot
    /// starve either (`WALBoundTests`); `serve` uses `checkpoint()`.
    @discardableResult
    func checkpointBlocking() -> Bool {
        let done = DispatchSemaphore(value: 0)
        let result = Atomic(false)
        thread.async { [self] in
            result.store(checkpointOnThread(), ordering: .relaxed)
            done.signal()
        }
        done.wait()
        return result.load(ordering: .relaxed)
    }

    /// The budget charges on audit rows not folded into `budget_spend` yet, summed on this
    /// connection at idle priority; nil when there is nothing to fold (see `SpendFold`). The
    /// caller hands them to `Store.foldSpend`, which writes them on the store's own connection.
    public func unfoldedSpend() async -> SpendFold.Pending? {
        await withCheckedContinuation { (done: CheckedContinuation<SpendFold.Pending?, Never>) in
            thread.async { [self] in
                // Each row is read once: the sum so far is kept until a fold moves the mark.
                scan = try? SpendFold.pending(connection, continuing: scan)
                done.resume(returning: scan.flatMap { $0.isWorthFolding ? $0 : nil })
            }
        }
    }

    private func checkpointOnThread() -> Bool {
        try? connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        var status = stat()
        return stat(connection.path + "-wal", &status) == 0 && Int(status.st_size) > restartAbove
    }
}

extension Store {
    /// Leaves checkpoints to `WALCheckpointer` until the log passes `bytes`; past that, the commit
    /// that crosses it checkpoints on this connection as SQLite does by default. The background
    /// checkpointer runs at nice 19, so a machine busy on every core can starve it for as long as
    /// it stays busy; this is the bound that holds then (3,000 commits at full load on two cores
    /// left a 14 MB log where the background pass alone was meant to keep it near 1 MiB).
    /// - Parameter bytes: twice the connections' `journal_size_limit` (128 MiB), unless a test needs another.
    public func deferAutomaticCheckpoints(untilBytes bytes: Int? = nil) throws(StoreError) {
        try performBlocking { connection throws(StoreError) in
            let pageSize = max(512, try connection.pageSize())
            let pages = min(Int(Int32.max), max(1, (bytes ?? 2 * SQLiteConnection.journalSizeLimit) / pageSize))
            try connection.execute("PRAGMA wal_autocheckpoint=\(pages)")
        }
    }

    /// Copies what the last background checkpoint left from the writer's own connection, between
    /// two of its commits, so it ends caught up and the next commit starts the log again. The
    /// commits queued behind it wait for the copy of those few frames and two `fsync`s.
    public func catchUpLog() async {
        try? await perform { connection throws(StoreError) in try connection.execute("PRAGMA wal_checkpoint(PASSIVE)") }
    }

    /// `catchUpLog()`, blocking the calling thread. Internal, for the same tests as
    /// `WALCheckpointer.checkpointBlocking`.
    func catchUpLogBlocking() {
        try? performBlocking { connection throws(StoreError) in try connection.execute("PRAGMA wal_checkpoint(PASSIVE)") }
    }
}
