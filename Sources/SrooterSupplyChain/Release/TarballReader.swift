import CArchive
import Glibc

/// Streams a gzip-compressed tar archive entry by entry with libarchive, refusing anything a
/// release must not contain (links, devices, FIFOs, unsafe paths) and enforcing ``TarballLimits``
/// as it goes, so nothing is ever unpacked to disk to be checked.
public struct TarballReader {
    let archivePath: String
    let limits: TarballLimits
    /// How errors name the archive (the path the user gave when reading a private copy).
    let label: String

    public init(archivePath: String, limits: TarballLimits = .release, label: String? = nil) {
        self.archivePath = archivePath
        self.limits = limits
        self.label = label ?? archivePath
    }

    /// Calls `body` for each entry with a function that streams the entry's bytes in chunks.
    /// An entry whose data `body` does not read is skipped (its bytes still count to the limits).
    public func forEachEntry(
        _ body: (TarballEntry, _ readData: ((UnsafeRawBufferPointer) throws(ReleaseError) -> Void) throws(ReleaseError) -> Void) throws(ReleaseError) -> Void
    ) throws(ReleaseError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 17, alignment: 16)
        defer { buffer.deallocate() }
        try walk { (entry, archive, _) throws(ReleaseError) in
            try body(entry) { (chunk: (UnsafeRawBufferPointer) throws(ReleaseError) -> Void) throws(ReleaseError) in
                try streamData(of: entry, from: archive, buffer: buffer, into: chunk)
            }
        }
    }

    /// Every entry with libarchive's handles, after the entry passed all checks.
    func walk(_ body: (TarballEntry, _ archive: OpaquePointer, _ header: OpaquePointer) throws(ReleaseError) -> Void) throws(ReleaseError) {
        try checkArchiveSize()
        guard let archive = archive_read_new() else { throw .corruptArchive(archive: label, reason: "out of memory") }
        defer { archive_read_free(archive) }
        // Only gzip and tar: no other filter or format can be smuggled in.
        archive_read_support_filter_gzip(archive)
        archive_read_support_format_tar(archive)
        guard archive_read_open_filename(archive, archivePath, 1 << 16) == ARCHIVE_OK else {
            throw corrupt(archive)
        }
        var count = 0
        var declaredTotal: Int64 = 0
        while true {
            var header: OpaquePointer?
            let status = archive_read_next_header(archive, &header)
            try checkExpansion(archive)
            if status == ARCHIVE_EOF { return }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let header else { throw corrupt(archive) }
            count += 1
            if count > limits.maxEntries {
                throw .limitExceeded(archive: label, reason: "more than \(limits.maxEntries) entries")
            }
            let entry = try describe(header)
            declaredTotal += entry.size
            if entry.size > limits.maxEntryBytes || declaredTotal > limits.maxTotalBytes {
                throw .limitExceeded(archive: label, reason: "\(entry.path) takes the archive past its size limit")
            }
            try body(entry, archive, header)
        }
    }

    /// Streams the current entry's bytes, holding the archive to the size its header declared.
    func streamData(
        of entry: TarballEntry, from archive: OpaquePointer, buffer: UnsafeMutableRawBufferPointer,
        into chunk: (UnsafeRawBufferPointer) throws(ReleaseError) -> Void
    ) throws(ReleaseError) {
        var consumed: Int64 = 0
        while true {
            let read = archive_read_data(archive, buffer.baseAddress, buffer.count)
            if read < 0 { throw corrupt(archive) }
            if read == 0 { break }
            consumed += Int64(read)
            if consumed > entry.size {
                throw .limitExceeded(archive: label, reason: "\(entry.path) is larger than its header says")
            }
            try checkExpansion(archive)
            try chunk(UnsafeRawBufferPointer(rebasing: buffer[0..<read]))
        }
        if consumed != entry.size { throw .corruptArchive(archive: label, reason: "\(entry.path) ends early") }
    }

    private func checkArchiveSize() throws(ReleaseError) {
        var info = stat()
        guard stat(archivePath, &info) == 0 else {
            throw errno == ENOENT ? .file(.missing(path: archivePath)) : .file(.unreadable(path: archivePath, reason: FileError.reason(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .file(.unreadable(path: archivePath, reason: "not a regular file")) }
        if Int64(info.st_size) > limits.maxArchiveBytes {
            throw .limitExceeded(archive: label, reason: "archive is \(info.st_size) bytes, over the limit of \(limits.maxArchiveBytes)")
        }
    }

    /// Uncompressed bytes read so far, padding and headers included: the gzip-bomb guard.
    private func checkExpansion(_ archive: OpaquePointer) throws(ReleaseError) {
        if archive_filter_bytes(archive, 0) > limits.maxTotalBytes + (1 << 20) {
            throw .limitExceeded(archive: label, reason: "expands past \(limits.maxTotalBytes) bytes uncompressed")
        }
    }

    private func describe(_ header: OpaquePointer) throws(ReleaseError) -> TarballEntry {
        let raw = archive_entry_pathname(header).map { String(cString: $0) } ?? ""
        let path: String
        switch TarballEntry.checkedPath(raw, maxBytes: limits.maxPathBytes) {
        case .success(let checked): path = checked
        case .failure(let refusal): throw .unsafeEntry(archive: label, entry: raw, reason: refusal.reason)
        }
        if archive_entry_hardlink(header) != nil {
            throw .unsafeEntry(archive: label, entry: raw, reason: "hard link")
        }
        let type = archive_entry_filetype(header)
        let isDirectory: Bool
        switch type {
        case FileType.regular: isDirectory = false
        case FileType.directory: isDirectory = true
        case FileType.symlink: throw .unsafeEntry(archive: label, entry: raw, reason: "symbolic link")
        case FileType.characterDevice, FileType.blockDevice:
            throw .unsafeEntry(archive: label, entry: raw, reason: "device node")
        case FileType.fifo: throw .unsafeEntry(archive: label, entry: raw, reason: "FIFO")
        default: throw .unsafeEntry(archive: label, entry: raw, reason: "not a regular file or folder")
        }
        let mode = UInt32(archive_entry_perm(header))
        if mode & 0o7000 != 0 { throw .unsafeEntry(archive: label, entry: raw, reason: "setuid, setgid or sticky bit") }
        let size = isDirectory ? 0 : archive_entry_size(header)
        if size < 0 { throw .corruptArchive(archive: label, reason: "\(raw) has no size") }
        return TarballEntry(path: path, isDirectory: isDirectory, size: size, mode: mode)
    }

    func corrupt(_ archive: OpaquePointer) -> ReleaseError {
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "unreadable"
        return .corruptArchive(archive: label, reason: message)
    }
}

/// libarchive's `AE_IF*` file types: cast macros Swift does not import.
enum FileType {
    static let regular: mode_t = 0o100000
    static let directory: mode_t = 0o040000
    static let symlink: mode_t = 0o120000
    static let characterDevice: mode_t = 0o020000
    static let blockDevice: mode_t = 0o060000
    static let fifo: mode_t = 0o010000
}
