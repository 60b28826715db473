import Glibc

/// Installs a release under a prefix: `PREFIX/releases/V/` holds it, and `PREFIX/current` is a
/// symbolic link switched atomically (a new link renamed over the old).
///
/// The order is what makes it safe: the archive is copied into a private folder
/// (`TMPDIR/srooter-install-XXXXXX`, 0700) before anything is verified, and that copy is
/// verified and extracted (into `PREFIX/releases/.incoming-V-XXXXXX`); the extracted folder is compared entry by entry with the signed
/// manifest; the acceptance (the anti-rollback state and `PREFIX/state/trust.json`, the root of
/// trust the self-check uses) is recorded; only then is `current` switched. A failure before
/// the record leaves only the previous release; after it, the recorded release is installed
/// under `releases/` and installing it again finishes the switch.
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

    /// Verifies, extracts, records, switches `current`, then prunes to the newest `keep` releases (nil keeps all).
    public func install(keep: Int?) throws(ReleaseError) -> Outcome {
        let work = try privateFolder(template: "\(Self.temporaryFolder)/srooter-install-XXXXXX", in: Self.temporaryFolder)
        defer { TreeRemoval.remove(work) }
        let copy = "\(work)/\(PathName.base(of: verifier.archive))"
        try ArchiveCopy.make(of: verifier.archive, at: copy, limit: verifier.options.limits.maxArchiveBytes)
        let checked = verifier.reading(copy)
        let verified = try checked.verifyKeepingDocuments()
        let manifest = verified.manifest
        let tree = ReleaseTree(manifest: manifest, manifestBytes: verified.manifestBytes, signatureBytes: verified.signatureBytes)

        let releases = "\(prefix)/releases"
        for folder in [prefix, releases] where mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw .file(.unwritable(path: folder, reason: FileError.reason(errno)))
        }
        let target = "\(releases)/\(manifest.version)"
        var extracted = false
        if FileReader.exists(target) {
            // Only a folder identical to the verified release is reused (a switch that failed earlier).
            do { try tree.check(target, label: verifier.archive, hashing: .full) } catch {
                throw .unusableInput("\(target) already exists and differs from this release (\(error.singleLine)); remove it first")
            }
        } else {
            let incoming = try privateFolder(template: "\(releases)/.incoming-\(manifest.version)-XXXXXX", in: releases)
            do throws(ReleaseError) {
                let reader = TarballReader(archivePath: copy, limits: verifier.options.limits, label: verifier.archive)
                try ReleaseExtractor(reader: reader, tree: tree).extract(into: incoming)
                guard rename(incoming, target) == 0 else {
                    throw ReleaseError.file(.unwritable(path: target, reason: FileError.reason(errno)))
                }
            } catch {
                TreeRemoval.remove(incoming)
                throw error
            }
            extracted = true
        }
        // Acceptance first, then the switch: a failure from here on never leaves `current` on a
        // release the state does not name.
        do { try checked.recordAcceptance(manifest) } catch {
            if extracted { TreeRemoval.remove(target) }
            throw error
        }
        let pinned = try PinnedTrust(trust: verifier.options.trust, version: manifest.version, sequence: manifest.sequence)
        try pinned.save(prefix: prefix)
        try switchCurrent(to: "releases/\(manifest.version)")
        let pruned = keep.map { prune(releases, keep: $0, current: manifest.version) } ?? []
        return Outcome(report: verified.report, releaseDir: target, pruned: pruned)
    }

    /// Where the private copy of the archive is made: `TMPDIR`, else `/tmp`.
    static var temporaryFolder: String {
        if let value = getenv("TMPDIR"), value.pointee != 0 { return String(cString: value) }
        return "/tmp"
    }

    /// A new folder from `template` (mode 0700, from `mkdtemp`).
    private func privateFolder(template text: String, in parent: String) throws(ReleaseError) -> String {
        var template = Array(text.utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) } != nil
        }
        guard made else { throw .file(.unwritable(path: parent, reason: FileError.reason(errno))) }
        return template.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { String(cString: $0) } ?? text }
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
            throw .file(.unwritable(path: link, reason: "\(FileError.reason(code)); \(relativeTarget) is installed and accepted, install it again to switch"))
        }
    }

    /// Removes all but the newest `keep` releases (by version), never the current one.
    private func prune(_ releases: String, keep: Int, current: String) -> [String] {
        guard let directory = opendir(releases) else { return [] }
        var versions: [(SemanticVersion, String)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
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
