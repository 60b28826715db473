import ServiceLifecycle
import SrooterStore

/// Checkpoints the database's write-ahead log every `interval` from a connection of its own, so
/// no request's audit commit ever waits for a checkpoint (see `WALCheckpointer`).
final class DatabaseCheckpoints: Service, Sendable {
    let checkpointer: WALCheckpointer
    let interval: Duration

    init(checkpointer: WALCheckpointer, interval: Duration = .seconds(1)) {
        self.checkpointer = checkpointer
        self.interval = interval
    }

    func run() async throws {
        await repeatUntilShutdown(every: interval) { await checkpointer.checkpoint() }
        await checkpointer.checkpoint()
    }
}
