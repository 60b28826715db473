/// Budget spend rides on the audit rows that settled it and is folded into `budget_spend` about
/// once a second, off the request path, not on every commit.
///
/// Upserting `budget_spend` in every group commit dirtied one more page per commit: with budgets
/// on, that extra WAL frame was most of what policy cost a request at 32 connections. Instead, the
/// last row of each committed batch carries the batch's spend in `audit_chain.charges` (the page
/// the records go to anyway). About once a second, `WALCheckpointer` sums the charges of the rows
/// after `budget_spend_folded.seq` on its own connection and thread, and the store's connection
/// adds them to `budget_spend` and moves the mark in one short transaction between two commits.
/// Reading the spend adds the charges not folded yet, so the stored total is exact after any
/// crash: a row's charges are committed with the row, and a fold moves them and the mark together.
public enum SpendFold {
    /// How many rows without charges may pile up past the mark before a fold moves it anyway:
    /// this bounds what every read of the spend scans, without a write every second for a
    /// gateway with no budgets.
    static let idleRows = 10_000

    /// What one fold adds: the charges of the rows in `(mark, head]`. A nil mark means the mark
    /// row is missing; the fold then only puts it back at `head`.
    public struct Pending: Sendable {
        var mark: Int?
        var head: Int
        var totals: [SpendKey: Int]

        /// Whether a fold would change anything worth a write: charges to add, a missing mark, or
        /// `idleRows` rows without charges to step over.
        var isWorthFolding: Bool {
            guard let mark else { return true }
            return !totals.isEmpty || head - mark >= SpendFold.idleRows
        }
    }

    /// The charges after the mark, summed in a read transaction (a scan that holds up no writer);
    /// nil when the database has no audit chain. Given the last result for the same mark, only
    /// the rows after it are read.
    static func pending(_ connection: SQLiteConnection, continuing previous: Pending? = nil) throws(StoreError) -> Pending? {
        guard try hasTable(connection) else { return nil }
        try connection.execute("BEGIN")
        defer { try? connection.execute("COMMIT") }
        let head = try newest(connection)
        guard let mark = try foldMark(connection) else { return Pending(mark: nil, head: head, totals: [:]) }
        if let previous, previous.mark == mark, previous.head <= head {
            var totals = previous.totals
            for (key, micros) in try charges(after: previous.head, through: head, connection) { totals[key, default: 0] += micros }
            return Pending(mark: mark, head: head, totals: totals)
        }
        return Pending(mark: mark, head: max(head, mark), totals: try charges(after: mark, through: head, connection))
    }

    /// Adds `pending` and moves the mark in one short write transaction, unless another fold
    /// moved the mark since `pending` was read.
    static func apply(_ pending: Pending, _ connection: SQLiteConnection) throws(StoreError) {
        try connection.cached("BEGIN IMMEDIATE").run()
        do throws(StoreError) {
            if try foldMark(connection) == pending.mark {
                try add(pending.totals, connection)
                // A removed mark is put back at the newest row rather than count old charges twice.
                let move = try connection.cached("INSERT OR REPLACE INTO budget_spend_folded (id, seq) VALUES (1, ?)")
                move.bind(1, pending.head)
                _ = try move.step()
                move.reset()
            }
            try connection.cached("COMMIT").run()
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Whether the database has the fold mark's table (the audit chain was prepared).
    static func hasTable(_ connection: SQLiteConnection) throws(StoreError) -> Bool {
        let tables = try connection.cached("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'budget_spend_folded'")
        defer { tables.reset() }
        return try tables.step() && tables.int(0) == 1
    }

    /// The seq up to which charges are in `budget_spend`; nil when the mark is missing.
    static func foldMark(_ connection: SQLiteConnection) throws(StoreError) -> Int? {
        let statement = try connection.cached("SELECT seq FROM budget_spend_folded WHERE id = 1")
        defer { statement.reset() }
        return try statement.step() ? statement.int(0) : nil
    }

    static func newest(_ connection: SQLiteConnection) throws(StoreError) -> Int {
        let statement = try connection.cached("SELECT IFNULL(MAX(seq), 0) FROM audit_chain")
        defer { statement.reset() }
        return try statement.step() ? statement.int(0) ?? 0 : 0
    }

    /// The charges of the rows in `(after, through]`, by stored ledger.
    static func charges(after mark: Int, through head: Int, _ connection: SQLiteConnection) throws(StoreError) -> [SpendKey: Int] {
        let statement = try connection.cached("SELECT charges FROM audit_chain WHERE seq > ? AND seq <= ? AND charges IS NOT NULL")
        defer { statement.reset() }
        statement.bind(1, mark)
        statement.bind(2, head)
        var totals: [SpendKey: Int] = [:]
        while try statement.step() {
            if let text = statement.string(0) { SpendCharges.add(text, to: &totals) }
        }
        return totals
    }

    /// Adds `totals` to `budget_spend` inside the caller's write transaction.
    static func add(_ totals: [SpendKey: Int], _ connection: SQLiteConnection) throws(StoreError) {
        let add = try connection.cached(
            "INSERT INTO budget_spend (scope, period_key, spent_micros) VALUES (?, ?, ?) "
                + "ON CONFLICT (scope, period_key) DO UPDATE SET spent_micros = spent_micros + excluded.spent_micros")
        for (key, micros) in totals where micros != 0 {
            add.bind(1, key.scopeIndex)
            add.bind(2, key.periodKey)
            add.bind(3, micros)
            _ = try add.step()
            add.reset()
        }
    }
}

/// One `charges` value: `scopeIndex periodKey micros` entries separated by `;`.
enum SpendCharges {
    static func encode(_ entries: [(scopeIndex: String, periodKey: String, micros: Int)]) -> String? {
        guard !entries.isEmpty else { return nil }
        return entries.map { "\($0.scopeIndex) \($0.periodKey) \($0.micros)" }.joined(separator: ";")
    }

    /// Adds a stored value's entries to `totals`; malformed entries are skipped.
    static func add(_ text: String, to totals: inout [SpendKey: Int]) {
        for entry in text.split(separator: ";") {
            let fields = entry.split(separator: " ")
            guard fields.count == 3, let micros = Int(fields[2]) else { continue }
            totals[SpendKey(scopeIndex: String(fields[0]), periodKey: String(fields[1])), default: 0] += micros
        }
    }
}

/// A ledger as stored: the scope's blind index and the period.
struct SpendKey: Hashable, Sendable {
    var scopeIndex: String
    var periodKey: String
}

extension Store {
    /// `spend` as one `charges` value, scopes replaced by their stored index.
    func charges(_ spend: [SpendEntry], _ connection: SQLiteConnection) throws(StoreError) -> String? {
        var entries: [(scopeIndex: String, periodKey: String, micros: Int)] = []
        for entry in spend where entry.micros != 0 {
            entries.append((try storedScope(entry.scope, connection), entry.periodKey, entry.micros))
        }
        return SpendCharges.encode(entries)
    }

    /// Adds charges summed by `WALCheckpointer.unfoldedSpend()` to `budget_spend`, between two
    /// commits on this store's connection.
    public func foldSpend(_ pending: SpendFold.Pending) async throws(StoreError) {
        try await perform { connection throws(StoreError) in try SpendFold.apply(pending, connection) }
    }

    /// Sums and folds now, on this store's connection (tests).
    func foldSpendNow() throws(StoreError) {
        try performBlocking { connection throws(StoreError) in
            if let pending = try SpendFold.pending(connection), pending.isWorthFolding { try SpendFold.apply(pending, connection) }
        }
    }

    /// Charges not folded yet, by stored ledger, inside the caller's read transaction; empty when
    /// the database has no audit chain.
    func unfoldedCharges(_ connection: SQLiteConnection) throws(StoreError) -> [SpendKey: Int] {
        guard try SpendFold.hasTable(connection), let mark = try SpendFold.foldMark(connection) else { return [:] }
        return try SpendFold.charges(after: mark, through: Int.max, connection)
    }
}
