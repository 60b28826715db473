import Synchronization

/// The client hanging up, as an upstream exchange hears it: the exchange says how to stop itself
/// (`onHangUp`), the client's socket closing calls `fire()`, and whichever comes second runs it.
///
/// This replaced running every exchange in a task of its own that a disconnect cancelled: the
/// extra task cost each request its creation and two task switches.
public final class HangUp: Sendable {
    private struct State {
        var fired = false
        var action: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    public init() {}

    /// Whether the client has hung up.
    public var fired: Bool { state.withLock { $0.fired } }

    /// The client hung up: runs the registered action, once.
    public func fire() {
        let action = state.withLock { state -> (@Sendable () -> Void)? in
            guard !state.fired else { return nil }
            state.fired = true
            defer { state.action = nil }
            return state.action
        }
        action?()
    }

    /// Runs `action` when the client hangs up; at once if it already has. Replaces an earlier action.
    func onHangUp(_ action: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            guard !state.fired else { return true }
            state.action = action
            return false
        }
        if now { action() }
    }
}
