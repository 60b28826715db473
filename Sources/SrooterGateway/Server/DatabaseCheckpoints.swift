import ServiceLifecycle
import SrooterStore

/// Folds budget charges (`SpendFold`) and checkpoints the database's write-ahead log every
/// `interval` from a connection of its own, so requests' audit commits do not wait for the
/// copying; once the log is past its limit, the writer's connection copies the last few frames
/// so the log starts again (see `WALCheckpointer`).
final class DatabaseCheckpoints: Service, Sendable {
    let checkpointer: WALCheckpointer
    let store: Store
    let interval: Duration

    init(checkpointer: WALCheckpointer, store: Store, interval: Duration = .seconds(1)) {
        self.checkpointer = checkpointer
        self.store = store
        self.interval = interval
    }

    func run() async throws {
        await repeatUntilShutdown(every: interval) { await checkpoint() }
        await checkpoint()
    }

    private func checkpoint() async {
        // Budget spend carried on audit rows, summed off the request path, then added between
        // two commits (a failure is retried next time; reads of the spend add what is not folded).
        if let pending = await checkpointer.unfoldedSpend() { try? await store.foldSpend(pending) }
        if await checkpointer.checkpoint() { await store.catchUpLog() }
    }
}
