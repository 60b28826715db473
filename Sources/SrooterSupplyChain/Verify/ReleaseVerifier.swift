/// The full check a person runs before deploying a release archive, in this order:
/// 1. the archive's signature against the trust folder (revocations honoured), before reading inside;
/// 2. size and entry limits while streaming it, then `release.json`'s signature, and its trusted
///    comment agreeing with it;
/// 3. every file's size and hashes against the manifest, nothing extra, nothing missing;
/// 4. the SBOM valid and naming the binary's SHA-256, the pins agreeing with its components;
/// 5. the provenance envelope's signature and subjects;
/// 6. not expired, and not older than what this machine accepted (unless allowed).
public struct ReleaseVerifier {
    /// How to verify.
    public struct Options: Sendable {
        public var trust: TrustStore
        /// The archive's signature (default: ARCHIVE.minisig).
        public var signatureFile: String?
        /// Where the anti-rollback state lives; nil skips the rollback check and records nothing.
        public var stateDir: String?
        public var allowDowngrade: Bool
        /// Unix seconds to judge expiry by.
        public var now: Int64
        public var limits: TarballLimits
        /// OSV databases to scan the release's SBOM against; empty skips the scan.
        public var scanDatabases: [String]
        /// The severity at or above which an unsuppressed finding fails verification.
        public var failOn: Severity

        public init(
            trust: TrustStore, signatureFile: String? = nil, stateDir: String? = InstallState.defaultDirectory,
            allowDowngrade: Bool = false, now: Int64, limits: TarballLimits = .release,
            scanDatabases: [String] = [], failOn: Severity = .high
        ) {
            self.scanDatabases = scanDatabases
            self.failOn = failOn
            self.trust = trust
            self.signatureFile = signatureFile
            self.stateDir = stateDir
            self.allowDowngrade = allowDowngrade
            self.now = now
            self.limits = limits
        }
    }

    let archive: String
    let options: Options

    public init(archive: String, options: Options) {
        self.archive = archive
        self.options = options
    }

    /// Runs every check; the manifest is returned for installation.
    public func verify() throws(ReleaseError) -> (report: ReleaseReport, manifest: ReleaseManifest) {
        var checks: [String] = []
        // 1. The archive's signature, before anything inside it is read.
        let signatureFile = options.signatureFile ?? "\(archive).minisig"
        let outer = try signature { () throws(SigningError) in
            let signature = try MinisignSignature(contentsOf: signatureFile)
            return try SignatureVerifier.verify(.file(archive), signature: signature, signatureFile: signatureFile, trust: options.trust)
        }
        checks.append("archive signature by \(outer.keyID.hex)")

        // 2. Limits while streaming, then the manifest's own signature before parsing it.
        let contents = try ReleaseContents.read(TarballReader(archivePath: archive, limits: options.limits), archive: archive)
        checks.append("archive limits and entries")
        let manifest = try openManifest(contents, archiveSigner: outer)
        checks.append("release.json signature and trusted comment")

        // 3. Files against the manifest.
        try matchFiles(contents, manifest)
        checks.append("\(manifest.files.count) files match release.json")

        // 4. SBOM and pins.
        let binary = contents.digests[ReleaseLayout.binary]?.sha256 ?? ""
        let components = try checkSBOM(contents, binarySHA256: binary)
        checks.append("SBOM valid, names the binary, agrees with pins")

        // 5. Provenance.
        try checkProvenance(contents, manifest)
        checks.append("provenance signature and subjects")

        // 6. Expiry and rollback.
        guard let expires = RFC3339.seconds(manifest.expires), RFC3339.seconds(manifest.released) != nil else {
            throw .badManifest(archive: archive, reason: "released or expires is not an RFC 3339 time")
        }
        if options.now >= expires { throw .expired(archive: archive, expires: manifest.expires) }
        try checkRollback(manifest)
        checks.append("not expired, not a rollback")

        // With --scan-db: no known vulnerabilities at or above the threshold.
        if !options.scanDatabases.isEmpty {
            try scan(contents)
            checks.append("no known vulnerabilities at or above \(options.failOn)")
        }

        let report = ReleaseReport(
            archive: archive, product: manifest.product, version: manifest.version, sequence: manifest.sequence,
            signer: outer.keyID.hex, signerKeyFile: outer.keyFile, released: manifest.released,
            expires: manifest.expires, files: manifest.files.count, components: components, binarySHA256: binary,
            checks: checks)
        return (report, manifest)
    }

    /// Records the release as accepted (after a successful verification).
    public func recordAcceptance(_ manifest: ReleaseManifest) throws(ReleaseError) {
        guard let stateDir = options.stateDir else { return }
        let current = try InstallState.load(from: stateDir)
        if let current, !current.admits(version: manifest.version, sequence: manifest.sequence) { return }
        try InstallState(version: manifest.version, sequence: manifest.sequence).save(to: stateDir)
    }

    private func openManifest(_ contents: ReleaseContents, archiveSigner: VerifiedSignature) throws(ReleaseError) -> ReleaseManifest {
        guard let bytes = contents.documents[ReleaseManifest.fileName],
            let signatureBytes = contents.documents[ReleaseManifest.signatureName]
        else { throw .badManifest(archive: archive, reason: "release.json or its signature is missing") }
        guard bytes.count <= ReleaseManifest.maxBytes else {
            throw .limitExceeded(archive: archive, reason: "release.json is larger than \(ReleaseManifest.maxBytes) bytes")
        }
        let verified = try signature { () throws(SigningError) in
            let signature = try MinisignSignature(fileBytes: signatureBytes, file: ReleaseManifest.signatureName)
            return try SignatureVerifier.verify(
                .bytes(bytes, name: ReleaseManifest.fileName), signature: signature,
                signatureFile: ReleaseManifest.signatureName, trust: options.trust)
        }
        let manifest: ReleaseManifest
        do { manifest = try StableJSON.decode(ReleaseManifest.self, from: bytes) } catch {
            throw .badManifest(archive: archive, reason: error.reason)
        }
        if manifest.format > ReleaseManifest.currentFormat {
            throw .badManifest(archive: archive, reason: "format \(manifest.format) is newer than this srooter reads (\(ReleaseManifest.currentFormat))")
        }
        let fields = ReleaseManifest.commentFields(verified.trustedComment)
        guard fields["file"] == ReleaseManifest.fileName, fields["version"] == manifest.version,
            fields["seq"] == String(manifest.sequence)
        else { throw .badManifest(archive: archive, reason: "the signed comment \"\(verified.trustedComment)\" does not match version \(manifest.version) seq \(manifest.sequence)") }
        guard manifest.signer == verified.keyID.hex, verified.keyID == archiveSigner.keyID else {
            throw .badManifest(archive: archive, reason: "signed by key \(verified.keyID.hex), but the archive by \(archiveSigner.keyID.hex)")
        }
        guard contents.topFolder == ReleaseLayout.topFolder(version: manifest.version) else {
            throw .badManifest(archive: archive, reason: "version \(manifest.version) does not match the archive's folder \(contents.topFolder ?? "")")
        }
        if let labelled = ReleaseManifest.commentFields(archiveSigner.trustedComment)["version"], labelled != manifest.version {
            throw .badManifest(archive: archive, reason: "version \(manifest.version), but the archive was signed as version \(labelled)")
        }
        return manifest
    }

    private func matchFiles(_ contents: ReleaseContents, _ manifest: ReleaseManifest) throws(ReleaseError) {
        var unlisted = Set(contents.digests.keys)
        unlisted.remove(ReleaseManifest.fileName)
        unlisted.remove(ReleaseManifest.signatureName)
        for file in manifest.files {
            guard let seen = contents.digests[file.path] else {
                throw .manifestMismatch(archive: archive, reason: "\(file.path) is listed but missing")
            }
            unlisted.remove(file.path)
            if seen.size != file.size {
                throw .manifestMismatch(archive: archive, reason: "\(file.path) is \(seen.size) bytes, release.json says \(file.size)")
            }
            if seen.sha256 != file.sha256 || seen.blake2b512 != file.blake2b512 {
                throw .manifestMismatch(archive: archive, reason: "\(file.path) has different hashes than release.json lists")
            }
            if let mode = contents.modes[file.path], UInt32(file.mode, radix: 8) != mode {
                throw .manifestMismatch(archive: archive, reason: "\(file.path) has mode \(String(mode, radix: 8)), release.json says \(file.mode)")
            }
        }
        if let extra = unlisted.sorted().first {
            throw .manifestMismatch(archive: archive, reason: "\(extra) is in the archive but not in release.json")
        }
        guard manifest.file(ReleaseLayout.binary) != nil else {
            throw .badManifest(archive: archive, reason: "\(ReleaseLayout.binary) is not listed")
        }
    }

    private func checkSBOM(_ contents: ReleaseContents, binarySHA256: String) throws(ReleaseError) -> Int {
        guard let sbomBytes = contents.documents[ReleaseLayout.sbom], let pinsBytes = contents.documents[ReleaseLayout.pins] else {
            throw .badSBOM(archive: archive, reason: "the SBOM or pins file is missing")
        }
        let document: JSONValue
        do { document = try StableJSON.decode(JSONValue.self, from: sbomBytes) } catch {
            throw .badSBOM(archive: archive, reason: "\(ReleaseLayout.sbom) is not JSON: \(error.reason)")
        }
        let problems = SBOMValidator.validate(document)
        if let first = problems.first {
            throw .badSBOM(archive: archive, reason: "\(problems.count) problems; first: \(first)")
        }
        guard ReleaseChecks.sbomBinaryHashes(document).contains(binarySHA256) else {
            throw .badSBOM(archive: archive, reason: "the SBOM does not name the binary's SHA-256 \(binarySHA256)")
        }
        let pins: PinsManifest
        do { pins = try PinsManifest(bytes: pinsBytes, path: ReleaseLayout.pins) } catch {
            throw .badSBOM(archive: archive, reason: error.singleLine)
        }
        if let disagreement = ReleaseChecks.pinsDisagreements(pins, sbom: document).first {
            throw .badSBOM(archive: archive, reason: disagreement)
        }
        return document["components"]?.array?.count ?? 0
    }

    private func checkProvenance(_ contents: ReleaseContents, _ manifest: ReleaseManifest) throws(ReleaseError) {
        guard let bytes = contents.documents[Provenance.fileName] else {
            throw .badProvenance(archive: archive, reason: "\(Provenance.fileName) is missing")
        }
        guard let envelope = try? StableJSON.decode(Provenance.Envelope.self, from: bytes) else {
            throw .badProvenance(archive: archive, reason: "not a DSSE envelope")
        }
        guard let signer = KeyID(hex: Substring(manifest.signer)),
            let (_, key) = try? options.trust.key(for: signer, signatureFile: Provenance.fileName),
            let statement = Provenance.open(envelope, key: key)
        else { throw .badProvenance(archive: archive, reason: "the envelope's signature does not verify with the release key") }
        let expected = [
            ReleaseLayout.binary: contents.digests[ReleaseLayout.binary]?.sha256,
            ReleaseLayout.sbom: contents.digests[ReleaseLayout.sbom]?.sha256,
        ]
        for (name, digest) in expected {
            guard let digest, statement.subject.contains(where: { $0.name == name && $0.digest["sha256"] == digest }) else {
                throw .badProvenance(archive: archive, reason: "no subject \(name) with the archive's SHA-256")
            }
        }
    }

    private func scan(_ contents: ReleaseContents) throws(ReleaseError) {
        do {
            let sbom = try ScannedComponent.load(bytes: contents.documents[ReleaseLayout.sbom] ?? [], path: ReleaseLayout.sbom)
            let database = try AdvisoryDatabase.load(options.scanDatabases, for: sbom.components)
            let report = Scanner(index: AdvisoryIndex(database.advisories), now: options.now).scan(sbom.components)
            let failing = report.failing(at: options.failOn)
            if let first = failing.first {
                throw ReleaseError.vulnerable(
                    archive: archive, count: failing.count, threshold: "\(options.failOn)",
                    example: "\(first.id) in \(first.component.name) \(first.component.version ?? "")")
            }
        } catch let error as ReleaseError {
            throw error
        } catch let error as ScanError {
            throw .unusableInput(error.singleLine)
        } catch {
            throw .unusableInput("\(error)")
        }
    }

    private func checkRollback(_ manifest: ReleaseManifest) throws(ReleaseError) {
        guard let stateDir = options.stateDir, !options.allowDowngrade,
            let accepted = try InstallState.load(from: stateDir)
        else { return }
        if !accepted.admits(version: manifest.version, sequence: manifest.sequence) {
            throw .downgrade(
                archive: archive, offered: "\(manifest.version) (seq \(manifest.sequence))",
                accepted: "\(accepted.version) (seq \(accepted.sequence))")
        }
    }

    private func signature(_ body: () throws(SigningError) -> VerifiedSignature) throws(ReleaseError) -> VerifiedSignature {
        do { return try body() } catch { throw .signature(error) }
    }
}
