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
        /// How far ahead of `now` a release's `released` time may be (clocks differ a little;
        /// a release dated further in the future would record a far-future sequence).
        public var maxClockSkew: Int64 = 3600
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

    /// The archive as the user named it, in every message.
    let archive: String
    /// The file whose bytes are verified: the archive itself, or a private copy of it.
    let source: String
    let options: Options

    public init(archive: String, options: Options) {
        self.init(archive: archive, source: archive, options: options)
    }

    /// Verifies the bytes of `source` (a private copy) while naming `archive` in messages.
    public init(archive: String, source: String, options: Options) {
        self.archive = archive
        self.source = source
        self.options = options
    }

    /// The same verification, reading the bytes of `copy` instead.
    public func reading(_ copy: String) -> ReleaseVerifier { ReleaseVerifier(archive: archive, source: copy, options: options) }

    /// What verification establishes: the report, and for installation the manifest and the
    /// exact bytes of `release.json` and its signature that were verified.
    public struct Verified: Sendable {
        public let report: ReleaseReport
        public let manifest: ReleaseManifest
        let manifestBytes: [UInt8]
        let signatureBytes: [UInt8]
    }

    /// Runs every check; the manifest is returned for installation.
    public func verify() throws(ReleaseError) -> (report: ReleaseReport, manifest: ReleaseManifest) {
        let verified = try verifyKeepingDocuments()
        return (verified.report, verified.manifest)
    }

    /// Runs every check and keeps the verified `release.json` bytes.
    public func verifyKeepingDocuments() throws(ReleaseError) -> Verified {
        var checks: [String] = []
        // 1. The archive's signature, before anything inside it is read.
        let signatureFile = options.signatureFile ?? "\(archive).minisig"
        let outer = try signature { () throws(SigningError) in
            let signature = try MinisignSignature(contentsOf: signatureFile)
            return try SignatureVerifier.verify(.file(source), signature: signature, signatureFile: signatureFile, trust: options.trust)
        }
        checks.append("archive signature by \(outer.keyID.hex)")

        // 2. Limits while streaming, then the manifest's own signature before parsing it.
        let contents = try ReleaseContents.read(
            TarballReader(archivePath: source, limits: options.limits, label: archive), archive: archive)
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
        if let released = RFC3339.seconds(manifest.released), released > options.now + options.maxClockSkew {
            throw .badManifest(
                archive: archive,
                reason: "released \(manifest.released) is more than \(options.maxClockSkew) s ahead of this machine's clock (--max-clock-skew)")
        }
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
        return Verified(
            report: report, manifest: manifest, manifestBytes: contents.documents[ReleaseManifest.fileName] ?? [],
            signatureBytes: contents.documents[ReleaseManifest.signatureName] ?? [])
    }

    /// Records the release as accepted (after a successful verification), under the state
    /// folder's lock. When a newer release was recorded meanwhile, the record is kept and this
    /// fails as a downgrade (unless downgrades are allowed, when it only leaves the record).
    public func recordAcceptance(_ manifest: ReleaseManifest) throws(ReleaseError) {
        guard let stateDir = options.stateDir else { return }
        let offered = InstallState(version: manifest.version, sequence: manifest.sequence)
        if try !InstallState.record(offered, in: stateDir), !options.allowDowngrade {
            let accepted = try InstallState.load(from: stateDir)
            throw .downgrade(
                archive: archive, offered: "\(manifest.version) (seq \(manifest.sequence))",
                accepted: accepted.map { "\($0.version) (seq \($0.sequence))" } ?? "a newer release")
        }
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
        do { manifest = try StableJSON.decodeStrict(ReleaseManifest.self, from: bytes) } catch {
            throw .badManifest(archive: archive, reason: error.reason)
        }
        if let problem = ReleaseManifest.versionProblem(manifest.version) {
            throw .badManifest(archive: archive, reason: problem)
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
            guard file.mode == "0755" || file.mode == "0644" else {
                throw .badManifest(archive: archive, reason: "\(file.path) has mode \(file.mode); release files are 0755 or 0644")
            }
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
        for name in [ReleaseManifest.fileName, ReleaseManifest.signatureName] where contents.modes[name] != 0o644 {
            throw .manifestMismatch(archive: archive, reason: "\(name) has mode \(String(contents.modes[name] ?? 0, radix: 8)), not 0644")
        }
        let tree = ReleaseTree(manifest: manifest, manifestBytes: [], signatureBytes: [])
        let expected = tree.expected
        for (folder, mode) in contents.folders.sorted(by: { $0.key < $1.key }) {
            guard folder.isEmpty || expected[folder]?.isDirectory == true else {
                throw .manifestMismatch(archive: archive, reason: "folder \(folder) is in the archive but release.json lists nothing in it")
            }
            guard mode == 0o755 else {
                throw .manifestMismatch(archive: archive, reason: "folder \(folder.isEmpty ? contents.topFolder ?? "" : folder) has mode \(String(mode, radix: 8)), not 755")
            }
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
        do { document = try StableJSON.decodeStrict(JSONValue.self, from: sbomBytes) } catch {
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
        let envelope: Provenance.Envelope
        do { envelope = try StableJSON.decodeStrict(Provenance.Envelope.self, from: bytes) } catch {
            throw .badProvenance(archive: archive, reason: "not a DSSE envelope: \(error.reason)")
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
            if let first = database.malformed.first {
                throw ReleaseError.unusableInput(
                    "\(database.malformed.count) advisory files are not valid OSV (first: \(first.file): \(first.reason)); the scan cannot vouch for the release")
            }
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
