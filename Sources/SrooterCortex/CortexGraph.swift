import SrooterStore

/// A repository's graph in memory: nodes are files (0..<files.count) then symbols; edges are
/// defines (file → symbol), defined-in (symbol → file), references, inherits and imports, with
/// names resolved to definitions where the name is unique in the file, else in the module, else in
/// the repository (an ambiguous name gives no edge). Names stay sealed until a query prints them.
public struct CortexGraph: Sendable {
    public let rows: CortexGraphRows
    let names: CortexNames
    let database: String
    /// Node index of each symbol's file.
    let fileOfSymbol: [Int]
    /// The weighted edges for ranking (an import's weight is shared by the module's files).
    let pageRank: PageRank
    /// Resolved symbol → symbol references and inheritance (`to` is a node index), and their sources.
    private(set) var references: [(from: Int, to: Int, inherits: Bool)] = []
    /// file node → files it imports.
    private(set) var imports: [(from: Int, to: Int)] = []
    let definitions: [String: [Int]]
    let folded: [String: [Int]]
    let fileByPath: [String: Int]

    /// Kinds that declare what is defined elsewhere (a Swift extension, a C prototype): never a reference's target.
    static let declarationsOnly: Set<String> = ["extension", "prototype"]

    public init(rows: CortexGraphRows, names: CortexNames, database: String) {
        self.rows = rows
        self.names = names
        self.database = database
        let fileCount = rows.files.count
        var fileNode: [Int: Int] = [:]
        for (index, file) in rows.files.enumerated() { fileNode[file.id] = index }
        fileByPath = Dictionary(rows.files.enumerated().map { ($0.element.pathIndex, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var symbolNode: [Int: [Int: Int]] = [:]  // file node → ordinal → node
        var fileOf: [Int] = []
        var definitions: [String: [Int]] = [:]
        var folded: [String: [Int]] = [:]
        for (index, symbol) in rows.symbols.enumerated() {
            let file = fileNode[symbol.fileID] ?? 0
            let node = fileCount + index
            fileOf.append(file)
            symbolNode[file, default: [:]][symbol.ordinal] = node
            if !Self.declarationsOnly.contains(symbol.kind) {
                definitions[symbol.nameIndex, default: []].append(node)
                folded[symbol.foldIndex, default: []].append(node)
            }
        }
        fileOfSymbol = fileOf
        self.definitions = definitions
        self.folded = folded
        var modules: [String: [Int]] = [:]
        for (index, file) in rows.files.enumerated() { if let module = file.moduleIndex { modules[module, default: []].append(index) } }

        var outgoing = [[(to: Int, weight: Double)]](repeating: [], count: fileCount + rows.symbols.count)
        for (index, file) in fileOf.enumerated() {
            outgoing[file].append((fileCount + index, 1))
            outgoing[fileCount + index].append((file, 1))
        }
        var seen = Set<Int>()
        for edge in rows.edges {
            guard let file = fileNode[edge.fileID] else { continue }
            let from = edge.from.flatMap { symbolNode[file]?[$0] } ?? file
            switch edge.kind {
            case .imports:
                let targets = (modules[edge.targetIndex] ?? []).filter { $0 != file }
                for target in targets {
                    imports.append((file, target))
                    outgoing[file].append((target, 1 / Double(targets.count)))
                }
            case .references, .inherits:
                guard let target = Self.resolve(definitions[edge.targetIndex] ?? [], file: file, fileOf: fileOf, fileCount: fileCount, files: rows.files),
                      target != from else { continue }
                let key = from * outgoing.count + target
                if edge.kind == .references, !seen.insert(key).inserted { continue }
                references.append((from, target, edge.kind == .inherits))
                outgoing[from].append((target, 1))
            }
        }
        pageRank = PageRank(outgoing: outgoing)
    }

    /// The one definition `candidates` names from `file`'s point of view, or nil when ambiguous.
    static func resolve(_ candidates: [Int], file: Int, fileOf: [Int], fileCount: Int, files: [CortexGraphRows.File]) -> Int? {
        if candidates.count == 1 { return candidates[0] }
        if candidates.isEmpty { return nil }
        let local = candidates.filter { fileOf[$0 - fileCount] == file }
        if local.count == 1 { return local[0] }
        if let module = files[file].moduleIndex {
            let sameModule = candidates.filter { files[fileOf[$0 - fileCount]].moduleIndex == module }
            if sameModule.count == 1 { return sameModule[0] }
        }
        return nil
    }

    public var nodeCount: Int { pageRank.count }
    func isFile(_ node: Int) -> Bool { node < rows.files.count }
    func symbol(_ node: Int) -> CortexGraphRows.Symbol { rows.symbols[node - rows.files.count] }
    func file(ofNode node: Int) -> Int { isFile(node) ? node : fileOfSymbol[node - rows.files.count] }

    /// The path of file node `node`.
    func path(_ node: Int) throws(StoreError) -> String { try names.path(of: rows.files[node], database: database) }

    /// The name and scope of symbol node `node`.
    func name(_ node: Int) throws(StoreError) -> (name: String, scope: String?) {
        try names.name(of: symbol(node), in: rows.files[file(ofNode: node)], database: database)
    }

    /// Nodes for a focus argument: the file with that path, else every definition of that symbol name.
    func nodes(for focus: String) -> [Int] {
        if let file = fileByPath[names.pathIndex(focus)] { return [file] }
        return definitions[names.symbolIndex(focus)] ?? []
    }
}
