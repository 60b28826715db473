import CArchive
import Glibc

/// Unpacks a verified release into a new, empty folder with libarchive's secure extraction
/// flags, on top of ``TarballReader``'s own checks (regular files and folders only, no `..`, no
/// absolute paths, limits), writing only files the manifest lists, no larger than it says, and
/// checking every written file's hashes again afterwards.
struct ReleaseExtractor {
    let reader: TarballReader
    let manifest: ReleaseManifest

    /// libarchive's `ARCHIVE_EXTRACT_*` flags; never OWNER, ACL, XATTR or FFLAGS.
    static let flags = ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS
        | ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_NO_OVERWRITE

    /// Extracts into `directory` (which must exist and be empty), stripping the `srooter-V/` folder.
    func extract(into directory: String) throws(ReleaseError) {
        // libarchive extracts relative to the working folder (secure flags forbid absolute paths),
        // so the archive is opened by absolute path and the folder changed only while writing.
        guard let absolute = realpath(reader.archivePath, nil) else {
            throw .file(.missing(path: reader.archivePath))
        }
        let source = TarballReader(archivePath: String(cString: absolute), limits: reader.limits)
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
        try recheck(directory)
    }

    /// Writes every entry into the working folder.
    private func unpack(from source: TarballReader) throws(ReleaseError) {
        let archivePath = reader.archivePath
        let top = ReleaseLayout.topFolder(version: manifest.version)
        let allowed = Set(manifest.files.map(\.path) + [ReleaseManifest.fileName, ReleaseManifest.signatureName])
        guard let disk = archive_write_disk_new() else { throw .unusableInput("libarchive: out of memory") }
        defer { archive_write_free(disk) }
        archive_write_disk_set_options(disk, Self.flags)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 17, alignment: 16)
        defer { buffer.deallocate() }
        try source.walk { (entry, archive, header) throws(ReleaseError) in
            guard entry.path.hasPrefix(top + "/") || entry.path == top else {
                throw .unsafeEntry(archive: archivePath, entry: entry.path, reason: "outside the release folder")
            }
            if entry.path == top { return }
            let relative = String(entry.path.dropFirst(top.count + 1))
            if !entry.isDirectory {
                guard allowed.contains(relative) else {
                    throw .manifestMismatch(archive: archivePath, reason: "\(relative) is not in release.json")
                }
                if let listed = manifest.file(relative), entry.size > listed.size {
                    throw .manifestMismatch(archive: archivePath, reason: "\(relative) is bigger than release.json says")
                }
            }
            archive_entry_set_pathname(header, relative)
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
        guard archive_write_close(disk) == ARCHIVE_OK else { throw failure(disk, archivePath) }
    }

    /// Hashes every extracted file again against the manifest.
    private func recheck(_ directory: String) throws(ReleaseError) {
        for file in manifest.files {
            let digests: FileDigests
            do { digests = try FileDigests.of(file: "\(directory)/\(file.path)") } catch { throw .file(error) }
            guard digests.size == file.size, digests.sha256 == file.sha256, digests.blake2b512 == file.blake2b512 else {
                throw .manifestMismatch(archive: reader.archivePath, reason: "extracted \(file.path) does not match release.json")
            }
        }
    }

    private func failure(_ disk: OpaquePointer, _ path: String) -> ReleaseError {
        let message = archive_error_string(disk).map { String(cString: $0) } ?? "write failed"
        return .file(.unwritable(path: path, reason: message))
    }
}
