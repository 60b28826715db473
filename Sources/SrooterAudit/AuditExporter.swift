import SrooterStore

/// Streams an export page by page: records decrypted, with the checkpoints that cover them placed
/// after their record (an anchor checkpoint first). Memory stays flat whatever the log's size.
///
/// Example:
/// ```swift
/// let exporter = AuditExporter(log: log, format: .jsonl, since: nil, until: nil, user: "ada")
/// try await exporter.stream { text in write(text) }
/// ```
public struct AuditExporter: Sendable {
    public let log: AuditLog
    public let format: ExportFormat
    public let since: String?
    public let until: String?
    public let user: String?
    public var pageSize = 2000

    public init(log: AuditLog, format: ExportFormat, since: String?, until: String?, user: String?) {
        self.log = log
        self.format = format
        self.since = since
        self.until = until
        self.user = user
    }

    /// What the export holds, for its header and for `verify`.
    public var scope: ChainVerifier.Scope { user != nil ? .subset : (since != nil || until != nil ? .range : .complete) }

    /// Writes the export through `emit`, one chunk of text per page (each page awaited, then
    /// emitted): the CLI's `audit export` and the HTTP export.
    public func stream(_ emit: (String) async throws -> Void) async throws {
        var cursor = Cursor()
        try await emit(format.header(scope: scope, since: since, until: until, user: user, publicKey: log.signer.publicKey))
        while true {
            let page = try await log.records(after: cursor.after, limit: pageSize, filter: log.filter(since: since, until: until, user: user))
            var checkpoints: [CheckpointRow] = []
            if let range = cursor.checkpointRange(for: page) {
                checkpoints = try await log.store.auditCheckpoints(from: range.lowerBound, through: range.upperBound)
            }
            try await emit(cursor.render(page, checkpoints: checkpoints, format: format))
            if page.count < pageSize { break }
        }
    }

    /// Where the export is: the last record written and the checkpoints already placed.
    struct Cursor {
        var after = 0
        var checkpointsThrough: Int?

        /// The ids whose checkpoints go with this page: from just before its first record (the anchor,
        /// on the first page) through its last record.
        func checkpointRange(for page: [ChainedRecord]) -> ClosedRange<Int>? {
            guard let first = page.first, let last = page.last else { return nil }
            let from = checkpointsThrough.map { $0 + 1 } ?? (first.seq - 1)
            return from <= last.seq ? from...last.seq : nil
        }

        mutating func render(_ page: [ChainedRecord], checkpoints: [CheckpointRow], format: ExportFormat) -> String {
            var text = ""
            text.reserveCapacity(page.count * 700)
            var next = 0
            for entry in page {
                while next < checkpoints.count, checkpoints[next].seq < entry.seq { text += format.line(checkpoints[next]); next += 1 }
                text += format.line(entry)
                while next < checkpoints.count, checkpoints[next].seq == entry.seq { text += format.line(checkpoints[next]); next += 1 }
            }
            while next < checkpoints.count { text += format.line(checkpoints[next]); next += 1 }
            if let last = page.last {
                after = last.seq
                checkpointsThrough = last.seq
            }
            return text
        }
    }
}
