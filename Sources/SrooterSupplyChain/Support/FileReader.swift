#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads files with plain POSIX calls: whole small files under a size limit, or large files
/// as a stream of fixed-size chunks so memory stays flat whatever the file's size.
public enum FileReader {
    /// The chunk size used for streaming reads.
    public static let chunkSize = 1 << 17
    /// Files at least this large are read ahead on a second thread.
    static let readAheadThreshold = 4 << 20

    /// Reads a whole file, refusing it when it is larger than `limit` bytes.
    public static func read(_ path: String, limit: Int) throws(FileError) -> [UInt8] {
        let fd = try open(path)
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(path: path, reason: FileError.reason(errno)) }
        let type = info.st_mode & S_IFMT
        // Pipes are allowed (`--password-file <(pass show srooter)`); the limit still holds while reading.
        guard type == S_IFREG || type == S_IFIFO else { throw .unreadable(path: path, reason: "not a regular file") }
        if Int(info.st_size) > limit { throw .tooLarge(path: path, size: Int(info.st_size), limit: limit) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var buffer = [UInt8](repeating: 0, count: min(max(Int(info.st_size), 1), 1 << 16) + 1)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: FileError.reason(errno))
            }
            if count == 0 { break }
            if bytes.count + count > limit { throw .tooLarge(path: path, size: bytes.count + count, limit: limit) }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return bytes
    }

    /// Calls `body` with successive chunks of the file, each valid only during the call.
    ///
    /// Files of `readAheadThreshold` bytes or more are read on a second thread (``ReadAhead``) so
    /// reading and hashing overlap; smaller ones with plain `read` into one 128 KiB buffer. (`mmap`
    /// was measured no faster and would crash with SIGBUS if the file were truncated meanwhile.)
    public static func stream(
        _ path: String,
        _ body: (UnsafeRawBufferPointer) -> Void
    ) throws(FileError) {
        let fd = try open(path)
        defer { close(fd) }
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        var info = stat()
        if fstat(fd, &info) == 0, Int(info.st_size) >= readAheadThreshold {
            if let code = ReadAhead(fd: fd).run(body) { throw .unreadable(path: path, reason: FileError.reason(code)) }
            return
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: FileError.reason(errno))
            }
            if count == 0 { return }
            body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// Whether a path names something that exists.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    private static func open(_ path: String) throws(FileError) -> Int32 {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { throw .missing(path: path) }
            throw .unreadable(path: path, reason: FileError.reason(code))
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .unreadable(path: path, reason: "is a directory")
        }
        return fd
    }
}
