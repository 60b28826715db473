import Crypto
import Foundation
import SrooterEncoding
import SrooterStore

/// `srooter cortex index`: reads a repository, parses the files whose content changed since the
/// last run, and writes names, kinds, lines and edges to the store. No source text is kept: file
/// contents live only in this process while a file is hashed, parsed and scanned.
public struct CortexIndexer: Sendable {
    public struct Summary: Sendable, Equatable {
        public var files = 0
        public var parsed = 0
        public var deleted = 0
        public var rescanned = 0
        public var symbols = 0
    }

    let store: Store
    let repository: String
    let team: String?
    let root: URL
    let progress: @Sendable (String) -> Void

    public init(store: Store, repository: String, team: String?, root: String, progress: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.repository = repository
        self.team = team
        self.root = URL(fileURLWithPath: root).standardizedFileURL
        self.progress = progress
    }

    private struct Source {
        let path: String
        let language: String
        let size: Int
        let hash: String
    }

    public func run() async throws(CortexError) -> Summary {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else { throw .notAFolder(root.path) }
        let names: CortexNames
        let stored: [String: String]
        do {
            names = try store.cortexNames(repository: repository)
            stored = try await store.cortexStoredFiles(repository)
        } catch { throw .store(error) }

        let paths = try RepositoryWalker(root: root).files()
        var changed: [Source] = []
        var unchanged: [Source] = []
        var present = Set<String>()
        for path in paths {
            guard let language = Language.of(path), let bytes = read(path) else { continue }
            let source = Source(path: path, language: language, size: bytes.count, hash: Hex.encode(Array(SHA256.hash(data: bytes))))
            present.insert(path)
            if store.cortexSameContent(stored[path], source.hash, names: names) { unchanged.append(source) } else { changed.append(source) }
        }
        var summary = Summary(files: present.count)
        progress("cortex: \(present.count) source files, \(changed.count) new or changed")

        // The stored names are needed only when something changed (an unchanged re-index opens no symbol row).
        let storedNames: Set<String>
        do { storedNames = changed.isEmpty ? [] : try await store.cortexSymbolNames(repository) } catch { throw .store(error) }
        var parsedFiles = try parse(changed)
        let newNames = Set(parsedFiles.values.flatMap { $0.symbols.map(\.name) })
        let known = storedNames.union(newNames)
        var changes = CortexChanges()
        for source in changed {
            guard let parsed = parsedFiles.removeValue(forKey: source.path).map(Self.printableOnly) else { continue }
            summary.symbols += parsed.symbols.count
            changes.files.append(CortexFileEntry(
                path: source.path, language: source.language, size: source.size, contentHash: source.hash,
                module: Language.module(of: source.path, language: source.language), symbols: parsed.symbols, edges: Self.edges(parsed, known: known)))
        }
        changes.deleted = stored.keys.filter { !present.contains($0) }.sorted()
        summary.parsed = changes.files.count
        summary.deleted = changes.deleted.count

        // A name that became a symbol may be used by a file that did not change: rescan those files' identifiers.
        let added = newNames.subtracting(storedNames)
        if !added.isEmpty, !stored.isEmpty {
            // A quick scan of the raw text picks the candidates; only those are parsed again, in one batch.
            let candidates = unchanged.filter { source in
                guard let bytes = read(source.path) else { return false }
                return IdentifierScan.scan(bytes, language: source.language).contains { added.contains($0.name) }
            }
            for (path, parsed) in try parse(candidates) where parsed.uses.contains(where: { added.contains($0.name) }) {
                changes.references[path] = Self.edges(Self.printableOnly(parsed), known: known).filter { $0.kind == .references }
            }
            summary.rescanned = changes.references.count
        }
        do { try await store.cortexApply(repository: repository, team: team, changes: changes) } catch { throw .store(error) }
        progress("cortex: \(summary.parsed) parsed, \(summary.deleted) removed, \(summary.rescanned) rescanned, \(summary.symbols) symbols written")
        return summary
    }

    /// The file's bytes, or nil for a file that is unreadable, too large or binary.
    private func read(_ path: String) -> [UInt8]? {
        let url = root.appendingPathComponent(path)
        guard let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey, .isSymbolicLinkKey]),
              values.isRegularFile == true, values.isSymbolicLink != true, (values.fileSize ?? 0) <= RepositoryWalker.maxSize,
              let data = try? Data(contentsOf: url) else { return nil }
        let bytes = [UInt8](data)
        if bytes.prefix(8192).contains(0) { return nil }
        return bytes
    }

    /// Parses `sources`: Swift on every core through swift-syntax, the rest through ctags in batches.
    private func parse(_ sources: [Source]) throws(CortexError) -> [String: ParsedFile] {
        let swift = sources.filter { $0.language == "swift" }
        let others = sources.filter { $0.language != "swift" }
        let results = ParsedResults()
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let done = ParsedResults.Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: swift.count, by: workers) {
                let source = swift[index]
                guard let bytes = read(source.path) else { continue }
                results.set(source.path, SwiftDeclarations.parse(String(decoding: bytes, as: UTF8.self), path: source.path))
                let count = done.next()
                if count % 1000 == 0 { progress("cortex: parsed \(count)/\(sources.count) files") }
            }
        }
        var all = results.all
        for start in stride(from: 0, to: others.count, by: 1000) {
            let batch = Array(others[start..<min(start + 1000, others.count)])
            var tags = try CtagsDeclarations.parse(batch.map(\.path), root: root)
            for source in batch {
                var parsed = tags.removeValue(forKey: source.path) ?? ParsedFile()
                guard let bytes = read(source.path) else { continue }
                parsed.identifiers = IdentifierScan.scan(bytes, language: source.language)
                all[source.path] = parsed.compacted()
            }
            if sources.count > 1 { progress("cortex: parsed \(swift.count + start + batch.count)/\(sources.count) files") }
        }
        return all
    }

    /// The file without declarations, imports and inheritance whose names could not be printed safely
    /// (symbols are dropped by index, so parents and edges are renumbered).
    static func printableOnly(_ parsed: ParsedFile) -> ParsedFile {
        guard parsed.symbols.contains(where: { !RepositoryWalker.printable($0.name) || !($0.scope.map(RepositoryWalker.printable) ?? true) })
            || parsed.imports.contains(where: { !RepositoryWalker.printable($0) }) || parsed.inherits.contains(where: { !RepositoryWalker.printable($0.1) })
        else { return parsed }
        var result = ParsedFile()
        var renumbered: [Int: Int] = [:]
        for (index, symbol) in parsed.symbols.enumerated()
        where RepositoryWalker.printable(symbol.name) && (symbol.scope.map(RepositoryWalker.printable) ?? true) {
            renumbered[index] = result.symbols.count
            var kept = symbol
            kept.parent = symbol.parent.flatMap { renumbered[$0] }
            result.symbols.append(kept)
        }
        result.imports = parsed.imports.filter(RepositoryWalker.printable)
        result.inherits = parsed.inherits.compactMap { entry in renumbered[entry.0].flatMap { RepositoryWalker.printable(entry.1) ? ($0, entry.1) : nil } }
        result.uses = parsed.uses.compactMap { use in
            guard RepositoryWalker.printable(use.name) else { return nil }
            guard let from = use.from else { return use }
            return renumbered[from].map { ParsedFile.Use(name: use.name, from: $0) }
        }
        return result
    }

    /// A file's edges: imports, inheritance, and references to known symbol names (one per name and enclosing symbol).
    static func edges(_ parsed: ParsedFile, known: Set<String>) -> [CortexEdgeEntry] {
        var edges: [CortexEdgeEntry] = []
        var seen = Set<CortexEdgeEntry>()
        func add(_ edge: CortexEdgeEntry) { if seen.insert(edge).inserted { edges.append(edge) } }
        for module in parsed.imports { add(.init(kind: .imports, from: nil, target: module)) }
        for (index, base) in parsed.inherits { add(.init(kind: .inherits, from: index, target: base)) }
        for use in parsed.uses where known.contains(use.name) { add(.init(kind: .references, from: use.from, target: use.name)) }
        return edges
    }

    /// For each line, the innermost symbol containing it (wider spans painted first, narrower over them).
    static func innermost(_ symbols: [CortexSymbolEntry]) -> [Int?] {
        let last = symbols.map(\.lineEnd).max() ?? 0
        var lines = [Int?](repeating: nil, count: last + 1)
        let order = symbols.indices.sorted { (symbols[$0].lineEnd - symbols[$0].lineStart, $1) > (symbols[$1].lineEnd - symbols[$1].lineStart, $0) }
        for index in order {
            for line in symbols[index].lineStart...symbols[index].lineEnd { lines[line] = index }
        }
        return lines
    }
}

/// Parse results gathered from worker threads.
private final class ParsedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: ParsedFile] = [:]

    func set(_ path: String, _ parsed: ParsedFile) { lock.withLock { files[path] = parsed } }
    var all: [String: ParsedFile] { lock.withLock { files } }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.withLock { value += 1; return value } }
    }
}
