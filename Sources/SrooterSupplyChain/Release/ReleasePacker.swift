import Glibc

/// Builds a signed, reproducible release into an output folder:
/// `srooter-V-linux-ARCH.tar.gz` (+ `.minisig`), `SHA256SUMS` (+ `.minisig`).
///
/// The archive holds `srooter-V/` with the binary, README, LICENSE, the SBOM and pins, the
/// signer's public key (the self-check's trust folder), the DSSE-signed provenance, and the
/// signed `release.json` that lists all of them. With the same inputs and `sourceDateEpoch`,
/// packing twice gives byte-identical archives.
public struct ReleasePacker {
    /// What goes into the release.
    public struct Inputs: Sendable {
        public var version: String
        public var binary: String
        public var sbom: String
        public var pins: String
        public var readme: String
        public var license: String
        public var outputDir: String
        /// Seconds since the epoch for `released`, file mtimes and the default sequence;
        /// `SOURCE_DATE_EPOCH` when set, else now.
        public var sourceDateEpoch: Int64
        /// Defaults to `sourceDateEpoch`, which grows with every release.
        public var sequence: UInt64?
        public var expiresInDays: Int
        public var swiftVersion: String

        public init(
            version: String, binary: String, sbom: String, pins: String, readme: String, license: String,
            outputDir: String, sourceDateEpoch: Int64, sequence: UInt64? = nil, expiresInDays: Int = 365,
            swiftVersion: String
        ) {
            self.version = version
            self.binary = binary
            self.sbom = sbom
            self.pins = pins
            self.readme = readme
            self.license = license
            self.outputDir = outputDir
            self.sourceDateEpoch = sourceDateEpoch
            self.sequence = sequence
            self.expiresInDays = expiresInDays
            self.swiftVersion = swiftVersion
        }
    }

    /// The files written.
    public struct Output: Sendable {
        public let archive: String
        public let archiveSignature: String
        public let checksums: String
        public let checksumsSignature: String
        public let manifest: ReleaseManifest
    }

    let inputs: Inputs
    let key: MinisignSecretKey

    public init(inputs: Inputs, key: MinisignSecretKey) {
        self.inputs = inputs
        self.key = key
    }

    /// Packs and signs the release; on failure nothing is left in the output folder.
    public func pack() throws(ReleaseError) -> Output {
        if let problem = ReleaseManifest.versionProblem(inputs.version) { throw .unusableInput("--version: \(problem)") }
        guard inputs.expiresInDays > 0 else { throw .unusableInput("--expires-in-days must be positive") }
        try checkSBOMNamesBinary()
        let pins: PinsManifest
        do { pins = try PinsManifest(contentsOf: inputs.pins) } catch { throw .unusableInput(error.singleLine) }

        let staging = try ReleaseStaging(outputDir: inputs.outputDir)
        defer { staging.remove() }
        try staging.write(key.publicKey.fileText, as: "release.pub")

        let statement = provenanceStatement(
            binary: try digests(inputs.binary), sbom: try digests(inputs.sbom), pins: pins)
        let envelope = try Provenance.envelope(for: statement, key: key)
        try staging.write(try encode(envelope), as: Provenance.fileName)

        var items: [(path: String, source: String, executable: Bool)] = [
            (ReleaseLayout.binary, inputs.binary, true),
            (ReleaseLayout.readme, inputs.readme, false),
            (ReleaseLayout.license, inputs.license, false),
            (ReleaseLayout.sbom, inputs.sbom, false),
            (ReleaseLayout.pins, inputs.pins, false),
            (ReleaseLayout.signerKey, staging.path("release.pub"), false),
            (Provenance.fileName, staging.path(Provenance.fileName), false),
        ]
        var files: [ReleaseManifest.File] = []
        for item in items {
            let digest = try digests(item.source)
            files.append(.init(
                path: item.path, size: digest.size, mode: item.executable ? "0755" : "0644",
                sha256: digest.sha256, blake2b512: digest.blake2b512))
        }
        files.sort { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
        let released = inputs.sourceDateEpoch
        let manifest = ReleaseManifest(
            format: ReleaseManifest.currentFormat, product: "srooter", version: inputs.version,
            sequence: inputs.sequence ?? UInt64(max(released, 0)), released: RFC3339.format(released),
            expires: RFC3339.format(released + Int64(inputs.expiresInDays) * 86_400), signer: key.keyID.hex,
            files: files,
            sbom: .init(path: ReleaseLayout.sbom, sha256: files.first { $0.path == ReleaseLayout.sbom }?.sha256 ?? ""),
            provenance: .init(
                path: Provenance.fileName, sha256: files.first { $0.path == Provenance.fileName }?.sha256 ?? ""))
        let manifestBytes = try encode(manifest)
        try staging.write(manifestBytes, as: ReleaseManifest.fileName)
        let manifestSignature = try signed { () throws(SigningError) in
            try FileSigner.sign(bytes: manifestBytes, with: key, trustedComment: manifest.trustedComment, name: ReleaseManifest.fileName)
        }
        try staging.write(manifestSignature.fileText, as: ReleaseManifest.signatureName)
        items.append((ReleaseManifest.fileName, staging.path(ReleaseManifest.fileName), false))
        items.append((ReleaseManifest.signatureName, staging.path(ReleaseManifest.signatureName), false))

        let top = ReleaseLayout.topFolder(version: inputs.version)
        let archiveName = ReleaseLayout.archiveName(version: inputs.version)
        let stagedArchive = staging.path(archiveName)
        try TarballWriter.write(
            items.map { .init(path: "\(top)/\($0.path)", source: $0.source, executable: $0.executable) },
            to: stagedArchive, mtime: released)
        let archiveSignature = try signed { () throws(SigningError) in
            try FileSigner.sign(
                file: stagedArchive, with: key,
                trustedComment: FileSigner.defaultTrustedComment(forFile: archiveName, timestamp: Int(released), versionLabel: inputs.version))
        }
        try staging.write(archiveSignature.fileText, as: "\(archiveName).minisig")
        let sums = "\(try digests(stagedArchive).sha256)  \(archiveName)\n"
        try staging.write(sums, as: ReleaseLayout.checksums)
        let sumsSignature = try signed { () throws(SigningError) in
            try FileSigner.sign(
                bytes: Array(sums.utf8), with: key,
                trustedComment: FileSigner.defaultTrustedComment(forFile: ReleaseLayout.checksums, timestamp: Int(released), versionLabel: inputs.version),
                name: ReleaseLayout.checksums)
        }
        try staging.write(sumsSignature.fileText, as: "\(ReleaseLayout.checksums).minisig")

        let published = [archiveName, "\(archiveName).minisig", ReleaseLayout.checksums, "\(ReleaseLayout.checksums).minisig"]
        try staging.publish(published)
        let dir = inputs.outputDir
        return Output(
            archive: "\(dir)/\(archiveName)", archiveSignature: "\(dir)/\(archiveName).minisig",
            checksums: "\(dir)/\(ReleaseLayout.checksums)", checksumsSignature: "\(dir)/\(ReleaseLayout.checksums).minisig",
            manifest: manifest)
    }

    private func checkSBOMNamesBinary() throws(ReleaseError) {
        let document: JSONValue
        do { document = try SBOMFile.read(inputs.sbom) } catch { throw .unusableInput(error.singleLine) }
        let problems = SBOMValidator.validate(document)
        if let first = problems.first {
            throw .unusableInput("\(inputs.sbom): not a valid SBOM (\(problems.count) problems; first: \(first))")
        }
        let binary = try digests(inputs.binary)
        guard ReleaseChecks.sbomBinaryHashes(document).contains(binary.sha256) else {
            throw .unusableInput("\(inputs.sbom): does not name the SHA-256 of \(inputs.binary); generate it with --binary \(inputs.binary)")
        }
    }

    private func provenanceStatement(binary: FileDigests, sbom: FileDigests, pins: PinsManifest) -> Provenance.Statement {
        let dependencies = pins.swiftPackages.map { pin in
            Provenance.Dependency(
                uri: "git+\(pin.url)@\(pin.version ?? pin.revision)", name: pin.identity,
                digest: ["gitCommit": pin.revision, "gitTree": pin.treeHash])
        }
        return Provenance.Statement(
            _type: Provenance.statementType,
            subject: [
                .init(name: ReleaseLayout.binary, digest: ["sha256": binary.sha256]),
                .init(name: ReleaseLayout.sbom, digest: ["sha256": sbom.sha256]),
            ],
            predicateType: Provenance.predicateType,
            predicate: .init(
                buildDefinition: .init(
                    buildType: Provenance.buildType,
                    externalParameters: ["version": inputs.version],
                    internalParameters: ["swiftVersion": inputs.swiftVersion, "SOURCE_DATE_EPOCH": String(inputs.sourceDateEpoch)],
                    resolvedDependencies: dependencies),
                runDetails: .init(builder: .init(id: Provenance.builderID))))
    }

    private func digests(_ path: String) throws(ReleaseError) -> FileDigests {
        do { return try FileDigests.of(file: path) } catch { throw .file(error) }
    }

    private func encode<Value: Encodable>(_ value: Value) throws(ReleaseError) -> [UInt8] {
        do { return try StableJSON.encode(value) } catch { throw .unusableInput("cannot encode JSON: \(error.reason)") }
    }

    private func signed(_ body: () throws(SigningError) -> MinisignSignature) throws(ReleaseError) -> MinisignSignature {
        do { return try body() } catch { throw .signature(error) }
    }
}
