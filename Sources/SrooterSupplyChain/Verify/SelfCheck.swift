import Glibc
import SrooterEncoding

/// The check `srooter serve` runs before it listens (and `srooter verify --self`): the running
/// executable must be the binary of a release that this installation accepted, judged only by
/// a root of trust outside the release folder.
///
/// The executable is `PREFIX/releases/V/bin/srooter`. `PREFIX/state/trust.json` (written by
/// `install`, outside `releases/`) pins the trusted keys and the accepted release. The release's
/// `release.json` must carry a valid signature by a key that is both pinned and present, with
/// the same bytes, in the operator's trust folder (revocations in that folder honoured); the
/// keys shipped inside the release are never used. The release must not be older than the
/// accepted one, every entry of its folder must match the manifest (``ReleaseTree``), and the
/// executable's size and SHA-256 must match the manifest's `bin/srooter` entry.
public enum SelfCheck {
    /// What the self-check established.
    public struct Result: Sendable, Equatable {
        public let releaseDir: String
        public let version: String
        public let signer: String
        public let sha256: String
        public let trustDir: String
    }

    /// Checks the executable at `executable` (default: this process, `/proc/self/exe`).
    /// - Parameter trustDir: the operator's trust folder (`--trust-dir`, the configuration's
    ///   `trust_dir`); nil uses the one pinned at install, else ``PinnedTrust/systemTrustDir``.
    public static func run(executable: String = "/proc/self/exe", trustDir: String? = nil) throws(ReleaseError) -> Result {
        guard let resolved = realpath(executable, nil) else {
            throw .selfCheckFailed(reason: "cannot resolve \(executable): \(FileError.reason(errno))")
        }
        let path = String(cString: resolved)
        free(resolved)
        let releaseDir = PathName.directory(of: PathName.directory(of: path))
        let manifestPath = "\(releaseDir)/\(ReleaseManifest.fileName)"
        guard FileReader.exists(manifestPath) else {
            throw .selfCheckFailed(reason: "\(path) does not run from a release folder (no \(manifestPath)); a development build needs --allow-unverified")
        }
        let releases = PathName.directory(of: releaseDir)
        let prefix = PathName.directory(of: releases)
        let pinHint = "pin one with `srooter install ARCHIVE --prefix PREFIX --trust-dir KEYS` (it writes PREFIX/\(PinnedTrust.folderName)/\(PinnedTrust.fileName))"
        guard PathName.base(of: releases) == "releases" else {
            throw .selfCheckFailed(reason: "\(releaseDir) is not under an installation's releases/ folder, so there is no trust root outside it; \(pinHint)")
        }
        let pinned: PinnedTrust
        do throws(ReleaseError) {
            guard let loaded = try PinnedTrust.load(prefix: prefix) else {
                throw ReleaseError.selfCheckFailed(reason: "no trust root outside the release folder (no \(PinnedTrust.path(prefix: prefix))); \(pinHint)")
            }
            pinned = loaded
        } catch {
            if case .selfCheckFailed = error { throw error }
            throw .selfCheckFailed(reason: error.singleLine)
        }
        let folder = try trustFolder(explicit: trustDir, pinned: pinned, releases: releases)

        let manifest: ReleaseManifest
        let manifestBytes: [UInt8]
        let signatureBytes: [UInt8]
        let signer: VerifiedSignature
        do {
            manifestBytes = try FileReader.read(manifestPath, limit: ReleaseManifest.maxBytes)
            let signatureFile = "\(releaseDir)/\(ReleaseManifest.signatureName)"
            signatureBytes = try FileReader.read(signatureFile, limit: 4096)
            let signature = try MinisignSignature(fileBytes: signatureBytes, file: signatureFile)
            let trust = try TrustStore(directory: folder)
            let key = try pinnedKey(for: signature.keyID, trust: trust, pinned: pinned, prefix: prefix, signatureFile: signatureFile)
            signer = try SignatureVerifier.verify(
                .bytes(manifestBytes, name: manifestPath), signature: signature, signatureFile: signatureFile,
                key: key.key, keyFile: key.file)
            manifest = try StableJSON.decodeStrict(ReleaseManifest.self, from: manifestBytes)
        } catch let error as ReleaseError {
            if case .selfCheckFailed = error { throw error }
            throw .selfCheckFailed(reason: error.singleLine)
        } catch let error as SrooterError {
            throw .selfCheckFailed(reason: error.singleLine)
        } catch let error as JSONCodingError {
            throw .selfCheckFailed(reason: "\(manifestPath): \(error.reason)")
        } catch {
            throw .selfCheckFailed(reason: "\(manifestPath): unreadable")
        }
        let fields = ReleaseManifest.commentFields(signer.trustedComment)
        guard fields["file"] == ReleaseManifest.fileName, fields["version"] == manifest.version,
            fields["seq"] == String(manifest.sequence), manifest.signer == signer.keyID.hex,
            ReleaseManifest.versionProblem(manifest.version) == nil, PathName.base(of: releaseDir) == manifest.version
        else {
            throw .selfCheckFailed(reason: "\(manifestPath): version \(manifest.version) seq \(manifest.sequence) does not agree with its signed comment \"\(signer.trustedComment)\" or its folder")
        }
        let accepted = InstallState(version: pinned.version, sequence: pinned.sequence)
        guard accepted.admits(version: manifest.version, sequence: manifest.sequence) else {
            throw .selfCheckFailed(reason: "release \(manifest.version) (seq \(manifest.sequence)) is older than \(pinned.version) (seq \(pinned.sequence)), the release this installation accepted")
        }
        do {
            try ReleaseTree(manifest: manifest, manifestBytes: manifestBytes, signatureBytes: signatureBytes)
                .check(releaseDir, label: releaseDir, hashing: .sha256ExceptBinary)
        } catch { throw .selfCheckFailed(reason: error.singleLine) }
        guard let listed = manifest.file(ReleaseLayout.binary) else {
            throw .selfCheckFailed(reason: "\(manifestPath) does not list \(ReleaseLayout.binary)")
        }
        var hasher = SHA256()
        var size: Int64 = 0
        do {
            try FileReader.stream(executable) { chunk in
                hasher.update(chunk)
                size += Int64(chunk.count)
            }
        } catch { throw .selfCheckFailed(reason: error.singleLine) }
        let digest = Hex.encode(hasher.finalize())
        guard size == listed.size, digest == listed.sha256 else {
            throw .selfCheckFailed(reason: "\(path) (SHA-256 \(digest)) is not the binary release \(manifest.version) signed (\(listed.sha256))")
        }
        return Result(releaseDir: releaseDir, version: manifest.version, signer: signer.keyID.hex, sha256: digest, trustDir: folder)
    }

    /// The trust folder to use: the one named, else the pinned one, else the system default;
    /// never one inside the installation's `releases/`.
    private static func trustFolder(explicit: String?, pinned: PinnedTrust, releases: String) throws(ReleaseError) -> String {
        let candidates = explicit.map { [$0] } ?? [pinned.trustDir, PinnedTrust.systemTrustDir]
        guard let folder = candidates.first(where: { FileReader.exists($0) }) else {
            throw .selfCheckFailed(reason: "no trust folder outside the release (tried \(candidates.joined(separator: ", "))); pass --trust-dir DIR, set trust_dir: in the configuration, or put the release key in \(PinnedTrust.systemTrustDir)")
        }
        if let real = realpath(folder, nil) {
            let resolved = String(cString: real)
            free(real)
            if resolved == releases || resolved.hasPrefix(releases + "/") {
                throw .selfCheckFailed(reason: "the trust folder \(folder) is inside \(releases); use a folder outside the releases")
            }
        }
        return folder
    }

    /// The key that signed, if it is in the trust folder, unrevoked there, and pinned with the same bytes.
    private static func pinnedKey(
        for id: KeyID, trust: TrustStore, pinned: PinnedTrust, prefix: String, signatureFile: String
    ) throws -> (file: String, key: MinisignPublicKey) {
        let (file, key) = try trust.key(for: id, signatureFile: signatureFile)
        let pins = try pinned.publicKeys(file: PinnedTrust.path(prefix: prefix))
        guard pins.contains(key) else {
            throw ReleaseError.selfCheckFailed(reason: "release.json is signed by key \(id.hex), which \(PinnedTrust.path(prefix: prefix)) does not pin; install a release signed by a pinned key")
        }
        return (file, key)
    }
}
