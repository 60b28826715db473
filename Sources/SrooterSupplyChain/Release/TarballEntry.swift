/// One entry of a release tarball: only regular files and folders exist in a release.
public struct TarballEntry: Sendable, Equatable {
    /// The entry's path inside the archive, without a trailing slash.
    public let path: String
    /// A folder rather than a regular file.
    public let isDirectory: Bool
    /// The declared size in bytes (0 for folders).
    public let size: Int64
    /// The permission bits (0755 executables and folders, 0644 other files).
    public let mode: UInt32

    /// The checks every entry path must pass: relative, no `.` or `..` or empty components,
    /// printable UTF-8, no longer than `maxBytes`. Returns the path without a trailing slash,
    /// or the reason it is refused.
    static func checkedPath(_ raw: String, maxBytes: Int) -> Result<String, EntryRefusal> {
        if raw.utf8.count > maxBytes { return .failure(.init("path longer than \(maxBytes) bytes")) }
        if raw.hasPrefix("/") { return .failure(.init("absolute path")) }
        if raw.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }) {
            return .failure(.init("control character or backslash in path"))
        }
        var components = raw.split(separator: "/", omittingEmptySubsequences: false)
        if components.last == "" { components.removeLast() }
        if components.isEmpty { return .failure(.init("empty path")) }
        for component in components {
            if component == ".." { return .failure(.init("path goes up with ..")) }
            if component.isEmpty || component == "." { return .failure(.init("empty or . path component")) }
        }
        return .success(components.joined(separator: "/"))
    }
}

/// Why an entry is refused; becomes ``ReleaseError/unsafeEntry(archive:entry:reason:)``.
struct EntryRefusal: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
