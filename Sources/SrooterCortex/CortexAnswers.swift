/// A symbol as queries report it: where it is declared and what it is (names and numbers only).
public struct CortexSymbolHit: Codable, Sendable, Equatable, Hashable {
    public var name: String
    public var kind: String
    public var path: String
    public var line: Int
    public var endLine: Int
    public var scope: String?
    public var exported: Bool
}

/// One file of a repository map, with its most important symbols in line order.
public struct CortexMapFile: Codable, Sendable, Equatable {
    public var path: String
    public var rank: Double
    public var symbols: [CortexSymbolHit]
}

/// `cortex map`: files ranked for the focus, cut to the token budget.
public struct CortexMap: Codable, Sendable, Equatable {
    public var files: [CortexMapFile]
    public var estimatedTokens: Int

    /// The printed map: `path` lines, then `  line kind scope.name` per symbol.
    public var text: String {
        files.map { file in ([file.path + ":"] + file.symbols.map(CortexMap.line)).joined(separator: "\n") }.joined(separator: "\n") + (files.isEmpty ? "" : "\n")
    }

    static func line(_ symbol: CortexSymbolHit) -> String {
        "  \(symbol.line) \(symbol.kind) \(symbol.scope.map { $0 + "." } ?? "")\(symbol.name)"
    }
}

/// `cortex neighbours`: what uses a symbol and what it uses.
public struct CortexNeighbours: Codable, Sendable, Equatable {
    public var symbol: CortexSymbolHit
    /// Files declaring a symbol of this name (the definition and its extensions' files).
    public var definers: [String]
    /// Symbols (kind `file` for file-level code) whose bodies name this symbol.
    public var callers: [CortexSymbolHit]
    /// Symbols this one names.
    public var callees: [CortexSymbolHit]
    /// Files importing the module or header the symbol is declared in.
    public var importers: [String]
    /// Types this one inherits from or conforms to, and types that inherit from or conform to it.
    public var inherits: [CortexSymbolHit]
    public var inheritors: [CortexSymbolHit]
}

/// `cortex path`: how one file reaches another, one dependency per step.
public struct CortexPath: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        public var from: String
        public var to: String
        /// `imports`, or `references NAME` / `inherits NAME`.
        public var via: String
    }
    public var from: String
    public var to: String
    public var steps: [Step]
}
