import ArgumentParser
import SrooterGateway
import SrooterRouting
import SrooterStore
import SrooterVault

/// Where `router train` and `router eval` take their labelled set from: a file (`--samples F`) or
/// the routing features stored by the gateway, labelled from its audit trail (`--from-audit
/// [--since T]`).
struct LabelledSource: ParsableArguments {
    @Option(help: "The labelled set (JSON Lines).")
    var samples: String?

    @Flag(help: "Label the stored routing features with the audit trail's outcomes and feedback instead of reading a labelled set.")
    var fromAudit = false

    @Option(help: "With --from-audit: leave out requests before this ISO 8601 time (UTC).")
    var since: String?

    /// Refuses a choice of neither or both, and `--since` without `--from-audit` or not a time.
    func check() throws {
        guard fromAudit != (samples != nil) else { throw UsageError(description: "give either --samples FILE or --from-audit") }
        if since != nil, !fromAudit { throw UsageError(description: "--since goes with --from-audit") }
        if let since, Timestamp.parse(since) == nil { throw UsageError(description: "--since must be an ISO 8601 time such as 2026-12-01T00:00:00Z") }
    }

    /// What the set is called in messages.
    var name: String { samples ?? "the audit trail" }

    /// The set; the audit trail needs the database (`store` and `vault`), a file does not.
    /// `purpose` ends the error when the trail labels nothing (`to train on`).
    func read(store: Store?, vault: Vault?, location: Access.Location, purpose: String) async throws -> [LabelledSample] {
        if let samples { return try RouterCommand.samples(samples) }
        guard let store, let vault else { throw UsageError(description: "--from-audit needs the database of --config") }
        return try await RouterCommand.auditSamples(store: store, vault: vault, location: location, since: since, purpose: purpose)
    }
}
