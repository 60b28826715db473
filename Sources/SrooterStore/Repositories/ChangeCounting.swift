/// Stored data that other processes may change (the CLI writing while `serve` runs).
public protocol ChangeCounting: Sendable {
    /// A number that changes when another process commits (not on this process's own writes),
    /// so periodic reloads can skip data that has not changed.
    func dataVersion() async throws(StoreError) -> Int
}
