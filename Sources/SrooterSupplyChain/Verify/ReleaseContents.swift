/// What one streaming pass over a release archive saw: every entry's digests, and the bytes of
/// the small documents (manifest, SBOM, pins, provenance, keys) for the checks that follow.
struct ReleaseContents {
    /// The single folder every entry sits under (`srooter-V`).
    var topFolder: String?
    /// Digests of every regular file, by path relative to the top folder.
    var digests: [String: FileDigests] = [:]
    /// Modes of every regular file, by relative path.
    var modes: [String: UInt32] = [:]
    /// Modes of every folder entry by relative path ("" for the top folder itself).
    var folders: [String: UInt32] = [:]
    /// Bytes of every file except the binary.
    var documents: [String: [UInt8]] = [:]

    /// Documents larger than this are hashed but not kept.
    static let documentLimit: Int64 = 64 << 20
    /// Entries at least this large (the binary) are hashed on a second core while inflating.
    static let backgroundThreshold: Int64 = 8 << 20

    /// Reads the archive once.
    static func read(_ reader: TarballReader, archive: String) throws(ReleaseError) -> ReleaseContents {
        var contents = ReleaseContents()
        try reader.forEachEntry { (entry, readData) throws(ReleaseError) in
            let parts = entry.path.split(separator: "/", maxSplits: 1)
            let top = String(parts[0])
            if contents.topFolder == nil { contents.topFolder = top }
            guard contents.topFolder == top else {
                throw .unsafeEntry(archive: archive, entry: entry.path, reason: "outside the release folder \(contents.topFolder ?? "")")
            }
            guard parts.count == 2 else {
                if entry.isDirectory {
                    contents.folders[""] = entry.mode
                    return
                }
                throw .unsafeEntry(archive: archive, entry: entry.path, reason: "a file outside the release folder")
            }
            let path = String(parts[1])
            if entry.isDirectory {
                contents.folders[path] = entry.mode
                return
            }
            guard contents.digests[path] == nil else {
                throw .unsafeEntry(archive: archive, entry: entry.path, reason: "appears twice")
            }
            let keep = path != ReleaseLayout.binary && entry.size <= documentLimit
            if !keep && entry.size >= backgroundThreshold {
                let digests = BackgroundDigests()
                try readData { (chunk: UnsafeRawBufferPointer) throws(ReleaseError) in digests.feed(chunk) }
                contents.digests[path] = digests.finish()
            } else {
                var hasher = FileDigests.Hasher()
                var bytes: [UInt8] = []
                if keep { bytes.reserveCapacity(Int(entry.size)) }
                try readData { (chunk: UnsafeRawBufferPointer) throws(ReleaseError) in
                    hasher.update(chunk)
                    if keep { bytes.append(contentsOf: chunk) }
                }
                contents.digests[path] = hasher.finish()
                if keep { contents.documents[path] = bytes }
            }
            contents.modes[path] = entry.mode
        }
        return contents
    }
}
