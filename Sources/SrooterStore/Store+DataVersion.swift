extension Store {
    /// SQLite's `data_version`: changes when another connection (the CLI, another process)
    /// commits, not on this connection's own writes. Lets periodic reloads skip unchanged data.
    public func dataVersion() async throws(StoreError) -> Int {
        try await perform { connection throws(StoreError) in
            let statement = try connection.cached("PRAGMA data_version")
            defer { statement.reset() }
            return try statement.step() ? statement.int(0) ?? 0 : 0
        }
    }
}
