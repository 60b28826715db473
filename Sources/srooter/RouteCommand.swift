import ArgumentParser
import Foundation
import SrooterAudit
import SrooterGateway
import SrooterStore
import SrooterSupplyChain

/// `srooter route ...`: the gateway's routes (`routes:` in srooter.yaml).
struct RouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Explain and summarise the routing decisions of a gateway.",
        discussion: """
            Example:
              srooter route explain --config srooter.yaml --model srooter/auto --body request.json
              srooter route summary --config srooter.yaml --since 2026-12-01T00:00:00Z
            """,
        subcommands: [Explain.self, Summary.self]
    )

    /// `srooter route summary --config F [--since T] [--limit N]`
    struct Summary: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "summary",
            abstract: "Summarise the audit trail's routing decisions by route, kind and served model, with what the routes saved.",
            discussion: """
                Reads the latest --limit audit records of the configuration's database (as the local owner, \
                like `srooter audit`), leaves out admin records and requests refused before routing, and \
                prints requests and cost per route, decision kind and served model, against the cost of \
                serving each routed request with its route's default (its first candidate, at the record's \
                token counts). Models asked for by their own name count under the route `-`.

                Example:
                  srooter route summary --config srooter.yaml --since 2026-12-01T00:00:00Z
                """
        )

        @Option(help: "The configuration file.")
        var config: String

        @Option(help: "Leave out records before this ISO 8601 time (UTC, as the audit trail writes it).")
        var since: String?

        @Option(help: "How many of the latest records to read.")
        var limit: Int = 100_000

        func run() async throws {
            try await reportingFailures {
                if let since, since.count < 10 || !since.prefix(4).allSatisfy(\.isNumber) || since.dropFirst(4).first != "-" {
                    throw UsageError(description: "--since must be an ISO 8601 time such as 2026-12-01T00:00:00Z")
                }
                guard (1...10_000_000).contains(limit) else { throw UsageError(description: "--limit must be from 1 to 10000000") }
                let gateway = try RoutingInputs.config(config)
                let records: [AuditRecord]
                do {
                    records = try await AuditLog.reader(databasePath: gateway.databasePath, environment: ProcessInfoLite.environment).latest(limit: limit)
                } catch {
                    throw UsageError(description: "cannot read the audit trail of \(gateway.databasePath): \(error)")
                }
                let summary = RoutingSummary.summarise(records, config: gateway, since: since)
                func usd(_ value: Double) -> String { String(format: "%.6f", value) }
                AdminCLI.table(
                    ["route", "kind", "served model", "requests", "cost USD", "default USD"],
                    summary.rows.map { [$0.route, $0.kind, $0.servedModel, String($0.requests), usd($0.costUSD), usd($0.defaultCostUSD)] })
                let requests = summary.rows.reduce(0) { $0 + $1.requests }
                print("total: \(requests) requests, \(usd(summary.costUSD)) USD against \(usd(summary.defaultCostUSD)) USD with each route's default: saved \(usd(summary.savedUSD)) USD")
            }
        }
    }

    /// `srooter route explain --config F --model M --body request.json`
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "Print the decision for a request body, with every feature and threshold behind it, without sending anything.",
            discussion: """
                The decision is made by the same router `srooter serve` runs. Policy is not consulted \
                (every candidate counts as allowed) and session affinity starts empty, as in a gateway \
                that has just started. Exit code 0 with the explanation; 2 when the configuration, the \
                body or the model cannot be used.

                Example:
                  srooter route explain --config srooter.yaml --model srooter/auto --body request.json
                  srooter route explain --config srooter.yaml --model srooter/auto --body chat.json --surface openai-chat
                """
        )

        @Option(help: "The configuration file.")
        var config: String

        @Option(help: "The model or route asked for (default: the body's own model).")
        var model: String?

        @Option(help: "The request body (JSON) as a client would send it.")
        var body: String

        @Option(help: "The wire of the body: anthropic-messages, openai-chat or openai-responses.")
        var surface: String = "anthropic-messages"

        func run() async throws {
            try await reportingFailures {
                let surface = try RoutingInputs.surface(self.surface)
                for file in [config, body] where !FileReader.exists(file) { throw UsageError(description: "\(file) does not exist") }
                let gateway = try RoutingInputs.config(config)
                let bytes = try FileReader.read(body, limit: 32 << 20)
                // Learned weights are sealed with the database's metadata key: read only when the database
                // exists and its vault opens (else the explanation says no weights could be read).
                var key: (any MetadataCipher)?
                if gateway.routes.routes.values.contains(where: { $0.strategy == .learned }), FileReader.exists(gateway.databasePath) {
                    key = try? await Access.Location.parse(["--config", config]).openVault().vault.metadata
                }
                do throws(RouteExplanation.Problem) {
                    for line in try RouteExplanation.explain(config: gateway, model: model, body: bytes, surface: surface, weightsKey: key) { print(line) }
                } catch {
                    throw UsageError(description: error.description)
                }
            }
        }
    }
}
