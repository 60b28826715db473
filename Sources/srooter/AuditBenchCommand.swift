import ArgumentParser
import SrooterAudit
import SrooterStore
import SrooterSupplyChain
import SrooterVault

extension Audit {
    /// `srooter audit bench`: audit write and verify throughput, for `bench/audit.sh`.
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure audit write throughput (chain, encryption, checkpoints on) and verify speed.",
            discussion: """
                Appends synthetic metadata-only records in batches through the same path as the \
                gateway's audit writer, into a fresh database in --folder, then verifies the chain.

                Example:
                  srooter audit bench --folder /tmp/audit-bench --records 200000 --batch 256
                """
        )
        @Option(help: "A folder for the scratch database and keys (created; must not hold a database).") var folder: String
        @Option(help: "How many records to write.") var records = 200_000
        @Option(help: "Records per transaction (the writer batches what accumulates).") var batch = 256

        func run() async throws {
            try await reportingFailures {
                let path = "\(folder)/srooter.db"
                guard !FileReader.exists(path) else { throw UsageError(description: "\(path) exists; give an empty --folder") }
                let store = try SecurityLocation.parse(["--db", path, "--config", "/nonexistent"]).openNewStore()
                let vault = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder))
                let log = AuditLog(store: store, vault: vault, signer: try AuditSigningKey.loadOrCreate(path: "\(folder)/audit.key"))
                let start = ContinuousClock.now
                var written = 0
                while written < records {
                    let count = min(batch, records - written)
                    try log.appendBlocking((0..<count).map { Self.record(written + $0) })
                    written += count
                }
                try log.appendBlocking([], checkpoint: true)
                let writeSeconds = Self.seconds(ContinuousClock.now - start)
                let verifyStart = ContinuousClock.now
                let report = try await log.verify(trustedKey: log.signer.publicKey)
                let verifySeconds = Self.seconds(ContinuousClock.now - verifyStart)
                guard report.ok, report.records == records else { throw UsageError(description: "bench chain did not verify: \(report.problems.first.map(\.description) ?? "count")") }
                print("audit write: \(records) records in \(Self.format(writeSeconds)) s = \(Int(Double(records) / writeSeconds)) records/s (batch \(batch))")
                print("audit verify (database, decrypting): \(Int(Double(records) / verifySeconds)) records/s")
            }
        }

        static func record(_ index: Int) -> AuditRecord {
            AuditRecord(
                timestamp: Timestamp.now(), requestID: "req_\(index)", user: "user\(index % 50)", keyID: "a1b2c3d4e5f6",
                surface: "openai-chat", requestedModel: "gpt-5", servedModel: "gpt-5-2026", provider: "openai", routing: "direct",
                inputTokens: 1200 + index % 300, outputTokens: 300, cacheReadTokens: 800, cacheWriteTokens: 0, costUSD: 0.0042,
                latencyMs: 812.5, firstByteMs: 140.25, status: 200, outcome: "ok",
                promptSHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }

        static func format(_ value: Double) -> String { String(Int(value * 100)).count < 3 ? String(value) : "\(Int(value)).\(Int(value * 100) % 100)" }
    }
}
