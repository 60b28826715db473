import SrooterStore

/// What a parser found in one file, before references are resolved: declarations, imports,
/// inheritance, and every identifier occurrence (name and line; the scan keeps only known symbols).
struct ParsedFile: Sendable {
    var symbols: [CortexSymbolEntry] = []
    var imports: [String] = []
    /// (declaring symbol index, inherited or conformed-to name).
    var inherits: [(Int, String)] = []
    var identifiers: [(name: String, line: Int)] = []
    /// The identifiers folded to one entry per name and innermost enclosing symbol (`compacted()`).
    var uses: [Use] = []

    struct Use: Hashable {
        let name: String
        let from: Int?
    }

    /// The file with its identifier occurrences folded into `uses` (a name used from inside its own
    /// declaration is dropped), so a large run keeps only what becomes edges.
    func compacted() -> ParsedFile {
        var copy = self
        let innermost = CortexIndexer.innermost(symbols)
        var seen = Set<Use>()
        for (name, line) in identifiers {
            let from = line < innermost.count ? innermost[line] : nil
            if let from, symbols[from].name == name { continue }
            let use = Use(name: name, from: from)
            if seen.insert(use).inserted { copy.uses.append(use) }
        }
        copy.identifiers = []
        return copy
    }

    /// The innermost symbol whose lines contain `line`, or nil at file scope.
    func enclosing(line: Int) -> Int? {
        var best: Int?
        for (index, symbol) in symbols.enumerated() where symbol.lineStart <= line && line <= symbol.lineEnd {
            if let current = best, symbols[current].lineEnd - symbols[current].lineStart <= symbol.lineEnd - symbol.lineStart { continue }
            best = index
        }
        return best
    }
}
