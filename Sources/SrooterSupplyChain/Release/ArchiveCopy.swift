import Glibc

/// A private copy of a downloaded archive, made before anything is verified, so that what is
/// verified and what is extracted are the same bytes even when someone can write the download
/// folder: the original path is opened once and never read again.
enum ArchiveCopy {
    /// Copies `archive` into `destination` (created 0600, must not exist), refusing anything
    /// but a regular file and more than `limit` bytes.
    static func make(of archive: String, at destination: String, limit: Int64) throws(ReleaseError) {
        let input = open(archive, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard input >= 0 else {
            let code = errno
            throw code == ENOENT ? .file(.missing(path: archive)) : .file(.unreadable(path: archive, reason: FileError.reason(code)))
        }
        defer { close(input) }
        var info = stat()
        guard fstat(input, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw .file(.unreadable(path: archive, reason: "not a regular file"))
        }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard output >= 0 else { throw .file(.unwritable(path: destination, reason: FileError.reason(errno))) }
        defer { close(output) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        guard let base = buffer.baseAddress else { throw .unusableInput("out of memory") }
        var total: Int64 = 0
        while true {
            let count = read(input, base, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .file(.unreadable(path: archive, reason: FileError.reason(errno)))
            }
            if count == 0 { break }
            total += Int64(count)
            if total > limit {
                throw .limitExceeded(archive: archive, reason: "archive is over the limit of \(limit) bytes")
            }
            var offset = 0
            while offset < count {
                let written = write(output, base + offset, count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw .file(.unwritable(path: destination, reason: FileError.reason(errno)))
                }
                offset += written
            }
        }
    }
}
