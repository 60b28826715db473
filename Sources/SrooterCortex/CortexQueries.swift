import SrooterStore

/// The queries over a loaded graph: map, search, neighbours and path.
public struct CortexQueries: Sendable {
    public let graph: CortexGraph

    public init(graph: CortexGraph) { self.graph = graph }

    /// Loads `repository`'s graph from `store`.
    public static func load(store: any CortexGraphRepository, repository: String) async throws(CortexError) -> CortexQueries {
        do {
            guard try await store.cortexRepository(repository) != nil else { throw CortexError.unknownRepository(repository) }
            let rows = try await store.cortexGraph(repository)
            return CortexQueries(graph: CortexGraph(rows: rows, names: try store.cortexNames(repository: repository), database: store.path))
        } catch let error as CortexError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .notFound(repository)
        }
    }

    /// Only what `search(name)` needs: the symbols of that name and their files, by blind index.
    public static func loadForSearch(store: any CortexGraphRepository, repository: String, name: String) async throws(CortexError) -> CortexQueries {
        do {
            guard try await store.cortexRepository(repository) != nil else { throw CortexError.unknownRepository(repository) }
            let rows = try await store.cortexSearchRows(repository, name: name)
            return CortexQueries(graph: CortexGraph(rows: rows, names: try store.cortexNames(repository: repository), database: store.path))
        } catch let error as CortexError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .notFound(repository)
        }
    }

    /// Node `node` as printed; `path`: its file's path when the caller has opened it already.
    func hit(_ node: Int, path known: String? = nil) throws(CortexError) -> CortexSymbolHit {
        do {
            let path: String
            if let known { path = known } else { path = try graph.path(graph.file(ofNode: node)) }
            if graph.isFile(node) {
                return CortexSymbolHit(name: path, kind: "file", path: path, line: 0, endLine: 0, scope: nil, exported: false)
            }
            let symbol = graph.symbol(node)
            let (name, scope) = try graph.name(node)
            return CortexSymbolHit(name: name, kind: symbol.kind, path: path, line: symbol.lineStart,
                                   endLine: symbol.lineEnd, scope: scope, exported: symbol.exported)
        } catch { throw .store(error) }
    }

    /// Files ranked by personalised PageRank on `focus` (paths or symbol names), each with its
    /// highest-ranked symbols, cut so the printed map stays within `budget` tokens (4 characters a token).
    /// Focus files are listed first; files the focus does not reach at all are left out.
    public func map(focus: [String], budget: Int, symbolsPerFile: Int = 12) throws(CortexError) -> CortexMap {
        var focusNodes: [Int] = []
        for item in focus {
            let nodes = graph.nodes(for: item)
            if nodes.isEmpty { throw .notFound("'\(item)' (neither an indexed path nor a symbol name)") }
            focusNodes += nodes
        }
        let ranking = focusNodes.isEmpty ? graph.unfocused.ranking { graph.pageRank.unfocused() } : graph.pageRank.push(focus: focusNodes)
        let rank = ranking.values
        // Only reached nodes have rank: a file's score is its rank plus its symbols'.
        var score = [Double](repeating: 0, count: graph.rows.files.count)
        var ranked: [Int] = []
        for node in ranking.reached where rank[Int(node)] > 0 {
            let file = graph.file(ofNode: Int(node))
            if score[file] == 0 { ranked.append(file) }
            score[file] += rank[Int(node)]
        }
        // The focus files come first (the agent is working in them), then the rest by rank.
        let focusFiles = Set(focusNodes.filter(graph.isFile))
        let order = ranked.sorted { (focusFiles.contains($0) ? 1 : 0, score[$0], $1) > (focusFiles.contains($1) ? 1 : 0, score[$1], $0) }
        var files: [CortexMapFile] = []
        var used = 0
        for file in order {
            let path: String
            do { path = try graph.path(file) } catch { throw .store(error) }
            let header = path.utf8.count + 2
            guard used + Self.tokens(header) <= budget else { break }
            var cost = header
            var chosen: [CortexSymbolHit] = []
            for node in graph.symbolsOfFile[file].sorted(by: { rank[$0] > rank[$1] }).prefix(symbolsPerFile) {
                let symbol = try hit(node, path: path)
                let length = CortexMap.line(symbol).utf8.count + 1
                if used + Self.tokens(cost + length) > budget { break }
                cost += length
                chosen.append(symbol)
            }
            used += Self.tokens(cost)
            files.append(CortexMapFile(path: path, rank: score[file], symbols: chosen.sorted { $0.line < $1.line }))
        }
        return CortexMap(files: files, estimatedTokens: used)
    }

    private static func tokens(_ characters: Int) -> Int { (characters + 3) / 4 }

    /// Declarations named `name`: exact matches first, then ones differing only in case.
    public func search(_ name: String, limit: Int = 50) throws(CortexError) -> [CortexSymbolHit] {
        let exact = graph.definitions[graph.names.symbolIndex(name)] ?? []
        let folded = (graph.folded[graph.names.foldIndex(name)] ?? []).filter { !exact.contains($0) }
        var hits: [CortexSymbolHit] = []
        for node in (exact + folded).prefix(limit) { hits.append(try hit(node)) }
        return hits
    }

    /// Callers, callees, definers, importers and inheritance of every definition named `name`.
    public func neighbours(_ name: String) throws(CortexError) -> [CortexNeighbours] {
        let nodes = graph.definitions[graph.names.symbolIndex(name)] ?? []
        if nodes.isEmpty { throw .notFound("symbol '\(name)'") }
        let nameIndex = graph.names.symbolIndex(name)
        var definerFiles = Set<Int>()
        for (index, symbol) in graph.rows.symbols.enumerated() where symbol.nameIndex == nameIndex { definerFiles.insert(graph.fileOfSymbol[index]) }
        var result: [CortexNeighbours] = []
        for node in nodes {
            let file = graph.file(ofNode: node)
            var callers: [Int] = [], callees: [Int] = [], inherits: [Int] = [], inheritors: [Int] = []
            for reference in graph.references {
                if reference.to == node { reference.inherits ? inheritors.append(reference.from) : callers.append(reference.from) }
                if reference.from == node { reference.inherits ? inherits.append(reference.to) : callees.append(reference.to) }
            }
            let importers = Set(graph.imports.filter { $0.module == graph.moduleOfFile[file] && $0.from != file }.map(\.from))
            result.append(CortexNeighbours(
                symbol: try hit(node), definers: try paths(definerFiles), callers: try hits(callers), callees: try hits(callees),
                importers: try paths(importers), inherits: try hits(inherits), inheritors: try hits(inheritors)))
        }
        return result
    }

    private func hits(_ nodes: [Int]) throws(CortexError) -> [CortexSymbolHit] {
        var result: [CortexSymbolHit] = []
        for node in Set(nodes) { result.append(try hit(node)) }
        return result.sorted { ($0.path, $0.line, $0.name) < ($1.path, $1.line, $1.name) }
    }

    private func paths(_ files: Set<Int>) throws(CortexError) -> [String] {
        var result: [String] = []
        for file in files { do { result.append(try graph.path(file)) } catch { throw .store(error) } }
        return result.sorted()
    }

    /// The shortest chain of file dependencies from `from` to `to` (paths), or nil when there is none.
    public func path(from: String, to: String) throws(CortexError) -> CortexPath? {
        guard let start = graph.fileByPath[graph.names.pathIndex(from)] else { throw .notFound("file '\(from)'") }
        guard let goal = graph.fileByPath[graph.names.pathIndex(to)] else { throw .notFound("file '\(to)'") }
        var links: [Int: [(to: Int, via: Int?, inherits: Bool)]] = [:]
        for (source, module) in graph.imports {
            for target in graph.moduleFiles[module] where target != source { links[source, default: []].append((target, nil, false)) }
        }
        for reference in graph.references {
            let source = graph.file(ofNode: reference.from), target = graph.file(ofNode: reference.to)
            if source != target { links[source, default: []].append((target, reference.to, reference.inherits)) }
        }
        var previous: [Int: (from: Int, via: Int?, inherits: Bool)] = [start: (start, nil, false)]
        var queue = [start]
        var head = 0
        while head < queue.count, previous[goal] == nil {
            let current = queue[head]
            head += 1
            for link in links[current] ?? [] where previous[link.to] == nil {
                previous[link.to] = (current, link.via, link.inherits)
                queue.append(link.to)
            }
        }
        guard previous[goal] != nil else { return nil }
        var steps: [CortexPath.Step] = []
        var current = goal
        while current != start, let step = previous[current] {
            let via: String
            if let symbol = step.via { via = "\(step.inherits ? "inherits" : "references") \(try hit(symbol).name)" } else { via = "imports" }
            do { steps.append(.init(from: try graph.path(step.from), to: try graph.path(current), via: via)) } catch { throw .store(error) }
            current = step.from
        }
        return CortexPath(from: from, to: to, steps: steps.reversed())
    }
}
