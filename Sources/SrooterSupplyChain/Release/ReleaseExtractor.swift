import CArchive
import Glibc

/// Unpacks a verified release into a new, empty folder with libarchive's secure extraction
/// flags, on top of ``TarballReader``'s own checks (regular files and folders only, no `..`, no
/// absolute paths, limits). It reads the private copy whose bytes were verified, writes only
/// the entries the manifest implies with the modes the manifest gives (never the archive's),
/// and then compares the whole folder with the manifest (``ReleaseTree``).
struct ReleaseExtractor {
    /// The private copy that was verified (never the path the user gave).
    let reader: TarballReader
    let tree: ReleaseTree

    var manifest: ReleaseManifest { tree.manifest }

    /// libarchive's `ARCHIVE_EXTRACT_*` flags; never PERM (modes come from the manifest), OWNER,
    /// ACL, XATTR or FFLAGS.
    static let flags = ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS
        | ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS | ARCHIVE_EXTRACT_NO_OVERWRITE

    /// Extracts into `directory` (which must exist and be empty), stripping the `srooter-V/` folder.
    func extract(into directory: String) throws(ReleaseError) {
        // libarchive extracts relative to the working folder (secure flags forbid absolute paths),
        // so the archive is opened by absolute path and the folder changed only while writing.
        guard let absolute = realpath(reader.archivePath, nil) else {
            throw .file(.missing(path: reader.archivePath))
        }
        let source = TarballReader(archivePath: String(cString: absolute), limits: reader.limits, label: reader.label)
        free(absolute)
        let previous = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard previous >= 0, chdir(directory) == 0 else {
            if previous >= 0 { close(previous) }
            throw .file(.unwritable(path: directory, reason: FileError.reason(errno)))
        }
        do {
            try unpack(from: source)
        } catch {
            fchdir(previous)
            close(previous)
            throw error
        }
        fchdir(previous)
        close(previous)
        try applyModes(directory)
        try tree.check(directory, label: reader.label, hashing: .full)
    }

    /// Writes every entry into the working folder.
    private func unpack(from source: TarballReader) throws(ReleaseError) {
        let label = reader.label
        let top = ReleaseLayout.topFolder(version: manifest.version)
        let expected = tree.expected
        guard let disk = archive_write_disk_new() else { throw .unusableInput("libarchive: out of memory") }
        defer { archive_write_free(disk) }
        archive_write_disk_set_options(disk, Self.flags)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 17, alignment: 16)
        defer { buffer.deallocate() }
        try source.walk { (entry, archive, header) throws(ReleaseError) in
            guard entry.path.hasPrefix(top + "/") || entry.path == top else {
                throw .unsafeEntry(archive: label, entry: entry.path, reason: "outside the release folder")
            }
            if entry.path == top { return }
            let relative = String(entry.path.dropFirst(top.count + 1))
            guard let want = expected[relative], want.isDirectory == entry.isDirectory else {
                throw .manifestMismatch(archive: label, reason: "\(relative) is not in release.json")
            }
            if let listed = manifest.file(relative), entry.size > listed.size {
                throw .manifestMismatch(archive: label, reason: "\(relative) is bigger than release.json says")
            }
            archive_entry_set_pathname(header, relative)
            archive_entry_set_perm(header, want.mode)
            guard archive_write_header(disk, header) == ARCHIVE_OK else { throw failure(disk, relative) }
            if !entry.isDirectory {
                try source.streamData(of: entry, from: archive, buffer: buffer) { (chunk: UnsafeRawBufferPointer) throws(ReleaseError) in
                    if archive_write_data(disk, chunk.baseAddress, chunk.count) != chunk.count {
                        throw failure(disk, relative)
                    }
                }
            }
            guard archive_write_finish_entry(disk) == ARCHIVE_OK else { throw failure(disk, relative) }
        }
        guard archive_write_close(disk) == ARCHIVE_OK else { throw failure(disk, label) }
    }

    /// Sets every extracted entry to the manifest's mode: the umask and the archive's own modes
    /// play no part. Folders the archive left out are created (they exist in every release).
    private func applyModes(_ directory: String) throws(ReleaseError) {
        for (path, want) in tree.expected.sorted(by: { $0.key < $1.key }) {
            let full = "\(directory)/\(path)"
            var info = stat()
            if want.isDirectory, lstat(full, &info) != 0 {
                guard mkdir(full, want.mode) == 0 else { throw .file(.unwritable(path: full, reason: FileError.reason(errno))) }
            }
            guard lstat(full, &info) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            guard type == (want.isDirectory ? S_IFDIR : S_IFREG) else {
                throw .manifestMismatch(archive: reader.label, reason: "extracted \(path) has the wrong type")
            }
            guard chmod(full, want.mode) == 0 else { throw .file(.unwritable(path: full, reason: FileError.reason(errno))) }
        }
        guard chmod(directory, 0o755) == 0 else { throw .file(.unwritable(path: directory, reason: FileError.reason(errno))) }
    }

    private func failure(_ disk: OpaquePointer, _ path: String) -> ReleaseError {
        let message = archive_error_string(disk).map { String(cString: $0) } ?? "write failed"
        return .file(.unwritable(path: path, reason: message))
    }
}
