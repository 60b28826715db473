import CArchive

#if canImport(Glibc)
import Glibc
#endif

/// Streams the JSON files of a zip archive (an OSV `all.zip` export) with libarchive, without
/// unpacking anything to disk: each entry is read into a buffer capped at ``Limits/entryBytes``,
/// handed to the caller, and dropped.
///
/// Blocking C calls: run it off any cooperative thread pool.
public struct ZipEntryReader {
    /// Bounds that keep a hostile or broken archive from exhausting memory or time.
    public struct Limits: Sendable {
        /// The largest entry read (larger ones are reported and skipped).
        public var entryBytes: Int
        /// The most entries read before the archive is refused.
        public var entryCount: Int
        /// The most uncompressed bytes read in total before the archive is refused.
        public var totalBytes: Int

        public static let `default` = Limits(entryBytes: 32 << 20, entryCount: 2_000_000, totalBytes: 16 << 30)
    }

    /// One entry as the caller sees it: its name inside the archive and its bytes, or why it was
    /// skipped (too large).
    public enum Entry {
        case file(name: String, bytes: [UInt8])
        case oversized(name: String, size: Int)
    }

    public let path: String
    public let limits: Limits

    public init(path: String, limits: Limits = .default) {
        self.path = path
        self.limits = limits
    }

    /// Calls `body` for every regular `*.json` entry, in archive order.
    public func forEachJSONEntry(_ body: (Entry) throws(ScanError) -> Void) throws(ScanError) {
        guard let archive = archive_read_new() else { throw .corruptArchive(path: path, reason: "libarchive could not start") }
        defer { archive_read_free(archive) }
        // Seekable only: it reads the central directory, so a truncated archive is refused instead
        // of being read up to the cut by the streaming reader.
        archive_read_support_format_zip_seekable(archive)
        guard archive_read_open_filename(archive, path, 1 << 16) == ARCHIVE_OK else {
            throw .corruptArchive(path: path, reason: Self.message(archive))
        }
        var entryCount = 0
        var totalBytes = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            var entry: OpaquePointer?
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { return }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw .corruptArchive(path: path, reason: Self.message(archive))
            }
            entryCount += 1
            if entryCount > limits.entryCount {
                throw .corruptArchive(path: path, reason: "more than \(limits.entryCount) entries")
            }
            let name = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            let regularFile: mode_t = 0o100000  // AE_IFREG is a cast macro Swift does not import.
            guard archive_entry_filetype(entry) == regularFile, name.hasSuffix(".json") else { continue }
            if archive_entry_size_is_set(entry) != 0, Int(archive_entry_size(entry)) > limits.entryBytes {
                try body(.oversized(name: name, size: Int(archive_entry_size(entry))))
                continue
            }
            var bytes: [UInt8] = []
            var oversized = false
            while true {
                let count = buffer.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                if count == 0 { break }
                if count < 0 { throw .corruptArchive(path: path, reason: "\(name): \(Self.message(archive))") }
                totalBytes += count
                if totalBytes > limits.totalBytes {
                    throw .corruptArchive(path: path, reason: "more than \(limits.totalBytes) bytes uncompressed")
                }
                if bytes.count + count > limits.entryBytes {
                    oversized = true
                    continue  // Keep reading so the entry's checksum is still verified.
                }
                bytes.append(contentsOf: buffer[0..<count])
            }
            if oversized {
                try body(.oversized(name: name, size: limits.entryBytes + 1))
            } else {
                try body(.file(name: name, bytes: bytes))
            }
        }
    }

    private static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
    }
}
