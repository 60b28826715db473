import Synchronization

/// How each recent conversation's requests ended (for the learned router's "session's earlier
/// outcomes" feature): requests and failures, keyed by ``RequestFeatures/sessionKey``; in
/// memory, at most `capacity` conversations, the least recently used forgotten first.
public final class SessionOutcomes: Sendable {
    private struct Entry {
        var requests = 0
        var failures = 0
        var used: UInt64 = 0
    }

    private let entries = Mutex<(map: [String: Entry], tick: UInt64)>(([:], 0))
    public let capacity: Int

    public init(capacity: Int = 10_000) { self.capacity = max(1, capacity) }

    /// Notes that a request of `key`'s conversation ended, well or not.
    public func record(_ key: String, failed: Bool) {
        entries.withLock { state in
            state.tick += 1
            var entry = state.map[key] ?? Entry()
            entry.requests += 1
            if failed { entry.failures += 1 }
            entry.used = state.tick
            state.map[key] = entry
            guard state.map.count > capacity else { return }
            for (old, _) in state.map.sorted(by: { $0.value.used < $1.value.used }).prefix(max(1, capacity / 8)) { state.map[old] = nil }
        }
    }

    /// The conversation's requests and failures so far.
    public func counts(_ key: String) -> (requests: Int, failures: Int) {
        entries.withLock { state in state.map[key].map { ($0.requests, $0.failures) } ?? (0, 0) }
    }
}
