import ArgumentParser
import SrooterSupplyChain

#if canImport(Glibc)
import Glibc
#endif

/// `srooter release ...`
struct Release: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Build signed, reproducible release archives.",
        discussion: """
            Example:
              SOURCE_DATE_EPOCH=1767225600 srooter release pack --version 1.0.0 --key release.key
            """,
        subcommands: [Pack.self]
    )

    /// `srooter release pack`
    struct Pack: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pack",
            abstract: "Pack the binary, SBOM and pins into a signed srooter-V-linux-ARCH.tar.gz with release.json and provenance.",
            discussion: """
                Writes into the output folder: the archive and its .minisig, SHA256SUMS and its .minisig. \
                Inside the archive, release.json lists every file with its size, SHA-256 and BLAKE2b-512 \
                and is signed with the trusted comment "file:release.json version:V seq:N"; \
                provenance.intoto.json is an in-toto/SLSA v1 statement in a DSSE envelope signed with the \
                same key. With the same binary and SOURCE_DATE_EPOCH, packing twice gives identical bytes. \
                The key's password comes from --password-file or SROOTER_KEY_PASSWORD.

                Example:
                  srooter release pack --version 1.0.0 --key ~/keys/release.key \\
                    --binary .build-release/release/srooter --sbom .build-release/srooter.cdx.json
                """
        )

        @Option(help: "The release version (semantic version, e.g. 1.0.0).")
        var version: String

        @Option(help: "The secret key to sign with (NAME.key).")
        var key: String

        @Option(help: "Read the key's password from this file.")
        var passwordFile: String?

        @Option(help: "The srooter binary to release.")
        var binary: String = ".build-release/release/srooter"

        @Option(help: "The binary's CycloneDX SBOM (from `srooter sbom generate --binary`).")
        var sbom: String = "sbom/srooter.cdx.json"

        @Option(help: "The pinned-dependency manifest.")
        var pins: String = "sbom/pins.json"

        @Option(help: "The README to ship.")
        var readme: String = "README.md"

        @Option(help: "The LICENSE to ship.")
        var license: String = "LICENSE"

        @Option(help: "Where to write the release files.")
        var outputDir: String = "dist"

        @Option(help: "The anti-rollback sequence number (default: the release time in seconds).")
        var sequence: UInt64?

        @Option(help: "Days until the release manifest expires.")
        var expiresInDays: Int = 365

        func run() throws {
            try reportingFailures {
                let source = PasswordSource(passwordFile: passwordFile)
                let secretKey = try MinisignSecretKey(contentsOf: key) { () throws(SigningError) in
                    try source.password(for: key)
                }
                let epoch = try sourceDateEpoch()
                let swiftVersion = (try? PinsManifest(contentsOf: pins).swiftToolchain) ?? "unknown"
                let inputs = ReleasePacker.Inputs(
                    version: version, binary: binary, sbom: sbom, pins: pins, readme: readme, license: license,
                    outputDir: outputDir, sourceDateEpoch: epoch, sequence: sequence, expiresInDays: expiresInDays,
                    swiftVersion: swiftVersion)
                let output = try ReleasePacker(inputs: inputs, key: secretKey).pack()
                print("Packed srooter \(output.manifest.version) (seq \(output.manifest.sequence), expires \(output.manifest.expires))")
                for path in [output.archive, output.archiveSignature, output.checksums, output.checksumsSignature] {
                    print("  \(path)")
                }
            }
        }

        private func sourceDateEpoch() throws -> Int64 {
            guard let value = getenv("SOURCE_DATE_EPOCH") else { return Int64(time(nil)) }
            guard let seconds = Int64(String(cString: value)), seconds >= 0 else {
                throw UsageError(description: "SOURCE_DATE_EPOCH must be a non-negative number of seconds")
            }
            return seconds
        }
    }
}
