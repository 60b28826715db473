import Logging
import ServiceLifecycle
import SrooterPolicy

/// Reloads the policy engine's directory every few seconds (so `srooter org|team|user|policy`
/// and the admin API take effect on a running server) and expires orphaned reservations.
final class PolicyRefresher: Service, Sendable {
    let engine: PolicyEngine
    let interval: Duration
    let logger: Logger

    init(engine: PolicyEngine, interval: Duration = .seconds(2), logger: Logger) {
        self.engine = engine
        self.interval = interval
        self.logger = logger
    }

    func run() async throws {
        await repeatUntilShutdown(every: interval) {
            do {
                try await engine.refresh()
            } catch {
                logger.warning("policy: reload failed", metadata: ["srooter.error": "\(error)"])
            }
        }
    }
}
