#if canImport(Glibc)
import Glibc
#endif

/// Reading and writing small secret files (key files) with POSIX calls: created with mode 0600,
/// never overwritten in place, and refused when other users could read them.
public enum SecretFile {
    /// Whether something exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// The file's bytes (at most 4 KiB), after checking that only its owner can read or write it.
    public static func read(_ path: String) throws(VaultError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw VaultError.file(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw VaultError.file(path: path, reason: String(cString: strerror(errno))) }
        guard info.st_mode & 0o077 == 0 else { throw VaultError.keyFileTooOpen(path: path, mode: Int(info.st_mode & 0o777)) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw VaultError.file(path: path, reason: String(cString: strerror(errno))) }
        let result = Array(bytes[0..<count])
        SecretBytes.zero(&bytes)
        return result
    }

    /// Creates `path` with mode 0600 holding `bytes`; fails if it exists (never overwrites).
    public static func create(_ path: String, _ bytes: [UInt8]) throws(VaultError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw VaultError.file(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw VaultError.file(path: path, reason: String(cString: strerror(errno))) }
            written += count
        }
        guard fsync(descriptor) == 0 else { throw VaultError.file(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Moves `from` over `to` atomically.
    public static func rename(_ from: String, to: String) throws(VaultError) {
        guard Glibc.rename(from, to) == 0 else { throw VaultError.file(path: to, reason: String(cString: strerror(errno))) }
    }

    /// Makes the folder of `path` (mode 0700 when new), if missing.
    public static func makeFolder(of path: String) {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex { mkdir(String(path[..<slash]), 0o700) }
    }
}
