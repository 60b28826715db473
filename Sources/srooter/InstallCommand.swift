import ArgumentParser
import SrooterSupplyChain

#if canImport(Glibc)
import Glibc
#endif

/// `srooter install ARCHIVE --prefix DIR`
struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Verify a release archive, unpack it into PREFIX/releases/V, and switch PREFIX/current to it atomically.",
        discussion: """
            Runs every check of `srooter verify` first, extracts into a new folder with libarchive's \
            secure flags (regular files and folders only), checks every extracted file's hash again, \
            then renames a new PREFIX/current link into place. Any failure leaves only the previous \
            release behind.

            Example:
              srooter install srooter-1.0.0-linux-x86_64.tar.gz --prefix /opt/srooter --keep 3
            """
    )

    @Argument(help: "The release archive (srooter-V-linux-ARCH.tar.gz) with its .minisig beside it.")
    var archive: String

    @Option(help: "The installation folder (holds releases/ and the current link).")
    var prefix: String

    @OptionGroup var trust: ReleaseTrustOptions

    @Option(help: "Keep only the newest N releases after installing.")
    var keep: Int?

    func validate() throws {
        if let keep, keep < 1 { throw ValidationError("--keep must be at least 1") }
    }

    func run() throws {
        try reportingFailures {
            let verifier = ReleaseVerifier(archive: archive, options: try trust.options(now: Int64(time(nil))))
            let outcome = try ReleaseInstaller(prefix: prefix, verifier: verifier).install(keep: keep)
            print("Installed srooter \(outcome.report.version) into \(outcome.releaseDir); \(prefix)/current points to it")
            if !outcome.pruned.isEmpty { print("Pruned older releases: \(outcome.pruned.joined(separator: ", "))") }
        }
    }
}

/// The options `verify` and `install` share for release archives.
struct ReleaseTrustOptions: ParsableArguments {
    @Option(help: "The folder of trusted *.pub keys and the revoked list.")
    var trustDir: String = "keys"

    @Option(help: "The archive's signature (default: ARCHIVE.minisig).")
    var sig: String?

    @Option(help: "Where the highest accepted release is recorded (anti-rollback).")
    var stateDir: String = InstallState.defaultDirectory

    @Flag(help: "Accept a release older than one this machine already accepted.")
    var allowDowngrade = false

    @Option(help: "Also scan the release's SBOM against this OSV database (repeatable); findings fail verification.")
    var scanDb: [String] = []

    @Option(help: "With --scan-db, fail on findings at or above: critical, high, medium, low, unknown, none.")
    var failOn: Severity = .high

    func options(now: Int64) throws -> ReleaseVerifier.Options {
        ReleaseVerifier.Options(
            trust: try TrustStore(directory: trustDir), signatureFile: sig, stateDir: stateDir,
            allowDowngrade: allowDowngrade, now: now, scanDatabases: scanDb, failOn: failOn)
    }
}
