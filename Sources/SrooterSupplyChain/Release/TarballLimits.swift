/// Hard limits applied to every release archive before and while it is read, so that a hostile
/// archive cannot exhaust disk, memory or time.
public struct TarballLimits: Sendable, Equatable {
    /// The compressed archive's size on disk.
    public var maxArchiveBytes: Int64
    /// Entries (files and folders) in the archive.
    public var maxEntries: Int
    /// One entry's uncompressed size.
    public var maxEntryBytes: Int64
    /// All uncompressed bytes, headers and padding included: this stops gzip bombs.
    public var maxTotalBytes: Int64
    /// An entry path's length in bytes.
    public var maxPathBytes: Int

    /// The limits srooter applies to its own releases (a static binary is about 85 MB).
    public static let release = TarballLimits(
        maxArchiveBytes: 1 << 30, maxEntries: 64, maxEntryBytes: 1 << 30, maxTotalBytes: 2 << 30, maxPathBytes: 256)

    public init(maxArchiveBytes: Int64, maxEntries: Int, maxEntryBytes: Int64, maxTotalBytes: Int64, maxPathBytes: Int) {
        self.maxArchiveBytes = maxArchiveBytes
        self.maxEntries = maxEntries
        self.maxEntryBytes = maxEntryBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxPathBytes = maxPathBytes
    }
}
