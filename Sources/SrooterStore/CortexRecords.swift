/// What Cortex stores per source file: names, kinds and line numbers, never a line of source text.
public struct CortexFileEntry: Sendable {
    /// The path relative to the repository root.
    public var path: String
    public var language: String
    public var size: Int
    /// SHA-256 (hex) of the content; stored only as a keyed hash, so it cannot confirm a guessed file.
    public var contentHash: String
    /// The name other files import this file by (a Swift target, a header's name, a Python module), if any.
    public var module: String?
    public var symbols: [CortexSymbolEntry]
    public var edges: [CortexEdgeEntry]

    public init(path: String, language: String, size: Int, contentHash: String, module: String?, symbols: [CortexSymbolEntry], edges: [CortexEdgeEntry]) {
        self.path = path
        self.language = language
        self.size = size
        self.contentHash = contentHash
        self.module = module
        self.symbols = symbols
        self.edges = edges
    }
}

/// A declared name: its kind, its lines (1-based, inclusive) and its enclosing declaration.
public struct CortexSymbolEntry: Sendable, Equatable {
    public var name: String
    public var kind: String
    public var lineStart: Int
    public var lineEnd: Int
    /// The enclosing scope's qualified name (`Outer.Inner`), nil at file scope.
    public var scope: String?
    /// The index in the file's `symbols` of the enclosing declaration.
    public var parent: Int?
    public var exported: Bool

    public init(name: String, kind: String, lineStart: Int, lineEnd: Int, scope: String?, parent: Int?, exported: Bool) {
        self.name = name
        self.kind = kind
        self.lineStart = lineStart
        self.lineEnd = max(lineStart, lineEnd)
        self.scope = scope
        self.parent = parent
        self.exported = exported
    }
}

/// What a file or one of its symbols points at, by name: resolved to symbols and files when the graph is loaded.
public enum CortexEdgeKind: Int, Sendable {
    /// The file imports or includes a module or file (`target` is a module name).
    case imports = 0
    /// The symbol (or the file, outside any symbol) names the symbol `target`.
    case references = 1
    /// The symbol inherits from or conforms to `target`.
    case inherits = 2
}

public struct CortexEdgeEntry: Sendable, Equatable, Hashable {
    public var kind: CortexEdgeKind
    /// The index in the file's `symbols` of the symbol the edge starts from; nil for the file itself.
    public var from: Int?
    public var target: String

    public init(kind: CortexEdgeKind, from: Int?, target: String) {
        self.kind = kind
        self.from = from
        self.target = target
    }
}

/// An indexed repository and the team it belongs to.
public struct CortexRepository: Sendable, Equatable {
    public var name: String
    public var team: String?
    public var indexedAt: String
    /// Grows by one with every index run that changed something (for caches of the loaded graph).
    public var generation: Int
}

/// One repository's graph as stored: blind indexes, kinds and lines in the clear, names sealed
/// (opened on demand through `CortexNames`, so ranking never decrypts what it does not print).
public struct CortexGraphRows: Sendable {
    public struct File: Sendable {
        public let id: Int
        public let pathIndex: String
        public let language: String
        public let size: Int
        public let moduleIndex: String?
        let sealed: String
    }

    public struct Symbol: Sendable {
        public let id: Int
        public let fileID: Int
        public let ordinal: Int
        public let nameIndex: String
        /// Blind index of the lower-cased name (case-insensitive search).
        public let foldIndex: String
        public let kind: String
        public let lineStart: Int
        public let lineEnd: Int
        public let parent: Int?
        public let exported: Bool
        let sealed: String
    }

    public struct Edge: Sendable {
        public let fileID: Int
        public let kind: CortexEdgeKind
        public let from: Int?
        public let targetIndex: String
    }

    public var files: [File] = []
    public var symbols: [Symbol] = []
    public var edges: [Edge] = []
}
