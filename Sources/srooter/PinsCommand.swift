import ArgumentParser
import SrooterSupplyChain

#if canImport(Glibc)
import Glibc
#endif

/// `srooter pins ...`: the reviewed dependency manifest, sbom/pins.json.
struct Pins: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pins",
        abstract: "Record and check the exact dependencies srooter is built from (sbom/pins.json).",
        discussion: """
            Example:
              srooter pins check            # what make test runs: fails when the resolved graph drifts
              srooter pins generate         # after a reviewed dependency change
            """,
        subcommands: [Generate.self, Check.self]
    )

    /// `srooter pins generate`
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write sbom/pins.json: each Swift dependency's URL, version, revision and tree hash, the toolchain and Debian build packages.",
            discussion: """
                Run it after a reviewed dependency change and commit the result; `srooter pins check` \
                (run by `make test`) compares the resolved graph with it.

                Example:
                  srooter pins generate && git diff sbom/pins.json
                """
        )

        @OptionGroup var package: PackageOptions

        @Option(help: "The pins file to write (default: PACKAGE/sbom/pins.json).")
        var output: String?

        func run() throws {
            try reportingFailures {
                let path = output ?? PinsCollector.defaultPath(packagePath: package.packagePath)
                let pins = try PinsCollector.current(packagePath: package.packagePath, scratchPath: package.scratchPath)
                let directory = PathName.directory(of: path)
                if !FileReader.exists(directory) { mkdir(directory, 0o755) }
                try AtomicFile.write(try pins.encoded(), to: path)
                print(
                    "Wrote \(path): \(counted(pins.swiftPackages.count, "Swift package")), "
                        + "\(counted(pins.debianPackages.count, "Debian package")), Swift \(pins.swiftToolchain)")
            }
        }
    }

    /// `srooter pins check`
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Fail when the resolved dependencies differ from sbom/pins.json, listing every difference.",
            discussion: """
                Fails (exit 1) on a Swift package added, removed, or at another URL, version or source tree \
                hash, and on a Debian build package added or removed. The tree hash is computed from the \
                files in each checkout as they are on disk, untracked and ignored ones included, so a \
                checkout edited after it was resolved fails, naming the package and the files. Another revision with the same tree \
                (a mirror), another toolchain, and other Debian versions (security updates) are warnings. \
                A pins file of a newer format is refused (exit 2).

                Example:
                  srooter pins check --package-path .
                """
        )

        @OptionGroup var package: PackageOptions

        @Option(help: "The pins file to check against (default: PACKAGE/sbom/pins.json).")
        var pins: String?

        func run() throws {
            try reportingFailures {
                let path = pins ?? PinsCollector.defaultPath(packagePath: package.packagePath)
                let pinned = try PinsManifest(contentsOf: path)
                let actual = try PinsCollector.current(packagePath: package.packagePath, scratchPath: package.scratchPath)
                let differences = PinsComparison.compare(pinned: pinned, actual: actual)
                var stderr = StandardError()
                for difference in differences { print("\(path): \(difference)", to: &stderr) }
                let failures = differences.filter { $0.severity == .failure }.count
                guard failures == 0 else { throw PinsError.drift(path: path, count: failures) }
                let warnings = differences.isEmpty ? "" : " (\(counted(differences.count, "warning")))"
                print(
                    "\(path): matches the resolved graph (\(counted(actual.swiftPackages.count, "Swift package")), "
                        + "\(counted(actual.debianPackages.count, "Debian package")))\(warnings)")
            }
        }
    }
}
