import ServiceLifecycle
import SrooterStore

/// Checkpoints the database's write-ahead log every `interval` from a connection of its own, so
/// requests' audit commits do not wait for the copying; once the log is past its limit, the
/// writer's connection copies the last few frames so the log starts again (see `WALCheckpointer`).
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
        if await checkpointer.checkpoint() { await store.catchUpLog() }
    }
}
