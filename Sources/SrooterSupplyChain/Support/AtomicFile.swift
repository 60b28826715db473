#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader sees either the old content or the whole new content, never a
/// partial file: the bytes go to a temporary file in the same folder, are flushed, then renamed
/// (or hard-linked, when an existing file must not be replaced) into place.
public enum AtomicFile {
    /// Writes `bytes` to `path` with the given permission bits.
    /// - Parameters:
    ///   - overwrite: when false, fails with ``FileError/exists(path:)`` if `path` exists, even
    ///     when another process creates it concurrently.
    public static func write(
        _ bytes: [UInt8],
        to path: String,
        mode: mode_t = 0o644,
        overwrite: Bool = true
    ) throws(FileError) {
        if !overwrite, FileReader.exists(path) { throw .exists(path: path) }
        let temp = try writeTemporary(bytes, near: path, mode: mode)
        if overwrite {
            if rename(temp, path) != 0 {
                let code = errno
                unlink(temp)
                throw .unwritable(path: path, reason: FileError.reason(code))
            }
        } else {
            let linked = link(temp, path)
            let code = errno
            unlink(temp)
            if linked != 0 {
                if code == EEXIST { throw .exists(path: path) }
                throw .unwritable(path: path, reason: FileError.reason(code))
            }
        }
    }

    /// Writes a UTF-8 string; see ``write(_:to:mode:overwrite:)``.
    public static func write(
        _ text: String,
        to path: String,
        mode: mode_t = 0o644,
        overwrite: Bool = true
    ) throws(FileError) {
        try write(Array(text.utf8), to: path, mode: mode, overwrite: overwrite)
    }

    private static func writeTemporary(_ bytes: [UInt8], near path: String, mode: mode_t) throws(FileError) -> String {
        let directory = PathName.directory(of: path)
        var template = Array("\(directory)/.\(PathName.base(of: path)).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd < 0 { throw .unwritable(path: path, reason: FileError.reason(errno)) }
        let temp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        func fail(_ code: Int32) -> FileError {
            close(fd)
            unlink(temp)
            return .unwritable(path: path, reason: FileError.reason(code))
        }
        if fchmod(fd, mode) != 0 { throw fail(errno) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw fail(errno)
            }
            offset += written
        }
        if fsync(fd) != 0 { throw fail(errno) }
        close(fd)
        return temp
    }
}

/// Splits slash-separated paths without touching the file system.
public enum PathName {
    /// The final component of a path (`/a/b.txt` → `b.txt`).
    public static func base(of path: String) -> String {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// The folder holding a path (`/a/b.txt` → `/a`, `b.txt` → `.`).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }
}

extension AtomicFile {
    /// Removes a file this process just wrote, to undo a half-finished multi-file write.
    public static func remove(_ path: String) {
        unlink(path)
    }
}
