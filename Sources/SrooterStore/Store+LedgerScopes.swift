/// How a budget scope (`user:ada`, `team:platform`) is stored: `budget_spend.scope` holds its
/// blind index, and `ledger_scopes` keeps one sealed copy of
/// the name per index, so `ledgerBalances` (and `srooter policy spend`) can still show names.
enum LedgerScopeSchema {
    static let sql = """
        CREATE TABLE IF NOT EXISTS ledger_scopes (scope_index TEXT PRIMARY KEY, sealed TEXT NOT NULL);
        """
}

extension Store {
    /// The stored form of a budget scope: its blind index. Records the sealed name the first time
    /// (inside the caller's transaction, on the store's queue). Fails with `.locked` when no cipher is attached.
    func storedScope(_ scope: String, _ connection: SQLiteConnection) throws(StoreError) -> String {
        if let index = connection.storedScopes[scope] { return index }
        let sealer = try self.sealer("ledger_scopes")
        let index = sealer.index(scope, .ledgerScope)
        let known = try connection.cached("SELECT 1 FROM ledger_scopes WHERE scope_index = ?")
        known.bind(1, index)
        let seen = try known.step()
        known.reset()
        if !seen {
            let insert = try connection.cached("INSERT OR IGNORE INTO ledger_scopes (scope_index, sealed) VALUES (?, ?)")
            insert.bind(1, index)
            insert.bind(2, sealer.seal([scope], row: index))
            _ = try insert.step()
        }
        // Remembered once the row is found (so a rolled-back first insert is retried next time).
        if seen { connection.storedScopes[scope] = index }
        return index
    }

    /// The name of a stored scope (the inverse of `storedScope`); an index with no readable name
    /// shows as `scope#<first 12 hex digits>`.
    func scopeNames(_ connection: SQLiteConnection) throws(StoreError) -> (String) -> String {
        let sealer = try self.sealer("ledger_scopes")
        let statement = try connection.prepare("SELECT scope_index, sealed FROM ledger_scopes")
        var names: [String: String] = [:]
        while try statement.step() {
            let index = statement.string(0) ?? ""
            if let name = try? sealer.open(statement.string(1), row: index, count: 1, path: connection.path).first ?? nil {
                names[index] = name
            }
        }
        return { index in names[index] ?? "scope#\(index.prefix(12))" }
    }
}
