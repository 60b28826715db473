import ArgumentParser
import SrooterAudit
import SrooterStore
import SrooterSupplyChain
import SrooterVault

#if canImport(Glibc)
import Glibc
#endif

/// `srooter audit ...`: the tamper-evident audit trail.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Print the audit key, verify the hash chain, export and prune audit records.",
        discussion: """
            Every request the gateway serves appends one metadata-only record (never prompt or \
            completion text) to a SHA-256 hash chain; checkpoints signed with the gateway's Ed25519 \
            audit key cover the chain head every audit.checkpoint_every_records records or \
            audit.checkpoint_every_seconds seconds. User names, key ids, models, providers and \
            prompt hashes are stored encrypted.

            Example:
              srooter audit key > auditor.pub
              srooter audit export --since 2026-11-01 --output november.jsonl
              srooter audit verify november.jsonl --public-key "$(cat auditor.pub)"
              srooter audit verify --db ./data/srooter.db
            """,
        subcommands: [Key.self, Verify.self, Export.self, Prune.self, Bench.self]
    )

    /// `srooter audit key`
    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the public half of the gateway's audit key (base64 Ed25519), creating the key if needed.",
            discussion: """
                Give it to auditors: `audit verify FILE --public-key KEY` then proves the checkpoints \
                were signed by this gateway.

                Example:
                  srooter audit key
                """
        )
        @OptionGroup var location: SecurityLocation

        func run() throws {
            try reportingFailures { print(try AuditSigningKey.loadOrCreate(path: try location.auditKeyPath()).publicKey) }
        }
    }

    /// `srooter audit verify`
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the hash chain and check the checkpoint signatures; report the first broken link.",
            discussion: """
                With FILE, checks a JSONL export (no master key needed); without, checks the database \
                (decrypting with the master key). Exit 0: intact; 1: tampering found; 2: unusable input.

                Example:
                  srooter audit verify november.jsonl --public-key 6vV0...=
                  srooter audit verify --db ./data/srooter.db
                """
        )
        @OptionGroup var location: SecurityLocation
        @Argument(help: "A JSONL export (`audit export`); omit to verify the database.")
        var file: String?
        @Option(help: "The trusted audit public key (base64, from `audit key`); default: the local audit key.")
        var publicKey: String?

        func run() async throws {
            try await reportingFailures {
                let start = ContinuousClock.now
                var trusted = publicKey
                if trusted == nil, let path = try? location.auditKeyPath(), SecretFile.exists(path) {
                    trusted = try AuditSigningKey.load(path: path).publicKey
                }
                let report: ChainReport
                var scope = ChainVerifier.Scope.complete
                if let file {
                    let result = try ExportVerification.verify(path: file, trustedKey: trusted)
                    report = result.report
                    scope = result.scope
                    if trusted == nil {
                        printWarning("no --public-key given: signatures are checked against the key named in the file, which proves consistency, not authorship")
                    }
                } else {
                    report = try await location.openLog().verify(trustedKey: trusted)
                }
                let elapsed = ContinuousClock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                print(Self.summary(report, scope: scope, seconds: seconds))
                guard report.ok else {
                    for problem in report.problems.prefix(10) { printError(problem.description) }
                    if report.problemCount > 10 { printError("... \(report.problemCount - 10) more problems") }
                    throw ExitCode(1)
                }
            }
        }

        static func summary(_ report: ChainReport, scope: ChainVerifier.Scope, seconds: Double) -> String {
            let range = report.firstSeq.map { "\($0)..\(report.lastSeq ?? $0)" } ?? "none"
            let signed = report.lastCheckpoint.map { "last signed checkpoint at record \($0.seq) (\($0.timestamp))" } ?? "no valid checkpoint"
            let rate = seconds > 0 ? Int(Double(report.records) / seconds) : 0
            return "\(report.ok ? "OK" : "TAMPERED"): \(report.records) records (\(range), \(scope.rawValue)), "
                + "\(report.checkpoints) checkpoints, \(signed), \(report.unsignedTail) unsigned at the tail; "
                + "\(report.problemCount) problems; \(rate) records/s"
        }
    }

    /// `srooter audit export`
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stream audit records (decrypted) with their chain hashes and covering checkpoints.",
            discussion: """
                Memory stays flat: records are read from the database page by page. JSONL exports \
                can be checked with `audit verify FILE`; CSV has the same columns for spreadsheets. \
                Times are RFC 3339 (2026-11-20 or 2026-11-20T10:00:00Z); --until is exclusive.

                Example:
                  srooter audit export --since 2026-11-01 --until 2026-12-01 --user ada --format csv --output ada.csv
                """
        )
        @OptionGroup var location: SecurityLocation
        @Option(help: "Only records at or after this time.") var since: String?
        @Option(help: "Only records before this time.") var until: String?
        @Option(help: "Only this user's records (found through the blind index).") var user: String?
        @Option(help: "jsonl or csv.") var format = "jsonl"
        @Option(help: "Write here (mode 0600) instead of standard output.") var output: String?

        func run() async throws {
            try await reportingFailures {
                guard let format = ExportFormat(rawValue: format) else { throw UsageError(description: "--format must be jsonl or csv") }
                let bounds = try [since, until].map { text -> String? in
                    guard let text else { return nil }
                    guard let seconds = Timestamp.parse(text) else {
                        throw UsageError(description: "\(text) is not an RFC 3339 time (2026-11-20 or 2026-11-20T10:00:00Z)")
                    }
                    return Timestamp.format(seconds: seconds, milliseconds: 0)
                }
                let exporter = AuditExporter(log: try await location.openLog(), format: format, since: bounds[0], until: bounds[1], user: user)
                let sink = try OutputSink(path: output)
                try await exporter.stream { try sink.write($0) }
                try sink.close()
            }
        }
    }

    /// `srooter audit prune`
    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete records past the retention, keeping a signed checkpoint at the cut.",
            discussion: """
                The gateway prunes by itself (audit.retention_days, at start and hourly); this runs it now, \
                for the audit records and for the routing features stored for `srooter router train --from-audit`.

                Example:
                  srooter audit prune --retention-days 365
                """
        )
        @OptionGroup var location: SecurityLocation
        @Option(help: "Keep this many days (default: audit.retention_days).") var retentionDays: Int?

        func run() async throws {
            try await reportingFailures {
                var log = try await location.openLog()
                if let retentionDays {
                    var settings = log.settings
                    settings.retentionDays = retentionDays
                    log = AuditLog(store: log.store, vault: try await location.openVault(), signer: log.signer, settings: settings)
                }
                guard log.settings.retentionDays != nil else { throw UsageError(description: "no retention: set audit.retention_days or --retention-days") }
                let now = Timestamp.unixSeconds()
                print("Pruned \(try await log.prune(now: now)) records")
                // The routing features the gateway stored for training (issue 20) follow the same retention.
                if let features = log.store as? any RoutingFeatureRepository, let days = log.settings.retentionDays {
                    let cutoff = Timestamp.format(seconds: now - days * 86_400, milliseconds: 0)
                    print("Pruned \(try await features.pruneRoutingFeatures(olderThan: cutoff)) routing feature rows")
                }
            }
        }
    }
}

/// Standard output or a new file (mode 0600), written in large chunks.
final class OutputSink {
    private let descriptor: Int32
    private let path: String

    init(path: String?) throws {
        guard let path else {
            descriptor = 1
            self.path = "standard output"
            return
        }
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw UsageError(description: "\(path): \(String(cString: strerror(errno)))") }
    }

    func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var written = 0
            while written < bytes.count {
                let count = Glibc.write(descriptor, base + written, bytes.count - written)
                guard count > 0 else { throw UsageError(description: "\(path): \(String(cString: strerror(errno)))") }
                written += count
            }
        }
    }

    func close() throws {
        if descriptor > 1 { _ = Glibc.close(descriptor) }
    }
}
