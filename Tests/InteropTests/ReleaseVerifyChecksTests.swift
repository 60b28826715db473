import Foundation
import SrooterSupplyChain
import SrooterTestSupport
import Testing

/// Each check inside a release archive, reached alone through the real `srooter verify`: the
/// archive is edited, and where the edit would otherwise be caught earlier (by release.json's
/// file hashes) release.json is rewritten and re-signed with the trusted release key, as a
/// compromised build pipeline could. Each refusal exits 1 with one line naming its check.
@Suite struct ReleaseVerifyChecksTests {
    static let folder = "srooter-1.0.0"
    static let archiveName = "srooter-1.0.0-linux-\(ReleaseLayout.machineArchitecture).tar.gz"

    func expectRefused(_ result: CommandResult, _ needle: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "not one line: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(needle), "\(needle) not in: \(result.stderr)", sourceLocation: sourceLocation)
    }

    /// A packed release's entries, which verify untouched.
    func packed(_ ws: ReleaseWorkspace) async throws -> [[String: Any]] {
        let archive = try await ws.pack()
        let clean = try await ws.verify(archive)
        try #require(clean.status == 0, "the untouched release must verify: \(clean.stderr)")
        return try await ws.entries(of: archive)
    }

    func index(of path: String, in entries: [[String: Any]]) throws -> Int {
        try #require(entries.firstIndex { ($0["name"] as? String) == "\(Self.folder)/\(path)" }, "\(path) not in the archive")
    }

    func bytes(of path: String, in entries: [[String: Any]]) throws -> Data {
        try #require(Data(base64Encoded: entries[try index(of: path, in: entries)]["data"] as? String ?? ""))
    }

    func replace(_ path: String, with data: Data, in entries: inout [[String: Any]]) throws {
        entries[try index(of: path, in: entries)]["data"] = data.base64EncodedString()
    }

    /// Rewrites release.json's file list (sizes and digests) for the entries as they are now and
    /// signs it with `key` (the release key by default) under the trusted comment `pack` uses.
    func reseal(_ entries: inout [[String: Any]], _ ws: ReleaseWorkspace, key: String? = nil) async throws {
        var manifest = try #require(try JSONSerialization.jsonObject(with: try bytes(of: "release.json", in: entries)) as? [String: Any])
        var files = try #require(manifest["files"] as? [[String: Any]])
        for position in files.indices {
            let path = try #require(files[position]["path"] as? String)
            guard let entry = entries.firstIndex(where: { ($0["name"] as? String) == "\(Self.folder)/\(path)" }) else { continue }
            let data = try #require(Data(base64Encoded: entries[entry]["data"] as? String ?? ""))
            let digests = FileDigests.of(bytes: Array(data))
            files[position]["size"] = digests.size
            files[position]["sha256"] = digests.sha256
            files[position]["blake2b512"] = digests.blake2b512
            for reference in ["sbom", "provenance"] {
                if var pointer = manifest[reference] as? [String: Any], pointer["path"] as? String == path {
                    pointer["sha256"] = digests.sha256
                    manifest[reference] = pointer
                }
            }
        }
        manifest["files"] = files
        let folder = ws.dir.file("reseal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = "\(folder)/release.json"
        try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys, .withoutEscapingSlashes])
            .write(to: URL(fileURLWithPath: path))
        let comment = "file:release.json version:\(manifest["version"] ?? "") seq:\(manifest["sequence"] ?? "")"
        let signed = try await CommandRunner.srooter(["sign", path, "--key", key ?? ws.key, "--trusted-comment", comment])
        try #require(signed.status == 0, "\(signed.stderr)")
        try replace("release.json", with: try Data(contentsOf: URL(fileURLWithPath: path)), in: &entries)
        try replace("release.json.minisig", with: try Data(contentsOf: URL(fileURLWithPath: path + ".minisig")), in: &entries)
    }

    /// Repacks the entries as a signed archive and verifies it.
    func verify(_ entries: [[String: Any]], _ ws: ReleaseWorkspace) async throws -> CommandResult {
        try await ws.verify(try await ws.hostileArchive(Self.archiveName, entries: entries))
    }

    @Test func aSameSizeByteChangeInTheBinaryFailsItsHash() async throws {
        let ws = try await ReleaseWorkspace()
        var entries = try await packed(ws)
        var binary = try bytes(of: ReleaseLayout.binary, in: entries)
        binary[binary.count / 2] ^= 0x01
        try replace(ReleaseLayout.binary, with: binary, in: &entries)
        expectRefused(try await verify(entries, ws), "bin/srooter has different hashes than release.json lists")
    }

    @Test func aChangedFileModeIsRefused() async throws {
        let ws = try await ReleaseWorkspace()
        var entries = try await packed(ws)
        let binary = try index(of: ReleaseLayout.binary, in: entries)
        #expect(entries[binary]["mode"] as? Int == 0o755)
        entries[binary]["mode"] = 0o700
        expectRefused(try await verify(entries, ws), "bin/srooter has mode 700, release.json says 0755")
    }

    @Test func aListedFileMissingFromTheArchiveIsRefused() async throws {
        let ws = try await ReleaseWorkspace()
        var entries = try await packed(ws)
        entries.remove(at: try index(of: "README.md", in: entries))
        expectRefused(try await verify(entries, ws), "README.md is listed but missing")
    }

    @Test func anSBOMNamingAnotherBinaryHashIsRefused() async throws {
        let ws = try await ReleaseWorkspace()
        var entries = try await packed(ws)
        let binarySHA = try await IndependentDigest.sha256Hex(file: ws.binary)
        let sbom = String(decoding: try bytes(of: ReleaseLayout.sbom, in: entries), as: UTF8.self)
        let edited = sbom.replacingOccurrences(of: binarySHA, with: String(repeating: "e", count: 64))
        #expect(edited != sbom, "the SBOM names the binary's hash")
        try replace(ReleaseLayout.sbom, with: Data(edited.utf8), in: &entries)
        try await reseal(&entries, ws)
        expectRefused(try await verify(entries, ws), "SBOM check failed: the SBOM does not name the binary's SHA-256 \(binarySHA)")
    }

    @Test func aPinAbsentFromTheSBOMIsRefused() async throws {
        let ws = try await ReleaseWorkspace()
        var entries = try await packed(ws)
        let pins = String(decoding: try bytes(of: ReleaseLayout.pins, in: entries), as: UTF8.self)
        let edited = pins.replacingOccurrences(of: "\"1.8.2\"", with: "\"1.8.3\"")
        #expect(edited != pins)
        try replace(ReleaseLayout.pins, with: Data(edited.utf8), in: &entries)
        try await reseal(&entries, ws)
        expectRefused(try await verify(entries, ws), "pin pkg:swift/github.com/apple/swift-argument-parser@1.8.3 is not among the SBOM's components")
    }

    /// The provenance envelope of the entries, and its statement decoded (without checking).
    func provenance(_ entries: [[String: Any]]) throws -> (Provenance.Envelope, Provenance.Statement) {
        let envelope = try JSONDecoder().decode(Provenance.Envelope.self, from: try bytes(of: Provenance.fileName, in: entries))
        let payload = try #require(Data(base64Encoded: envelope.payload))
        return (envelope, try JSONDecoder().decode(Provenance.Statement.self, from: payload))
    }

    func encode<Value: Encodable>(_ value: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    @Test func aChangedProvenanceStatementIsRefused() async throws {
        let ws = try await ReleaseWorkspace()
        var entries = try await packed(ws)
        var (envelope, statement) = try provenance(entries)
        statement.predicate.runDetails.builder.id = "urn:attacker:laptop"
        envelope.payload = try encode(statement).base64EncodedString()
        try replace(Provenance.fileName, with: try encode(envelope), in: &entries)
        try await reseal(&entries, ws)
        expectRefused(try await verify(entries, ws), "provenance check failed: the envelope's signature does not verify with the release key")
    }

    @Test func provenanceSignedByAnotherKeyIsRefused() async throws {
        let ws = try await ReleaseWorkspace()
        var entries = try await packed(ws)
        let (original, statement) = try provenance(entries)
        // Signed by another key, but naming the release key's id, as a forger would.
        var forged = try Provenance.envelope(for: statement, key: MinisignSecretKey.generate())
        forged.signatures[0].keyid = try #require(original.signatures.first?.keyid)
        try replace(Provenance.fileName, with: try encode(forged), in: &entries)
        try await reseal(&entries, ws)
        expectRefused(try await verify(entries, ws), "provenance check failed: the envelope's signature does not verify with the release key")
    }

    @Test func provenanceWhoseSubjectIsAnotherBinaryIsRefused() async throws {
        let ws = try await ReleaseWorkspace()
        var entries = try await packed(ws)
        var (_, statement) = try provenance(entries)
        let subject = try #require(statement.subject.firstIndex { $0.name == ReleaseLayout.binary })
        statement.subject[subject].digest["sha256"] = String(repeating: "e", count: 64)
        let releaseKey = try MinisignSecretKey(contentsOf: ws.key) { () throws(SigningError) in [] }
        try replace(Provenance.fileName, with: try encode(try Provenance.envelope(for: statement, key: releaseKey)), in: &entries)
        try await reseal(&entries, ws)
        expectRefused(try await verify(entries, ws), "provenance check failed: no subject bin/srooter with the archive's SHA-256")
    }

    @Test func anEditedReleaseJSONFailsItsSignature() async throws {
        let ws = try await ReleaseWorkspace()
        var entries = try await packed(ws)
        let manifest = String(decoding: try bytes(of: "release.json", in: entries), as: UTF8.self)
        let expires = try #require(manifest.firstRange(of: #/"expires" *: *"[0-9]{4}/#))
        let edited = manifest.replacingCharacters(in: expires, with: manifest[expires].dropLast(4) + "2099")
        #expect(edited != manifest && edited.utf8.count == manifest.utf8.count)
        try replace("release.json", with: Data(edited.utf8), in: &entries)
        expectRefused(try await verify(entries, ws), "release.json: signature verification failed against release.json.minisig")
    }

    @Test func releaseJSONSignedByAnotherTrustedKeyIsRefused() async throws {
        let ws = try await ReleaseWorkspace()
        var entries = try await packed(ws)
        let generated = try await CommandRunner.srooter(["keys", "generate", "--name", "other", "--unencrypted", "--output-dir", ws.dir.path])
        try #require(generated.status == 0, "\(generated.stderr)")
        try FileManager.default.copyItem(atPath: ws.dir.file("other.pub"), toPath: "\(ws.trust)/other.pub")
        try await reseal(&entries, ws, key: ws.dir.file("other.key"))
        let result = try await verify(entries, ws)
        expectRefused(result, "release.json: signed by key")
        #expect(result.stderr.contains("but the archive by"), "\(result.stderr)")
    }
}
