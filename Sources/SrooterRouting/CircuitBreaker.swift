import Synchronization

/// One provider's circuit: closed (requests go), open after `failures` failures within
/// `windowSeconds` (requests skip the provider), half-open after `cooldownSeconds` (one probe
/// goes; its success closes the circuit, its failure opens it again). A pure state machine:
/// time is passed in, in seconds.
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case closed
        case open(until: Double)
        /// One probe is out since `probeSince` (nil: none yet). A probe that never reports (its
        /// client left) is replaced after another cooldown.
        case halfOpen(probeSince: Double?)
    }

    public private(set) var state = State.closed
    /// Times of the failures within the window (closed only).
    private var failures: [Double] = []

    public init() {}

    /// Whether a request may go to the provider at `now`; in half-open, true once (the probe).
    public mutating func allows(at now: Double, _ settings: BreakerSettings) -> Bool {
        switch state {
        case .closed:
            return true
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen(probeSince: now)
            return true
        case .halfOpen(let since):
            if let since, now < since + settings.cooldownSeconds { return false }
            state = .halfOpen(probeSince: now)
            return true
        }
    }

    public mutating func succeeded(at now: Double, _ settings: BreakerSettings) {
        switch state {
        case .closed: break
        case .open, .halfOpen:
            state = .closed
            failures = []
        }
    }

    public mutating func failed(at now: Double, _ settings: BreakerSettings) {
        switch state {
        case .closed:
            failures.removeAll { $0 <= now - settings.windowSeconds }
            failures.append(now)
            if failures.count >= settings.failures {
                state = .open(until: now + settings.cooldownSeconds)
                failures = []
            }
        case .halfOpen:
            state = .open(until: now + settings.cooldownSeconds)
        case .open:
            break
        }
    }
}

/// The gateway's circuit breakers, one per provider, shared by every route.
public final class CircuitBreakers: Sendable {
    private let breakers = Mutex<[String: CircuitBreaker]>([:])
    /// Seconds on a monotonic clock (injected: tests move time by hand).
    private let clock: @Sendable () -> Double

    public init(clock: @escaping @Sendable () -> Double) { self.clock = clock }

    public func allows(_ provider: String, _ settings: BreakerSettings) -> Bool {
        let now = clock()
        return breakers.withLock { $0[provider, default: CircuitBreaker()].allows(at: now, settings) }
    }

    public func succeeded(_ provider: String, _ settings: BreakerSettings) {
        let now = clock()
        breakers.withLock { $0[provider, default: CircuitBreaker()].succeeded(at: now, settings) }
    }

    public func failed(_ provider: String, _ settings: BreakerSettings) {
        let now = clock()
        breakers.withLock { $0[provider, default: CircuitBreaker()].failed(at: now, settings) }
    }

    /// The provider's state (for the admin summary and tests).
    public func state(_ provider: String) -> CircuitBreaker.State {
        breakers.withLock { $0[provider]?.state ?? .closed }
    }
}
