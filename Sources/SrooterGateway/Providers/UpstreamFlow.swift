import NIOCore

/// The flags of a connection to a provider as a pure value (no I/O, no clock of its own):
/// whether reads are held while the relay is behind, whether the channel asked for a read while
/// they were, and when the provider was last heard from. ``UpstreamConnection`` asks it what to
/// do and does it.
struct UpstreamFlow: Sendable, Equatable {
    /// Reads are held: the relay is more than its high-water mark behind.
    private(set) var readsHeld = false
    /// The channel asked for a read while reads were held.
    private(set) var readWanted = false
    /// The last byte received, request sent, or reads resumed.
    private(set) var lastActivity: NIODeadline

    init(now: NIODeadline) { lastActivity = now }

    /// What the idle timer should do.
    enum IdleVerdict: Sendable, Equatable {
        /// Look again at this time.
        case checkAgain(at: NIODeadline)
        /// The provider has been silent for the whole timeout.
        case timedOut
    }

    mutating func heard(at now: NIODeadline) { lastActivity = now }

    /// The channel asks for a read: true to read now; while reads are held it is remembered.
    mutating func read() -> Bool {
        if readsHeld { readWanted = true }
        return !readsHeld
    }

    /// Holds reads; true when they were not held already (then watch for the relay to drain).
    mutating func hold() -> Bool {
        defer { readsHeld = true }
        return !readsHeld
    }

    /// Resumes held reads (counting as activity); true when a read the channel asked for is now due.
    mutating func resume(at now: NIODeadline) -> Bool {
        guard readsHeld else { return false }
        readsHeld = false
        lastActivity = now
        defer { readWanted = false }
        return readWanted
    }

    /// Whether the provider timed out at `now`. Held reads are the client's slowness, not the
    /// provider's silence: the timer looks again, at least a tenth of the timeout later.
    func idle(timeout: TimeAmount, now: NIODeadline) -> IdleVerdict {
        let due = lastActivity + timeout
        guard readsHeld || due > now else { return .timedOut }
        return .checkAgain(at: max(due, now + .nanoseconds(timeout.nanoseconds / 10)))
    }
}
