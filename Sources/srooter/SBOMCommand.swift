import ArgumentParser
import SrooterSupplyChain

/// `srooter sbom ...`: CycloneDX software bills of materials.
struct SBOM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sbom",
        abstract: "Generate, validate and compare CycloneDX 1.6 SBOMs.",
        discussion: """
            Example:
              srooter sbom generate --binary .build-release/release/srooter --output sbom/srooter.cdx.json
              srooter sbom validate sbom/srooter.cdx.json
              srooter sbom diff old.cdx.json sbom/srooter.cdx.json
            """,
        subcommands: [Generate.self, Validate.self, Diff.self]
    )

    /// `srooter sbom generate`
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write the CycloneDX 1.6 SBOM of a Swift package and, with --binary, of its build.",
            discussion: """
                Lists every Swift package of the resolved graph (`swift package show-dependencies` and \
                Package.resolved) with its version, purl, revision, git tree hash, license and repository; \
                the Swift toolchain; and, with --binary, the binary's SHA-256 and BLAKE2b-512 and the Debian \
                packages of the libraries it links (ldd, dpkg). With SOURCE_DATE_EPOCH set, the timestamp \
                comes from it and the serial number from the content, so equal inputs give equal bytes.

                Example:
                  srooter sbom generate --output sbom/source.cdx.json
                  SOURCE_DATE_EPOCH=1700000000 srooter sbom generate --binary bin/srooter
                """
        )

        @OptionGroup var package: PackageOptions

        @Option(help: "The built executable to describe (its hashes and linked system libraries).")
        var binary: String?

        @Option(help: "Write the SBOM to this file instead of standard output.")
        var output: String?

        func run() throws {
            try reportingFailures {
                let epoch = try BOMIdentity.sourceDateEpochFromEnvironment()
                let inputs = try SBOMCollector.gather(
                    packagePath: package.packagePath, scratchPath: package.scratchPath, binary: binary,
                    sourceDateEpoch: epoch)
                let document = SBOMGenerator.document(inputs)
                let bytes = try SBOMGenerator.encode(document, serial: epoch == nil ? .random : .derived)
                guard let output else { return writeStandardOutput(bytes) }
                try AtomicFile.write(bytes, to: output)
                print(
                    "Wrote \(output): \(counted(inputs.swift.packages.count, "Swift package")), "
                        + "\(counted(inputs.linked.packages.count, "Debian package")), Swift \(inputs.toolchain.version)")
            }
        }
    }

    /// `srooter sbom validate FILE`
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check a CycloneDX 1.6 or 1.7 JSON SBOM offline, naming each problem by its JSON path.",
            discussion: """
                Checks the required fields and their formats (serial number, timestamp, component types, \
                purls), hash algorithms and digest lengths, license entries (license or expression), unique \
                bom-refs, and that every dependency and composition reference exists. Files over 64 MiB are \
                refused. Exit code 1 means problems were found; 2 means the file is unusable.

                Example:
                  srooter sbom validate sbom/srooter.cdx.json
                """
        )

        @Argument(help: "The SBOM file (CycloneDX JSON).")
        var file: String

        func run() throws {
            try reportingFailures {
                let problems = try SBOMValidator.validate(file: file)
                for problem in problems { print("\(file): \(problem)") }
                guard problems.isEmpty else { throw SBOMError.invalid(path: file, count: problems.count) }
                print("\(file): valid")
            }
        }
    }

    /// `srooter sbom diff OLD NEW`
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Print the components added (+), removed (-) and changed in version (~) between two SBOMs.",
            discussion: """
                Components are matched by purl without the version (else by type, group and name), so a \
                dependency upgrade shows as one changed line. Meant for review in CI.

                Example:
                  srooter sbom diff old/srooter.cdx.json sbom/srooter.cdx.json
                """
        )

        @Argument(help: "The earlier SBOM.")
        var old: String

        @Argument(help: "The later SBOM.")
        var new: String

        func run() throws {
            try reportingFailures {
                let diff = SBOMDiff(old: try SBOMFile.read(old), new: try SBOMFile.read(new))
                if diff.isEmpty { print("no component changes") }
                for line in diff.lines { print(line) }
            }
        }
    }
}
