import SrooterStore

/// What a parser found in one file, before references are resolved: declarations, imports,
/// inheritance, and every identifier occurrence (name and line; the scan keeps only known symbols).
struct ParsedFile: Sendable {
    var symbols: [CortexSymbolEntry] = []
    var imports: [String] = []
    /// (declaring symbol index, inherited or conformed-to name).
    var inherits: [(Int, String)] = []
    var identifiers: [(name: String, line: Int)] = []

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
