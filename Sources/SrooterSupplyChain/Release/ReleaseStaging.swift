import Glibc

/// A private folder inside the output folder where a release is assembled; only finished,
/// signed files are renamed out of it, and it is removed whatever happens.
struct ReleaseStaging {
    let root: String

    init(outputDir: String) throws(ReleaseError) {
        if mkdir(outputDir, 0o755) != 0, errno != EEXIST {
            throw .file(.unwritable(path: outputDir, reason: FileError.reason(errno)))
        }
        var template = Array("\(outputDir)/.staging-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw .file(.unwritable(path: outputDir, reason: FileError.reason(errno)))
        }
        root = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    func path(_ name: String) -> String { "\(root)/\(name)" }

    func write(_ bytes: [UInt8], as name: String) throws(ReleaseError) {
        do { try AtomicFile.write(bytes, to: path(name)) } catch { throw .file(error) }
    }

    func write(_ text: String, as name: String) throws(ReleaseError) {
        try write(Array(text.utf8), as: name)
    }

    /// Moves finished files to the output folder (replacing older copies).
    func publish(_ names: [String]) throws(ReleaseError) {
        let outputDir = PathName.directory(of: root)
        for name in names where rename(path(name), "\(outputDir)/\(name)") != 0 {
            throw .file(.unwritable(path: "\(outputDir)/\(name)", reason: FileError.reason(errno)))
        }
    }

    /// Deletes the staging folder and anything left in it.
    func remove() {
        TreeRemoval.remove(root)
    }
}
