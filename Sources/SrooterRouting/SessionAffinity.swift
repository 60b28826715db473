import Synchronization

/// Which model each recent conversation was served by, so its later turns stay there (the
/// provider's prompt cache). Keyed by ``RequestFeatures/sessionKey``; in memory, at most
/// `capacity` conversations, the least recently used forgotten first.
public final class SessionAffinity: Sendable {
    private struct Entries {
        var models: [String: (model: String, used: UInt64)] = [:]
        var tick: UInt64 = 0
    }

    private let entries = Mutex(Entries())
    public let capacity: Int

    public init(capacity: Int = 10_000) { self.capacity = max(1, capacity) }

    /// The model `key`'s conversation was last served by.
    public func model(for key: String) -> String? {
        entries.withLock { state in
            guard let entry = state.models[key] else { return nil }
            state.tick += 1
            state.models[key] = (entry.model, state.tick)
            return entry.model
        }
    }

    /// Remembers that `key`'s conversation is served by `model`.
    public func pin(_ key: String, to model: String) {
        entries.withLock { state in
            state.tick += 1
            state.models[key] = (model, state.tick)
            guard state.models.count > capacity else { return }
            // Forget the oldest eighth at once, so eviction's sort is rare.
            let drop = max(1, capacity / 8)
            for (old, _) in state.models.sorted(by: { $0.value.used < $1.value.used }).prefix(drop) { state.models[old] = nil }
        }
    }

    /// Conversations remembered.
    public var count: Int { entries.withLock { $0.models.count } }
}
