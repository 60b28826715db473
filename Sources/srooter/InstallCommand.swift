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
            Copies the archive into a private folder and runs every check of `srooter verify` on that \
            copy; extracts the same copy into a new folder with libarchive's secure flags (regular \
            files and folders only, modes from release.json) and compares every entry, folders \
            included, with release.json; records the acceptance (--state-dir, and PREFIX/state/trust.json: \
            the trusted keys and the accepted release, the self-check's root of trust); then renames \
            a new PREFIX/current link into place. A failure before the record leaves only the \
            previous release behind.

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
    @Option(help: "The folder of trusted *.pub keys and the revoked list (default: keys).")
    var trustDir: String?

    /// The trust folder, `keys` when none was named.
    var trustFolder: String { trustDir ?? "keys" }

    @Option(help: "The archive's signature (default: ARCHIVE.minisig).")
    var sig: String?

    @Option(help: "Where the highest accepted release is recorded (anti-rollback; default: \(InstallState.defaultDirectory)).")
    var stateDir: String?

    @Option(help: "Refuse a release whose release time is more than this many seconds ahead of the clock (default: 3600).")
    var maxClockSkew: Int64?

    @Flag(help: "Accept a release older than one this machine already accepted.")
    var allowDowngrade = false

    @Option(help: "Also scan the release's SBOM against this OSV database (repeatable); findings fail verification.")
    var scanDb: [String] = []

    @Option(help: "With --scan-db, fail on findings at or above: critical, high, medium, low, unknown, none (default: high).")
    var failOn: Severity?

    /// The options given that only a release archive's check uses.
    var releaseOnly: [String] {
        [("--state-dir", stateDir != nil), ("--max-clock-skew", maxClockSkew != nil), ("--allow-downgrade", allowDowngrade),
         ("--scan-db", !scanDb.isEmpty), ("--fail-on", failOn != nil)].filter(\.1).map(\.0)
    }

    func options(now: Int64) throws -> ReleaseVerifier.Options {
        var options = ReleaseVerifier.Options(
            trust: try TrustStore(directory: trustFolder), signatureFile: sig, stateDir: stateDir ?? InstallState.defaultDirectory,
            allowDowngrade: allowDowngrade, now: now, scanDatabases: scanDb, failOn: failOn ?? .high)
        options.maxClockSkew = maxClockSkew ?? 3600
        return options
    }
}
