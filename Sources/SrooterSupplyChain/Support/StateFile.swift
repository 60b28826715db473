#if canImport(Glibc)
import Glibc
#endif

/// The files and folders srooter keeps state in (the anti-rollback record, a prefix's pinned
/// trust): folders are created private, files must be regular files (a FIFO or device planted
/// in their place is refused without blocking), and a record is compared and replaced only
/// while its folder is locked.
public enum StateFile {
    /// Reads a small state file; nil when it does not exist. Anything but a regular file is
    /// refused before a byte is read (`O_NONBLOCK` keeps a FIFO from blocking the open).
    public static func read(_ path: String, limit: Int) throws(FileError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return nil }
            if code == ELOOP { throw .unreadable(path: path, reason: "a symbolic link, not a regular file") }
            throw .unreadable(path: path, reason: FileError.reason(code))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw .unreadable(path: path, reason: "not a regular file")
        }
        if Int(info.st_size) > limit { throw .tooLarge(path: path, size: Int(info.st_size), limit: limit) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: FileError.reason(errno))
            }
            if count == 0 { return bytes }
            if bytes.count + count > limit { throw .tooLarge(path: path, size: bytes.count + count, limit: limit) }
            bytes.append(contentsOf: buffer[0..<count])
        }
    }

    /// Creates `directory` with `mode` when it is missing; with `narrow`, an existing one is
    /// narrowed to `mode` when it is wider and this user owns it.
    public static func makeFolder(_ directory: String, mode: mode_t, narrow: Bool = false) throws(FileError) {
        if mkdir(directory, mode) == 0 { return }
        let code = errno
        guard code == EEXIST else { throw .unwritable(path: directory, reason: FileError.reason(code)) }
        var info = stat()
        guard lstat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .unwritable(path: directory, reason: "exists and is not a folder")
        }
        if narrow, info.st_mode & 0o777 & ~mode != 0, info.st_uid == geteuid(), chmod(directory, mode) != 0 {
            throw .unwritable(path: directory, reason: FileError.reason(errno))
        }
    }

    /// How long a second verify or install waits for the first to release the state folder.
    public static let lockWaitSeconds = 5

    /// Runs `body` holding an exclusive `flock` on `directory` (which must exist), so that two
    /// processes never interleave load, compare and save of the same record.
    public static func locked<Value>(
        _ directory: String, _ body: () throws(ReleaseError) -> Value
    ) throws(ReleaseError) -> Value {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .file(.unwritable(path: directory, reason: FileError.reason(errno))) }
        defer { close(fd) }
        var waited = 0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                throw .file(.unwritable(path: directory, reason: "cannot lock: \(FileError.reason(code))"))
            }
            if waited >= lockWaitSeconds * 20 {
                throw .file(.unwritable(path: directory, reason: "locked for over \(lockWaitSeconds) s by another srooter verify or install"))
            }
            usleep(50_000)
            waited += 1
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
