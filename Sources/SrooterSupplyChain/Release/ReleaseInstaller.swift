import Glibc

/// Installs a release under a prefix: `PREFIX/releases/V/` holds it, and `PREFIX/current` is a
/// symbolic link switched atomically (a new link renamed over the old) once the new folder is
/// complete and re-checked. Any failure leaves only the previous release behind.
public struct ReleaseInstaller {
    let prefix: String
    let verifier: ReleaseVerifier

    public init(prefix: String, verifier: ReleaseVerifier) {
        self.prefix = prefix
        self.verifier = verifier
    }

    /// What an installation did.
    public struct Outcome: Sendable {
        public let report: ReleaseReport
        public let releaseDir: String
        public let pruned: [String]
    }

    /// Verifies, extracts, switches `current`, then prunes to the newest `keep` releases (nil keeps all).
    public func install(keep: Int?) throws(ReleaseError) -> Outcome {
        let (report, manifest) = try verifier.verify()
        let releases = "\(prefix)/releases"
        for folder in [prefix, releases] where mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw .file(.unwritable(path: folder, reason: FileError.reason(errno)))
        }
        let target = "\(releases)/\(manifest.version)"
        if FileReader.exists(target) {
            throw .unusableInput("\(target) already exists; release \(manifest.version) is installed")
        }
        var template = Array("\(releases)/.incoming-\(manifest.version)-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw .file(.unwritable(path: releases, reason: FileError.reason(errno)))
        }
        let incoming = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        do throws(ReleaseError) {
            try ReleaseExtractor(reader: TarballReader(archivePath: verifier.archive, limits: verifier.options.limits), manifest: manifest)
                .extract(into: incoming)
            guard chmod(incoming, 0o755) == 0, rename(incoming, target) == 0 else {
                throw ReleaseError.file(.unwritable(path: target, reason: FileError.reason(errno)))
            }
        } catch {
            TreeRemoval.remove(incoming)
            throw error
        }
        do {
            try switchCurrent(to: "releases/\(manifest.version)")
        } catch {
            TreeRemoval.remove(target)
            throw error
        }
        try verifier.recordAcceptance(manifest)
        let pruned = keep.map { prune(releases, keep: $0, current: manifest.version) } ?? []
        return Outcome(report: report, releaseDir: target, pruned: pruned)
    }

    /// Points `PREFIX/current` at `relativeTarget` with one rename.
    private func switchCurrent(to relativeTarget: String) throws(ReleaseError) {
        let link = "\(prefix)/current"
        let temp = "\(prefix)/.current-\(getpid())"
        unlink(temp)
        guard symlink(relativeTarget, temp) == 0 else {
            throw .file(.unwritable(path: temp, reason: FileError.reason(errno)))
        }
        guard rename(temp, link) == 0 else {
            let code = errno
            unlink(temp)
            throw .file(.unwritable(path: link, reason: FileError.reason(code)))
        }
    }

    /// Removes all but the newest `keep` releases (by version), never the current one.
    private func prune(_ releases: String, keep: Int, current: String) -> [String] {
        guard let directory = opendir(releases) else { return [] }
        var versions: [(SemanticVersion, String)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if let version = SemanticVersion(name), !name.hasPrefix(".") { versions.append((version, name)) }
        }
        closedir(directory)
        let ordered = versions.sorted { $0.0 > $1.0 }.map(\.1)
        let doomed = ordered.dropFirst(max(keep, 1)).filter { $0 != current }
        for name in doomed { TreeRemoval.remove("\(releases)/\(name)") }
        return Array(doomed)
    }
}
