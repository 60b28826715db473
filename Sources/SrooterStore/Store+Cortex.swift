/// Cortex's tables (issue 21), created on first use. Every name (repository, team, path, symbol,
/// scope, module) is sealed or blind-indexed; what is in the clear is structure only: kinds, line
/// numbers, sizes, languages and row links. Content hashes are keyed (`cortex.content`).
enum CortexSchema {
    static let sql = """
        CREATE TABLE IF NOT EXISTS cortex_repos (
            name_index TEXT PRIMARY KEY,
            team_index TEXT,
            sealed TEXT NOT NULL,
            indexed_at TEXT NOT NULL,
            generation INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS cortex_files (
            id INTEGER PRIMARY KEY,
            repo_index TEXT NOT NULL REFERENCES cortex_repos(name_index) ON DELETE CASCADE,
            path_index TEXT NOT NULL,
            sealed TEXT NOT NULL,
            language TEXT NOT NULL,
            size INTEGER NOT NULL,
            content_index TEXT NOT NULL,
            module_index TEXT,
            UNIQUE (repo_index, path_index)
        );
        CREATE TABLE IF NOT EXISTS cortex_symbols (
            id INTEGER PRIMARY KEY,
            file_id INTEGER NOT NULL REFERENCES cortex_files(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            name_index TEXT NOT NULL,
            fold_index TEXT NOT NULL,
            sealed TEXT NOT NULL,
            kind TEXT NOT NULL,
            line_start INTEGER NOT NULL,
            line_end INTEGER NOT NULL,
            parent INTEGER,
            exported INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS cortex_symbols_file ON cortex_symbols(file_id);
        CREATE INDEX IF NOT EXISTS cortex_symbols_name ON cortex_symbols(name_index);
        CREATE INDEX IF NOT EXISTS cortex_symbols_fold ON cortex_symbols(fold_index);
        CREATE TABLE IF NOT EXISTS cortex_edges (
            file_id INTEGER NOT NULL REFERENCES cortex_files(id) ON DELETE CASCADE,
            kind INTEGER NOT NULL,
            from_ordinal INTEGER,
            target_index TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS cortex_edges_file ON cortex_edges(file_id);
        """

    static func ensure(_ connection: SQLiteConnection) throws(StoreError) {
        if try !connection.prepare("SELECT 1 FROM sqlite_master WHERE name = 'cortex_edges'").step() {
            try connection.execute(sql)
        }
    }
}

/// Blind indexes and sealed names for one repository. The labels keep each kind of name apart,
/// but symbol names and the targets of references use one label so the two match.
public struct CortexNames: Sendable {
    let files: SealedFields
    let symbols: SealedFields
    /// The repository's row key (blind index of its name).
    public let repoIndex: String

    init(cipher: any MetadataCipher, repository: String) {
        files = SealedFields(cipher: cipher, table: "cortex_files")
        symbols = SealedFields(cipher: cipher, table: "cortex_symbols")
        repoIndex = cipher.blindIndex(repository, column: "cortex_repos.name")
    }

    public func symbolIndex(_ name: String) -> String { symbols.cipher.blindIndex(name, column: "cortex.symbol") }
    public func foldIndex(_ name: String) -> String { symbols.cipher.blindIndex(name.lowercased(), column: "cortex.symbol_fold") }
    public func pathIndex(_ path: String) -> String { files.cipher.blindIndex(path, column: "cortex_files.path") }
    public func moduleIndex(_ name: String) -> String { files.cipher.blindIndex(name, column: "cortex.module") }
    func contentIndex(_ hash: String) -> String { files.cipher.blindIndex(hash, column: "cortex_files.content") }
    func targetIndex(_ edge: CortexEdgeEntry) -> String { edge.kind == .imports ? moduleIndex(edge.target) : symbolIndex(edge.target) }

    func fileRow(_ pathIndex: String) -> String { "\(repoIndex)/\(pathIndex)" }
    func symbolRow(_ pathIndex: String, _ ordinal: Int) -> String { "\(repoIndex)/\(pathIndex)#\(ordinal)" }

    /// The path of a stored file.
    public func path(of file: CortexGraphRows.File, database: String) throws(StoreError) -> String {
        try files.open(file.sealed, row: fileRow(file.pathIndex), count: 1, path: database)[0] ?? ""
    }

    /// The name and enclosing scope of a stored symbol (`file` is the symbol's file).
    public func name(of symbol: CortexGraphRows.Symbol, in file: CortexGraphRows.File, database: String) throws(StoreError) -> (name: String, scope: String?) {
        let fields = try symbols.open(symbol.sealed, row: symbolRow(file.pathIndex, symbol.ordinal), count: 2, path: database)
        return (fields[0] ?? "", fields[1])
    }
}

/// One index run's changes to a repository, written in one transaction.
public struct CortexChanges: Sendable {
    /// Files parsed anew (added or changed): their old rows, if any, are replaced.
    public var files: [CortexFileEntry] = []
    /// Paths no longer in the repository.
    public var deleted: [String] = []
    /// Unchanged files whose reference edges changed (a name they use became a symbol elsewhere).
    public var references: [String: [CortexEdgeEntry]] = [:]

    public init() {}
    public var isEmpty: Bool { files.isEmpty && deleted.isEmpty && references.isEmpty }
}

extension Store {
    /// The names and indexes helper for `repository`; `.locked` until the vault has opened.
    public func cortexNames(repository: String) throws(StoreError) -> CortexNames {
        guard let cipher = cipherSlot.current else { throw StoreError.locked(path: path) }
        return CortexNames(cipher: cipher, repository: repository)
    }

    /// The repository named `name`, or nil.
    public func cortexRepository(_ name: String) async throws(StoreError) -> CortexRepository? {
        let repos = try sealer("cortex_repos")
        let names = try cortexNames(repository: name)
        return try await perform { connection throws(StoreError) in
            try CortexSchema.ensure(connection)
            let statement = try connection.prepare("SELECT sealed, indexed_at, generation FROM cortex_repos WHERE name_index = ?")
            statement.bind(1, names.repoIndex)
            guard try statement.step() else { return nil }
            let fields = try repos.open(statement.string(0), row: names.repoIndex, count: 2, path: connection.path)
            return CortexRepository(name: fields[0] ?? name, team: fields[1], indexedAt: statement.string(1) ?? "", generation: statement.int(2) ?? 0)
        }
    }

    /// Every repository (the CLI's `cortex repos`, and MCP's filter by team).
    public func cortexRepositories() async throws(StoreError) -> [CortexRepository] {
        let repos = try sealer("cortex_repos")
        return try await perform { connection throws(StoreError) in
            try CortexSchema.ensure(connection)
            let statement = try connection.prepare("SELECT name_index, sealed, indexed_at, generation FROM cortex_repos")
            var result: [CortexRepository] = []
            while try statement.step() {
                let fields = try repos.open(statement.string(1), row: statement.string(0) ?? "", count: 2, path: connection.path)
                result.append(CortexRepository(name: fields[0] ?? "", team: fields[1], indexedAt: statement.string(2) ?? "", generation: statement.int(3) ?? 0))
            }
            return result.sorted { $0.name < $1.name }
        }
    }

    /// The stored files of `repository` by path, with their keyed content hashes (for incremental runs).
    public func cortexStoredFiles(_ repository: String) async throws(StoreError) -> [String: String] {
        let names = try cortexNames(repository: repository)
        return try await perform { connection throws(StoreError) in
            try CortexSchema.ensure(connection)
            let statement = try connection.prepare("SELECT path_index, sealed, content_index FROM cortex_files WHERE repo_index = ?")
            statement.bind(1, names.repoIndex)
            var result: [String: String] = [:]
            while try statement.step() {
                let pathIndex = statement.string(0) ?? ""
                let fields = try names.files.open(statement.string(1), row: names.fileRow(pathIndex), count: 1, path: connection.path)
                result[fields[0] ?? ""] = statement.string(2)
            }
            return result
        }
    }

    /// Whether the stored keyed hash `stored` is that of the content hash `hash`.
    public func cortexSameContent(_ stored: String?, _ hash: String, names: CortexNames) -> Bool {
        stored == names.contentIndex(hash)
    }

    /// The names of every symbol stored for `repository` (the identifier scan keeps only these).
    public func cortexSymbolNames(_ repository: String) async throws(StoreError) -> Set<String> {
        let names = try cortexNames(repository: repository)
        return try await perform { connection throws(StoreError) in
            try CortexSchema.ensure(connection)
            let statement = try connection.prepare("""
                SELECT f.path_index, s.ordinal, s.sealed FROM cortex_symbols s JOIN cortex_files f ON f.id = s.file_id WHERE f.repo_index = ?
                """)
            statement.bind(1, names.repoIndex)
            var result = Set<String>()
            while try statement.step() {
                let row = names.symbolRow(statement.string(0) ?? "", statement.int(1) ?? 0)
                if let name = try names.symbols.open(statement.string(2), row: row, count: 2, path: connection.path)[0] { result.insert(name) }
            }
            return result
        }
    }

    /// Writes one index run in one transaction: the repository row (created, or its team changed
    /// when `team` is given), replaced and deleted files, and rewritten reference edges.
    public func cortexApply(repository: String, team: String?, changes: CortexChanges) async throws(StoreError) {
        try StoredName.check(repository, "repository name")
        try StoredName.check(team, "team name")
        let repos = try sealer("cortex_repos")
        let names = try cortexNames(repository: repository)
        try await perform { connection throws(StoreError) in
            try CortexSchema.ensure(connection)
            try connection.execute("BEGIN IMMEDIATE")
            do throws(StoreError) {
                try Self.cortexWrite(connection, repos: repos, names: names, repository: repository, team: team, changes: changes)
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Deletes a repository and its graph.
    public func cortexDelete(repository: String) async throws(StoreError) {
        let names = try cortexNames(repository: repository)
        try await perform { connection throws(StoreError) in
            try CortexSchema.ensure(connection)
            let statement = try connection.prepare("DELETE FROM cortex_repos WHERE name_index = ?")
            statement.bind(1, names.repoIndex)
            try statement.run()
            if connection.changes == 0 { throw StoreError.notFound(what: "repository '\(repository)'") }
        }
    }

    /// The whole stored graph of `repository` (names still sealed).
    public func cortexGraph(_ repository: String) async throws(StoreError) -> CortexGraphRows {
        let names = try cortexNames(repository: repository)
        return try await perform { connection throws(StoreError) in
            try CortexSchema.ensure(connection)
            var rows = CortexGraphRows()
            let files = try connection.prepare("SELECT id, path_index, language, size, module_index, sealed FROM cortex_files WHERE repo_index = ? ORDER BY id")
            files.bind(1, names.repoIndex)
            while try files.step() {
                rows.files.append(.init(id: files.int(0) ?? 0, pathIndex: files.string(1) ?? "", language: files.string(2) ?? "", size: files.int(3) ?? 0,
                                        moduleIndex: files.string(4), sealed: files.string(5) ?? ""))
            }
            let symbols = try connection.prepare("""
                SELECT s.id, s.file_id, s.ordinal, s.name_index, s.fold_index, s.kind, s.line_start, s.line_end, s.parent, s.exported, s.sealed
                FROM cortex_symbols s JOIN cortex_files f ON f.id = s.file_id WHERE f.repo_index = ? ORDER BY s.id
                """)
            symbols.bind(1, names.repoIndex)
            while try symbols.step() {
                rows.symbols.append(.init(id: symbols.int(0) ?? 0, fileID: symbols.int(1) ?? 0, ordinal: symbols.int(2) ?? 0, nameIndex: symbols.string(3) ?? "",
                                          foldIndex: symbols.string(4) ?? "", kind: symbols.string(5) ?? "", lineStart: symbols.int(6) ?? 0,
                                          lineEnd: symbols.int(7) ?? 0, parent: symbols.int(8), exported: symbols.int(9) == 1, sealed: symbols.string(10) ?? ""))
            }
            let edges = try connection.prepare("""
                SELECT e.file_id, e.kind, e.from_ordinal, e.target_index FROM cortex_edges e JOIN cortex_files f ON f.id = e.file_id WHERE f.repo_index = ?
                """)
            edges.bind(1, names.repoIndex)
            while try edges.step() {
                guard let kind = CortexEdgeKind(rawValue: edges.int(1) ?? -1) else { continue }
                rows.edges.append(.init(fileID: edges.int(0) ?? 0, kind: kind, from: edges.int(2), targetIndex: edges.string(3) ?? ""))
            }
            return rows
        }
    }

    /// Only the symbols named `name` (exactly or but for case) and their files, found by blind index
    /// without loading the graph (the CLI's `cortex search`).
    public func cortexSearchRows(_ repository: String, name: String) async throws(StoreError) -> CortexGraphRows {
        let names = try cortexNames(repository: repository)
        return try await perform { connection throws(StoreError) in
            try CortexSchema.ensure(connection)
            let statement = try connection.prepare("""
                SELECT s.id, s.file_id, s.ordinal, s.name_index, s.fold_index, s.kind, s.line_start, s.line_end, s.parent, s.exported, s.sealed,
                       f.path_index, f.language, f.size, f.module_index, f.sealed
                FROM cortex_symbols s JOIN cortex_files f ON f.id = s.file_id
                WHERE f.repo_index = ? AND s.id IN (SELECT id FROM cortex_symbols WHERE name_index = ? UNION SELECT id FROM cortex_symbols WHERE fold_index = ?)
                ORDER BY s.id
                """)
            statement.bind(1, names.repoIndex)
            statement.bind(2, names.symbolIndex(name))
            statement.bind(3, names.foldIndex(name))
            var rows = CortexGraphRows()
            var seenFiles = Set<Int>()
            while try statement.step() {
                let fileID = statement.int(1) ?? 0
                rows.symbols.append(.init(id: statement.int(0) ?? 0, fileID: fileID, ordinal: statement.int(2) ?? 0, nameIndex: statement.string(3) ?? "",
                                          foldIndex: statement.string(4) ?? "", kind: statement.string(5) ?? "", lineStart: statement.int(6) ?? 0,
                                          lineEnd: statement.int(7) ?? 0, parent: statement.int(8), exported: statement.int(9) == 1, sealed: statement.string(10) ?? ""))
                if seenFiles.insert(fileID).inserted {
                    rows.files.append(.init(id: fileID, pathIndex: statement.string(11) ?? "", language: statement.string(12) ?? "", size: statement.int(13) ?? 0,
                                            moduleIndex: statement.string(14), sealed: statement.string(15) ?? ""))
                }
            }
            return rows
        }
    }

    private static func cortexWrite(_ connection: SQLiteConnection, repos: SealedFields, names: CortexNames, repository: String, team: String?, changes: CortexChanges) throws(StoreError) {
        let existing = try connection.prepare("SELECT sealed FROM cortex_repos WHERE name_index = ?")
        existing.bind(1, names.repoIndex)
        var storedTeam: String?
        let found = try existing.step()
        if found { storedTeam = try repos.open(existing.string(0), row: names.repoIndex, count: 2, path: connection.path)[1] }
        let newTeam = team ?? storedTeam
        let upsert = try connection.prepare("""
            INSERT INTO cortex_repos (name_index, team_index, sealed, indexed_at, generation) VALUES (?, ?, ?, ?, 1)
            ON CONFLICT(name_index) DO UPDATE SET team_index = excluded.team_index, sealed = excluded.sealed, indexed_at = excluded.indexed_at,
            generation = generation + \(changes.isEmpty && newTeam == storedTeam ? 0 : 1)
            """)
        upsert.bind(1, names.repoIndex)
        upsert.bind(2, newTeam.map { repos.cipher.blindIndex($0, column: "directory.team") })
        upsert.bind(3, repos.seal([repository, newTeam], row: names.repoIndex))
        upsert.bind(4, Timestamp.now())
        try upsert.run()

        let delete = try connection.prepare("DELETE FROM cortex_files WHERE repo_index = ? AND path_index = ?")
        for path in changes.deleted + changes.files.map(\.path) {
            delete.reset()
            delete.bind(1, names.repoIndex)
            delete.bind(2, names.pathIndex(path))
            try delete.run()
        }
        let insertFile = try connection.prepare("""
            INSERT INTO cortex_files (repo_index, path_index, sealed, language, size, content_index, module_index) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
            """)
        let insertSymbol = try connection.prepare("""
            INSERT INTO cortex_symbols (file_id, ordinal, name_index, fold_index, sealed, kind, line_start, line_end, parent, exported)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertEdge = try connection.prepare("INSERT INTO cortex_edges (file_id, kind, from_ordinal, target_index) VALUES (?, ?, ?, ?)")
        func edges(_ list: [CortexEdgeEntry], file id: Int) throws(StoreError) {
            for edge in list {
                insertEdge.reset()
                insertEdge.bind(1, id)
                insertEdge.bind(2, edge.kind.rawValue)
                insertEdge.bind(3, edge.from)
                insertEdge.bind(4, names.targetIndex(edge))
                try insertEdge.run()
            }
        }
        for file in changes.files {
            try StoredName.check(file.path, "file path")
            let pathIndex = names.pathIndex(file.path)
            insertFile.reset()
            insertFile.bind(1, names.repoIndex)
            insertFile.bind(2, pathIndex)
            insertFile.bind(3, names.files.seal([file.path], row: names.fileRow(pathIndex)))
            insertFile.bind(4, file.language)
            insertFile.bind(5, file.size)
            insertFile.bind(6, names.contentIndex(file.contentHash))
            insertFile.bind(7, file.module.map(names.moduleIndex))
            guard try insertFile.step(), let id = insertFile.int(0) else { throw StoreError.query(path: connection.path, reason: "no file id returned") }
            _ = try insertFile.step()
            for (ordinal, symbol) in file.symbols.enumerated() {
                insertSymbol.reset()
                insertSymbol.bind(1, id)
                insertSymbol.bind(2, ordinal)
                insertSymbol.bind(3, names.symbolIndex(symbol.name))
                insertSymbol.bind(4, names.foldIndex(symbol.name))
                insertSymbol.bind(5, names.symbols.seal([symbol.name, symbol.scope], row: names.symbolRow(pathIndex, ordinal)))
                insertSymbol.bind(6, symbol.kind)
                insertSymbol.bind(7, symbol.lineStart)
                insertSymbol.bind(8, symbol.lineEnd)
                insertSymbol.bind(9, symbol.parent)
                insertSymbol.bind(10, symbol.exported ? 1 : 0)
                try insertSymbol.run()
            }
            try edges(file.edges, file: id)
        }
        let fileID = try connection.prepare("SELECT id FROM cortex_files WHERE repo_index = ? AND path_index = ?")
        let clear = try connection.prepare("DELETE FROM cortex_edges WHERE file_id = ? AND kind = \(CortexEdgeKind.references.rawValue)")
        for (path, list) in changes.references {
            fileID.reset()
            fileID.bind(1, names.repoIndex)
            fileID.bind(2, names.pathIndex(path))
            guard try fileID.step(), let id = fileID.int(0) else { continue }
            clear.reset()
            clear.bind(1, id)
            try clear.run()
            try edges(list, file: id)
        }
    }
}
