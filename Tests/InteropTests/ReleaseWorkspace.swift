import Foundation
import SrooterEncoding
import SrooterSupplyChain
import SrooterTestSupport

/// A folder with a throwaway release key, a trust folder holding its public key, a state folder,
/// and the SBOM and pins a release of `binary` needs: everything `srooter release pack`,
/// `verify` and `install` take, made fresh for each test.
final class ReleaseWorkspace {
    let dir = TemporaryDirectory()
    let binary: String
    var key: String { dir.file("rel.key") }
    var trust: String { dir.file("trust") }
    var state: String { dir.file("state") }
    var dist: String { dir.file("dist") }

    /// - Parameter binary: the executable to release, stripped as `make release-build` ships it (the debug
    ///   build's symbols and embedded AST are two thirds of its 170 MB, which every pack, install and
    ///   self-check would otherwise compress or hash); a small random file when nil.
    init(binary: String? = nil) async throws {
        if let binary {
            self.binary = dir.file("srooter")
            let strip = try await CommandRunner.run("strip", ["--strip-all", "--remove-section=.swift_ast", "-o", self.binary, binary])
            guard strip.status == 0 else { throw WorkspaceError("strip \(binary): \(strip.stderr)") }
        } else {
            self.binary = dir.write("srooter", (0..<4096).map { _ in UInt8.random(in: 0...255) })
        }
        let keygen = try await CommandRunner.srooter(["keys", "generate", "--name", "rel", "--unencrypted", "--output-dir", dir.path])
        guard keygen.status == 0 else { throw WorkspaceError(keygen.stderr) }
        try FileManager.default.createDirectory(atPath: trust, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: dir.file("rel.pub"), toPath: "\(trust)/rel.pub")
        try writeInventory()
    }

    /// A minimal SBOM naming the binary's SHA-256 and one pinned Swift package, with pins to match.
    func writeInventory() throws {
        let sha = Hex.encode(try SHA256.hashFile(binary))
        let purl = "pkg:swift/github.com/apple/swift-argument-parser@1.8.2"
        dir.write("sbom.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.6",
             "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", "version": 1,
             "metadata": {"timestamp": "2026-01-01T00:00:00Z",
               "tools": {"components": [{"type": "application", "name": "srooter", "version": "0.1.0"}]},
               "component": {"type": "application", "bom-ref": "srooter", "name": "srooter", "version": "1.0.0",
                 "hashes": [{"alg": "SHA-256", "content": "\(sha)"}]}},
             "components": [{"type": "library", "bom-ref": "\(purl)", "name": "swift-argument-parser",
               "version": "1.8.2", "purl": "\(purl)", "licenses": [{"license": {"id": "Apache-2.0"}}]}],
             "dependencies": [{"ref": "srooter", "dependsOn": ["\(purl)"]}, {"ref": "\(purl)", "dependsOn": []}]}
            """)
        dir.write("pins.json", """
            {"formatVersion": 1, "swiftToolchain": "6.3.1",
             "swiftPackages": [{"identity": "swift-argument-parser", "url": "https://github.com/apple/swift-argument-parser",
               "version": "1.8.2", "revision": "\(String(repeating: "a", count: 40))", "treeHash": "\(String(repeating: "b", count: 40))"}],
             "debianPackages": []}
            """)
        dir.write("README.md", "# srooter test release\n")
        dir.write("LICENSE", "MIT\n")
    }

    /// Packs a release into `dist` (or `output`) and returns the archive's path.
    @discardableResult
    func pack(
        version: String = "1.0.0", epoch: Int = 1_767_225_600, expiresInDays: Int = 365, output: String? = nil,
        extra: [String] = []
    ) async throws -> String {
        let out = output ?? dist
        let result = try await CommandRunner.srooter(
            ["release", "pack", "--version", version, "--key", key, "--binary", binary, "--sbom", dir.file("sbom.json"),
             "--pins", dir.file("pins.json"), "--readme", dir.file("README.md"), "--license", dir.file("LICENSE"),
             "--output-dir", out, "--expires-in-days", String(expiresInDays)] + extra,
            environment: ["SOURCE_DATE_EPOCH": String(epoch)])
        guard result.status == 0 else { throw WorkspaceError(result.stderr) }
        return "\(out)/srooter-\(version)-linux-\(ReleaseLayout.machineArchitecture).tar.gz"
    }

    /// Runs `srooter verify ARCHIVE` against this workspace's trust and state folders.
    func verify(_ archive: String, _ extra: [String] = []) async throws -> CommandResult {
        try await CommandRunner.srooter(["verify", archive, "--trust-dir", trust, "--state-dir", state] + extra)
    }

    /// Signs `file` with the release key (as a compromised build pipeline could).
    func sign(_ file: String) async throws {
        let result = try await CommandRunner.srooter(["sign", file, "--key", key])
        guard result.status == 0 else { throw WorkspaceError(result.stderr) }
    }

    /// Writes a .tar.gz whose entries are described as JSON objects (see `make-tar.py`) and signs it.
    func hostileArchive(_ name: String, entries: [[String: Any]], sign shouldSign: Bool = true) async throws -> String {
        let spec = dir.file("\(name).json")
        let data = try JSONSerialization.data(withJSONObject: entries)
        _ = FileManager.default.createFile(atPath: spec, contents: data)
        let output = dir.file(name)
        let result = try await CommandRunner.run("python3", [Self.makeTarScript, spec, output])
        guard result.status == 0 else { throw WorkspaceError(result.stderr) }
        if shouldSign { try await sign(output) }
        return output
    }

    /// The entries of a packed archive as `make-tar.py` entries, to edit and repack.
    func entries(of archive: String) async throws -> [[String: Any]] {
        let result = try await CommandRunner.run("python3", [Self.makeTarScript, "--dump", archive])
        guard result.status == 0, let list = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        else { throw WorkspaceError(result.stderr) }
        return list
    }

    static let makeTarScript: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("make-tar.py").path
    }()
}

struct WorkspaceError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
