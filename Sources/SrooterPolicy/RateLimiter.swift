import Synchronization

/// The generic cell rate algorithm for one bucket: `limit` units per `period`, bursting up to
/// `limit`. Pure: the caller passes the time (seconds, any monotonic origin).
public struct GCRA: Sendable, Equatable {
    /// Theoretical arrival time: when the bucket would be empty again.
    public private(set) var tat: Double = 0

    public init() {}

    /// The outcome of one attempt.
    public struct Decision: Sendable, Equatable {
        public var allowed: Bool
        /// Units still available right after this decision.
        public var remaining: Int
        /// Seconds until `cost` units would be admitted (0 when allowed).
        public var retryAfter: Double
        /// Seconds until the bucket is full again.
        public var resetAfter: Double
    }

    /// Admits `cost` units if the bucket has them, consuming them.
    public mutating func admit(cost: Int, limit: Int, period: Double, now: Double) -> Decision {
        let interval = period / Double(max(limit, 1))
        let base = max(tat, now)
        let newTAT = base + interval * Double(cost)
        let allowAt = newTAT - period
        if allowAt > now + 1e-9 {
            let remaining = max(0, Int(((now + period - base) / interval).rounded(.down)))
            return Decision(allowed: false, remaining: remaining, retryAfter: allowAt - now, resetAfter: max(0, base - now))
        }
        tat = newTAT
        let remaining = max(0, Int(((now + period - newTAT) / interval).rounded(.down)))
        return Decision(allowed: true, remaining: remaining, retryAfter: 0, resetAfter: max(0, newTAT - now))
    }

    /// Corrects an earlier charge by `delta` units (negative gives units back), never below empty.
    public mutating func adjust(by delta: Int, limit: Int, period: Double, now: Double) {
        let interval = period / Double(max(limit, 1))
        tat = max(now, max(tat, now) + interval * Double(delta))
    }
}

/// Requests-per-minute and tokens-per-minute buckets for many scopes, shared by all requests.
public final class RateLimiter: Sendable {
    /// A refusal: which scope, which limit, and when to retry.
    public struct Refusal: Error, Sendable, Equatable {
        public var scope: ScopeRef
        /// `requests` or `tokens`.
        public var unit: String
        public var limit: Int
        public var retryAfter: Double
    }

    /// What the caller may report in rate-limit headers about the tightest bucket.
    public struct Snapshot: Sendable, Equatable {
        public var requestLimit: Int?
        public var requestsRemaining: Int?
        public var requestsReset: Double?
        public var tokenLimit: Int?
        public var tokensRemaining: Int?
        public var tokensReset: Double?
    }

    private struct Key: Hashable { let scope: ScopeRef; let tokens: Bool }
    private let buckets = Mutex<[Key: GCRA]>([:])
    private let period: Double

    public init(period: Double = 60) { self.period = period }

    /// Admits a request costing `tokens` (estimated) against every limit, all or nothing.
    public func admit(_ limits: [EffectivePolicy.RateLimit], tokens: Int, now: Double) -> Result<Snapshot, Refusal> {
        guard !limits.isEmpty else { return .success(Snapshot()) }
        return buckets.withLock { table in
            // Decided on copies of the few cells involved, stored only if every limit admits.
            var admitted: [(key: Key, cell: GCRA)] = []
            admitted.reserveCapacity(limits.count * 2)
            var snapshot = Snapshot()
            for limit in limits {
                if let rpm = limit.requestsPerMinute {
                    let key = Key(scope: limit.scope, tokens: false)
                    var cell = table[key] ?? GCRA()
                    let decision = cell.admit(cost: 1, limit: rpm, period: period, now: now)
                    guard decision.allowed else {
                        return .failure(Refusal(scope: limit.scope, unit: "requests", limit: rpm, retryAfter: decision.retryAfter))
                    }
                    admitted.append((key, cell))
                    if snapshot.requestsRemaining.map({ decision.remaining < $0 }) ?? true {
                        (snapshot.requestLimit, snapshot.requestsRemaining, snapshot.requestsReset) = (rpm, decision.remaining, decision.resetAfter)
                    }
                }
                if let tpm = limit.tokensPerMinute {
                    let cost = min(tokens, tpm)  // a single huge request may use a whole minute, not more
                    let key = Key(scope: limit.scope, tokens: true)
                    var cell = table[key] ?? GCRA()
                    let decision = cell.admit(cost: cost, limit: tpm, period: period, now: now)
                    guard decision.allowed else {
                        return .failure(Refusal(scope: limit.scope, unit: "tokens", limit: tpm, retryAfter: decision.retryAfter))
                    }
                    admitted.append((key, cell))
                    if snapshot.tokensRemaining.map({ decision.remaining < $0 }) ?? true {
                        (snapshot.tokenLimit, snapshot.tokensRemaining, snapshot.tokensReset) = (tpm, decision.remaining, decision.resetAfter)
                    }
                }
            }
            for (key, cell) in admitted { table[key] = cell }
            return .success(snapshot)
        }
    }

    /// After the response: charges the difference between the actual tokens and the estimate.
    public func settleTokens(_ limits: [EffectivePolicy.RateLimit], estimated: Int, actual: Int, now: Double) {
        let delta = actual - estimated
        guard delta != 0 else { return }
        buckets.withLock { table in
            for limit in limits {
                guard let tpm = limit.tokensPerMinute else { continue }
                table[Key(scope: limit.scope, tokens: true), default: GCRA()].adjust(by: delta, limit: tpm, period: period, now: now)
            }
        }
    }
}
