import SrooterStore

/// A repository's graph in memory: nodes are files (0..<files.count) then symbols; edges are
/// defines (file → symbol), defined-in (symbol → file), references, inherits and imports, with
/// names resolved to definitions where the name is unique in the file, else in the module, else in
/// the repository (an ambiguous name gives no edge), and weighted by ``ReferenceWeight``. Names stay
/// sealed until a query prints them.
public struct CortexGraph: Sendable {
    public let rows: CortexGraphRows
    let names: CortexNames
    let database: String
    /// Node index of each symbol's file.
    let fileOfSymbol: [Int]
    /// Each file's symbol nodes.
    let symbolsOfFile: [[Int]]
    /// The weighted edges for ranking (an import's weight is shared by the module's files).
    let pageRank: PageRank
    /// The unfocused ranking, computed on first use (it is the same for every query).
    let unfocused = RankCache()
    /// Resolved symbol → symbol references and inheritance (`to` is a node index), and their sources.
    private(set) var references: [(from: Int, to: Int, inherits: Bool)] = []
    /// file node → module it imports (an index into `moduleFiles`).
    private(set) var imports: [(from: Int, module: Int)] = []
    /// Each module's file nodes.
    let moduleFiles: [[Int]]
    /// Each file's module (an index into `moduleFiles`).
    let moduleOfFile: [Int?]
    let definitions: [String: [Int]]
    let folded: [String: [Int]]
    let fileByPath: [String: Int]

    /// Ordinals (a symbol's index in its file) past this are not linked: no parser gives a file that many symbols.
    static let maxOrdinal = 1 << 20

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
        var symbolAt = [[Int]](repeating: [], count: fileCount)  // file node → ordinal → node (-1: none)
        var fileOf: [Int] = []
        var symbolsOf = [[Int]](repeating: [], count: fileCount)
        var definitions: [String: [Int]] = [:]
        var folded: [String: [Int]] = [:]
        for (index, symbol) in rows.symbols.enumerated() {
            let file = fileNode[symbol.fileID] ?? 0
            let node = fileCount + index
            fileOf.append(file)
            symbolsOf[file].append(node)
            if symbol.ordinal >= 0, symbol.ordinal < Self.maxOrdinal {
                if symbolAt[file].count <= symbol.ordinal { symbolAt[file] += repeatElement(-1, count: symbol.ordinal + 1 - symbolAt[file].count) }
                symbolAt[file][symbol.ordinal] = node
            }
            if !Self.declarationsOnly.contains(symbol.kind) {
                definitions[symbol.nameIndex, default: []].append(node)
                folded[symbol.foldIndex, default: []].append(node)
            }
        }
        fileOfSymbol = fileOf
        symbolsOfFile = symbolsOf
        self.definitions = definitions
        self.folded = folded
        var moduleID: [String: Int] = [:]
        var moduleFiles: [[Int]] = []
        var moduleOf = [Int?](repeating: nil, count: fileCount)
        for (index, file) in rows.files.enumerated() {
            guard let module = file.moduleIndex else { continue }
            let id = moduleID[module] ?? moduleFiles.count
            if id == moduleFiles.count { moduleID[module] = id; moduleFiles.append([]) }
            moduleFiles[id].append(index)
            moduleOf[index] = id
        }
        self.moduleFiles = moduleFiles
        moduleOfFile = moduleOf
        let symbolNode = { (file: Int, ordinal: Int) -> Int? in
            ordinal >= 0 && ordinal < symbolAt[file].count && symbolAt[file][ordinal] >= 0 ? symbolAt[file][ordinal] : nil
        }
        let visible = Self.visibleOutsideModule(rows.symbols, node: symbolNode, fileOf: fileOf, fileCount: fileCount)

        var outgoing = [[PageRank.Edge]](repeating: [], count: fileCount + rows.symbols.count)
        var toModules = [[PageRank.GroupEdge]](repeating: [], count: fileCount)
        for (index, file) in fileOf.enumerated() {
            outgoing[file].append((fileCount + index, 1))
            outgoing[fileCount + index].append((file, 1))
        }
        // Imports first: a reference's weight depends on what its file imports.
        var importedBy = [Set<Int>](repeating: [], count: fileCount)
        for edge in rows.edges where edge.kind == .imports {
            guard let file = fileNode[edge.fileID], let module = moduleID[edge.targetIndex], importedBy[file].insert(module).inserted else { continue }
            imports.append((file, module))
            if moduleOf[file] == module {
                // A file importing its own module (a header including itself through its name): the others share the weight.
                let others = moduleFiles[module].filter { $0 != file }
                for target in others { outgoing[file].append((target, 1 / Double(others.count))) }
            } else {
                toModules[file].append((module, 1))
            }
        }
        // What each module's files import: visible one import away.
        var moduleImports = [Set<Int>](repeating: [], count: moduleFiles.count)
        for (module, files) in moduleFiles.enumerated() { for file in files { moduleImports[module].formUnion(importedBy[file]) } }
        var seen = Set<Int>()
        for edge in rows.edges where edge.kind != .imports {
            guard let file = fileNode[edge.fileID] else { continue }
            let from = edge.from.flatMap { symbolNode(file, $0) } ?? file
            let candidates = definitions[edge.targetIndex] ?? []
            guard let target = Self.resolve(candidates, file: file, fileOf: fileOf, fileCount: fileCount, files: rows.files, moduleOf: moduleOf, imported: importedBy[file]),
                  target != from else { continue }
            let reach = Self.reach(from: file, to: fileOf[target - fileCount], files: rows.files, moduleOf: moduleOf, importedBy: importedBy, moduleImports: moduleImports)
            let weight = ReferenceWeight.of(definitions: candidates.count, reach: reach, visibleOutsideModule: visible[target - fileCount])
            guard weight > 0 else { continue }
            let key = from * outgoing.count + target
            if edge.kind == .references, !seen.insert(key).inserted { continue }
            references.append((from, target, edge.kind == .inherits))
            outgoing[from].append((target, weight))
        }
        pageRank = PageRank(outgoing: outgoing, toGroups: toModules, groups: moduleFiles)
    }

    /// Where file `target` lies as seen from `file`: decided for Swift only, by modules and imports.
    static func reach(from file: Int, to target: Int, files: [CortexGraphRows.File], moduleOf: [Int?], importedBy: [Set<Int>],
                      moduleImports: [Set<Int>]) -> ReferenceWeight.Reach {
        if target == file { return .sameFile }
        guard files[file].language == "swift", files[target].language == "swift", let module = moduleOf[target] else { return .unknown }
        if moduleOf[file] == module { return .sameModule }
        if importedBy[file].contains(module) { return .imported }
        if importedBy[file].contains(where: { moduleImports[$0].contains(module) }) { return .importedThrough }
        return .notImported
    }

    /// Whether each symbol can be named from another module: declared `public` or `open`, or a member
    /// that is as visible as its public parent without a modifier of its own (a case, an associated type,
    /// a requirement of a protocol, a member of a `public extension`).
    static func visibleOutsideModule(_ symbols: [CortexGraphRows.Symbol], node: (Int, Int) -> Int?, fileOf: [Int], fileCount: Int) -> [Bool] {
        var visible = symbols.map(\.exported)
        for index in symbols.indices where !symbols[index].exported {
            var child = index
            for _ in 0..<16 {
                let symbol = symbols[child]
                guard let ordinal = symbol.parent, let parentNode = node(fileOf[index], ordinal) else { break }
                let parent = parentNode - fileCount
                guard ["case", "associatedtype"].contains(symbol.kind) || ["protocol", "extension"].contains(symbols[parent].kind) else { break }
                if symbols[parent].exported { visible[index] = true; break }
                child = parent
            }
        }
        return visible
    }

    /// The one definition `candidates` names from `file`'s point of view, or nil when ambiguous: the only
    /// one in the repository, else in the file, else in its module, else in the modules it imports
    /// (`imported`, by `moduleOf`).
    static func resolve(_ candidates: [Int], file: Int, fileOf: [Int], fileCount: Int, files: [CortexGraphRows.File],
                        moduleOf: [Int?] = [], imported: Set<Int> = []) -> Int? {
        if candidates.count == 1 { return candidates[0] }
        if candidates.isEmpty { return nil }
        let local = candidates.filter { fileOf[$0 - fileCount] == file }
        if local.count == 1 { return local[0] }
        if let module = files[file].moduleIndex {
            let sameModule = candidates.filter { files[fileOf[$0 - fileCount]].moduleIndex == module }
            if sameModule.count == 1 { return sameModule[0] }
            if sameModule.count > 1 { return nil }
        }
        guard !imported.isEmpty else { return nil }
        let visible = candidates.filter { moduleOf[fileOf[$0 - fileCount]].map(imported.contains) == true }
        return visible.count == 1 ? visible[0] : nil
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
