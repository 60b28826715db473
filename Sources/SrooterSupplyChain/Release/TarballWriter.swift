import CArchive
import Glibc

/// Writes a reproducible gzip-compressed tar: entries in byte-wise sorted order, one fixed mtime,
/// uid/gid 0 with empty owner names, modes 0755 (folders, executables) or 0644, pax_restricted
/// format (plain ustar unless a header needs more), and a gzip header without a timestamp.
/// The same inputs and mtime always give the same bytes.
public enum TarballWriter {
    /// A file to put in the archive.
    public struct Item: Sendable {
        /// Path inside the archive.
        public let path: String
        /// Where its bytes come from.
        public let source: String
        public let executable: Bool

        public init(path: String, source: String, executable: Bool = false) {
            self.path = path
            self.source = source
            self.executable = executable
        }
    }

    /// Writes `items` (and the folders that hold them) to `archivePath`, via a temporary file
    /// renamed into place, so a failure leaves no partial archive.
    public static func write(_ items: [Item], to archivePath: String, mtime: Int64) throws(ReleaseError) {
        let temp = "\(archivePath).partial-\(getpid())"
        do {
            try writeArchive(items, to: temp, mtime: mtime)
        } catch {
            unlink(temp)
            throw error
        }
        if rename(temp, archivePath) != 0 {
            let code = errno
            unlink(temp)
            throw .file(.unwritable(path: archivePath, reason: FileError.reason(code)))
        }
    }

    private static func writeArchive(_ items: [Item], to path: String, mtime: Int64) throws(ReleaseError) {
        guard let archive = archive_write_new() else { throw .unusableInput("libarchive: out of memory") }
        defer { archive_write_free(archive) }
        func check(_ status: Int32) throws(ReleaseError) {
            guard status == ARCHIVE_OK else {
                let message = archive_error_string(archive).map { String(cString: $0) } ?? "error \(status)"
                throw .file(.unwritable(path: path, reason: message))
            }
        }
        try check(archive_write_set_format_pax_restricted(archive))
        try check(archive_write_add_filter_gzip(archive))
        try check(archive_write_set_options(archive, "gzip:!timestamp"))
        try check(archive_write_open_filename(archive, path))

        var folders = Set<String>()
        for item in items {
            var parent = PathName.directory(of: item.path)
            while parent != "." && parent != "/" {
                folders.insert(parent)
                parent = PathName.directory(of: parent)
            }
        }
        let entries = (folders.map { ($0, nil as Item?) } + items.map { ($0.path, $0) })
            .sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
        guard let entry = archive_entry_new() else { throw .unusableInput("libarchive: out of memory") }
        defer { archive_entry_free(entry) }
        for (entryPath, item) in entries {
            archive_entry_clear(entry)
            archive_entry_set_mtime(entry, time_t(mtime), 0)
            archive_entry_set_uid(entry, 0)
            archive_entry_set_gid(entry, 0)
            archive_entry_set_uname(entry, "")
            archive_entry_set_gname(entry, "")
            guard let item else {
                archive_entry_set_pathname(entry, entryPath + "/")
                archive_entry_set_filetype(entry, UInt32(FileType.directory))
                archive_entry_set_perm(entry, 0o755)
                archive_entry_set_size(entry, 0)
                try check(archive_write_header(archive, entry))
                continue
            }
            var info = stat()
            guard stat(item.source, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                throw .file(errno == ENOENT ? .missing(path: item.source) : .unreadable(path: item.source, reason: "not a regular file"))
            }
            archive_entry_set_pathname(entry, entryPath)
            archive_entry_set_filetype(entry, UInt32(FileType.regular))
            archive_entry_set_perm(entry, item.executable ? 0o755 : 0o644)
            archive_entry_set_size(entry, Int64(info.st_size))
            try check(archive_write_header(archive, entry))
            var written: Int64 = 0
            var failure: ReleaseError?
            do {
                try FileReader.stream(item.source) { chunk in
                    guard failure == nil else { return }
                    if archive_write_data(archive, chunk.baseAddress, chunk.count) != chunk.count {
                        failure = .file(.unwritable(path: path, reason: "short write"))
                    }
                    written += Int64(chunk.count)
                }
            } catch { throw .file(error) }
            if let failure { throw failure }
            if written != Int64(info.st_size) {
                throw .file(.unreadable(path: item.source, reason: "changed size while being archived"))
            }
        }
        try check(archive_write_close(archive))
    }
}
