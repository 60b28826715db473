import Glibc

/// The check `srooter serve` runs before it listens: the running executable must be the binary
/// that the release folder it was installed from signed.
///
/// The executable is `RELEASE/bin/srooter`; `RELEASE/release.json` must carry a valid signature
/// by a key in `RELEASE/keys/` (the trust folder shipped in the release, itself covered by the
/// manifest and verified at install time), and the executable's size and SHA-256 must match
/// the manifest's `bin/srooter` entry.
public enum SelfCheck {
    /// What the self-check established.
    public struct Result: Sendable, Equatable {
        public let releaseDir: String
        public let version: String
        public let signer: String
        public let sha256: String
    }

    /// Checks the executable at `executable` (default: this process, `/proc/self/exe`).
    public static func run(executable: String = "/proc/self/exe") throws(ReleaseError) -> Result {
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
        let manifest: ReleaseManifest
        let signer: VerifiedSignature
        do {
            let bytes = try FileReader.read(manifestPath, limit: ReleaseManifest.maxBytes)
            let signatureFile = "\(releaseDir)/\(ReleaseManifest.signatureName)"
            let signature = try MinisignSignature(contentsOf: signatureFile)
            let trust = try TrustStore(directory: "\(releaseDir)/\(ReleaseLayout.trustDir)")
            signer = try SignatureVerifier.verify(
                .bytes(bytes, name: manifestPath), signature: signature, signatureFile: signatureFile, trust: trust)
            manifest = try StableJSON.decode(ReleaseManifest.self, from: bytes)
        } catch let error as SrooterError {
            throw .selfCheckFailed(reason: error.singleLine)
        } catch {
            throw .selfCheckFailed(reason: "\(manifestPath): unreadable")
        }
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
        return Result(releaseDir: releaseDir, version: manifest.version, signer: signer.keyID.hex, sha256: digest)
    }
}
