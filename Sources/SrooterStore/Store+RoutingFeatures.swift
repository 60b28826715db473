/// The `routing_features` table (created on first use): one row per request served through a
/// trivial or learned route. In the clear: the row number and the timestamp (for pruning);
/// blind-indexed: the request id (the row key) and the scope (`org:NAME`); sealed, bound to the
/// row key: request id, scope, route, session key and the features (counts and flags); sealed
/// apart, bound to the row key too: the feedback (score, time, who posted it), so setting it never
/// opens the features.
enum RoutingFeatureSchema {
    static let sql = """
        CREATE TABLE IF NOT EXISTS routing_features (
            seq INTEGER PRIMARY KEY,
            request_index TEXT NOT NULL UNIQUE,
            scope_index TEXT NOT NULL,
            timestamp TEXT NOT NULL,
            sealed TEXT NOT NULL,
            feedback TEXT
        );
        """
    static let table = "routing_features"
    static let feedbackTable = "routing_features.feedback"
}

extension Store {
    public func saveRoutingFeatures(_ rows: [RoutingFeatureRow], keepingAtMost cap: Int) async throws(StoreError) {
        let sealer = try sealer(RoutingFeatureSchema.table)
        try await perform { connection throws(StoreError) in
            try connection.execute(RoutingFeatureSchema.sql)
            try connection.execute("BEGIN IMMEDIATE")
            do throws(StoreError) {
                let insert = try connection.prepare(
                    "INSERT OR IGNORE INTO routing_features (request_index, scope_index, timestamp, sealed) VALUES (?, ?, ?, ?)")
                for row in rows {
                    let key = sealer.index(row.requestID, .routingRequest)
                    insert.bind(1, key)
                    insert.bind(2, sealer.index(row.scope, .routingScope))
                    insert.bind(3, row.timestamp)
                    insert.bind(4, sealer.seal([row.requestID, row.scope, row.route, row.sessionKey, row.features], row: key))
                    try insert.run()
                    insert.reset()
                }
                let trim = try connection.prepare("DELETE FROM routing_features WHERE seq <= (SELECT MAX(seq) FROM routing_features) - ?")
                trim.bind(1, max(1, cap))
                try trim.run()
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    public func setRoutingFeedback(requestID: String, scope: String, feedback: RoutingFeedback) async throws(StoreError) -> Bool {
        let sealer = try sealer(RoutingFeatureSchema.table)
        let feedbackSealer = try self.sealer(RoutingFeatureSchema.feedbackTable)
        return try await perform { connection throws(StoreError) in
            try connection.execute(RoutingFeatureSchema.sql)
            let key = sealer.index(requestID, .routingRequest)
            let update = try connection.prepare("UPDATE routing_features SET feedback = ? WHERE request_index = ? AND scope_index = ?")
            update.bind(1, feedbackSealer.seal([String(feedback.score), feedback.timestamp, feedback.user], row: key))
            update.bind(2, key)
            update.bind(3, sealer.index(scope, .routingScope))
            try update.run()
            return connection.changes == 1
        }
    }

    public func routingFeatures(since: String?) async throws(StoreError) -> [RoutingFeatureRow] {
        let sealer = try sealer(RoutingFeatureSchema.table)
        let feedbackSealer = try self.sealer(RoutingFeatureSchema.feedbackTable)
        let path = path
        return try await perform { connection throws(StoreError) in
            try connection.execute(RoutingFeatureSchema.sql)
            let select = try connection.prepare(
                "SELECT request_index, timestamp, sealed, feedback FROM routing_features WHERE timestamp >= ? ORDER BY seq")
            select.bind(1, since ?? "")
            var rows: [RoutingFeatureRow] = []
            while try select.step() {
                let key = select.string(0) ?? ""
                let fields = try sealer.open(select.string(2), row: key, count: 5, path: path)
                var row = RoutingFeatureRow(
                    requestID: fields[0] ?? "", scope: fields[1] ?? "", timestamp: select.string(1) ?? "", route: fields[2] ?? "",
                    sessionKey: fields[3], features: fields[4] ?? "{}")
                if let sealed = select.string(3) {
                    let posted = try feedbackSealer.open(sealed, row: key, count: 3, path: path)
                    guard let score = posted[0].flatMap(Double.init) else { throw StoreError.unreadable(path: path, table: RoutingFeatureSchema.table) }
                    row.feedback = RoutingFeedback(score: score, timestamp: posted[1] ?? "", user: posted[2] ?? "")
                }
                rows.append(row)
            }
            return rows
        }
    }

    public func pruneRoutingFeatures(olderThan cutoff: String) async throws(StoreError) -> Int {
        try await perform { connection throws(StoreError) in
            try connection.execute(RoutingFeatureSchema.sql)
            let delete = try connection.prepare("DELETE FROM routing_features WHERE timestamp < ?")
            delete.bind(1, cutoff)
            try delete.run()
            return connection.changes
        }
    }
}
