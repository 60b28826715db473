#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// OSV advisories loaded from one or more databases: folders of `*.json` files (searched
/// recursively; `*.zip` files found inside are read too), OSV `all.zip` exports, or single JSON
/// files.
///
/// Malformed advisories are skipped and listed in ``malformed`` (by file name) so the caller can
/// warn; withdrawn ones are counted and dropped. When the same id appears more than once (the
/// same export given twice, say), the most recently modified copy wins.
///
/// With ``relevantNames`` set (the SBOM's package names), every file's JSON syntax is still
/// checked, but only files that name one of those packages are decoded: a 50,000-advisory
/// export then costs a syntax scan, not 50,000 decodes. Invalid JSON is reported either way;
/// OSV schema errors (a missing `id`, say) only in files that were decoded.
public struct AdvisoryDatabase: Sendable {
    /// An advisory file that could not be used, and why.
    public struct Malformed: Sendable, Equatable {
        public let file: String
        public let reason: String
    }

    public private(set) var advisories: [OSVAdvisory] = []
    public private(set) var malformed: [Malformed] = []
    public private(set) var withdrawnCount = 0
    public private(set) var duplicateCount = 0
    /// Every advisory file read, including skipped ones.
    public private(set) var fileCount = 0
    /// Files not decoded because they name none of ``relevantNames``.
    public private(set) var irrelevantCount = 0

    /// When set, only advisories naming one of these packages are decoded (see above).
    public var relevantNames: Set<String>?

    /// Limits for single advisory files and zip archives.
    public var limits = ZipEntryReader.Limits.default

    private var positions: [String: Int] = [:]
    private var pending: [(name: String, bytes: [UInt8])] = []
    private var pendingBytes = 0

    public init() {}

    /// Loads every database path in order; with `components`, decodes only the advisories
    /// that can concern them.
    public static func load(_ paths: [String], for components: [ScannedComponent]? = nil) throws(ScanError) -> AdvisoryDatabase {
        var database = AdvisoryDatabase()
        database.relevantNames = components.map { Set($0.compactMap { $0.package?.name }) }
        for path in paths { try database.add(path) }
        database.flush()
        return database
    }

    /// Adds one folder, zip or JSON file. Call ``finish()`` (or use ``load(_:)``) when done.
    public mutating func add(_ path: String) throws(ScanError) {
        switch FileTree.kind(of: path) {
        case .missing: throw .file(.missing(path: path))
        case .directory:
            let files: [String]
            do { files = try FileTree.files(under: path, suffixes: [".json", ".zip"]) } catch {
                throw .unusableDatabase(path: path, reason: error.reason)
            }
            for file in files {
                if file.hasSuffix(".zip") { try addZip(file) } else { try addFile(file) }
            }
        case .file:
            if path.hasSuffix(".json") { try addFile(path) } else { try addZip(path) }
        case .other:
            throw .unusableDatabase(path: path, reason: "neither a folder, a zip archive nor a JSON file")
        }
    }

    /// Decodes whatever is still buffered.
    public mutating func finish() { flush() }

    private mutating func addFile(_ path: String) throws(ScanError) {
        do {
            enqueue(name: path, bytes: try FileReader.read(path, limit: limits.entryBytes))
        } catch .tooLarge(_, let size, let limit) {
            fileCount += 1
            malformed.append(Malformed(file: path, reason: "\(size) bytes, over the limit of \(limit)"))
        } catch {
            throw .file(error)
        }
    }

    private mutating func addZip(_ path: String) throws(ScanError) {
        var local = self
        try ZipEntryReader(path: path, limits: limits).forEachJSONEntry { (entry) throws(ScanError) in
            switch entry {
            case .file(let name, let bytes): local.enqueue(name: "\(path):\(name)", bytes: bytes)
            case .oversized(let name, let size):
                local.fileCount += 1
                local.malformed.append(Malformed(file: "\(path):\(name)", reason: "\(size) bytes, over the limit of \(local.limits.entryBytes)"))
            }
        }
        self = local
    }

    private mutating func enqueue(name: String, bytes: [UInt8]) {
        pending.append((name, bytes))
        pendingBytes += bytes.count
        if pending.count >= 4096 || pendingBytes >= 64 << 20 { flush() }
    }

    private mutating func flush() {
        guard !pending.isEmpty else { return }
        let results = ParallelDecoder.decode(pending, relevant: relevantNames)
        fileCount += pending.count
        for (index, result) in results.enumerated() {
            switch result {
            case .irrelevant: irrelevantCount += 1
            case .success(let advisory): insert(advisory)
            case .failure(let reason): malformed.append(Malformed(file: pending[index].name, reason: reason))
            }
        }
        pending.removeAll(keepingCapacity: true)
        pendingBytes = 0
    }

    private mutating func insert(_ advisory: OSVAdvisory) {
        if advisory.isWithdrawn {
            withdrawnCount += 1
            return
        }
        if let position = positions[advisory.id] {
            duplicateCount += 1
            if (advisory.modified ?? "") > (advisories[position].modified ?? "") { advisories[position] = advisory }
            return
        }
        positions[advisory.id] = advisories.count
        advisories.append(advisory)
    }
}
