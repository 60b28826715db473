import ArgumentParser
import SrooterGateway
import SrooterPolicy
import SrooterStore

/// `srooter policy ...`: policy documents at org, team, user or key scope, and spend.
struct Policy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Set, show, list and delete policies (allowlists, caps, budgets, rate limits); show spend.",
        discussion: """
            A policy is a JSON document attached to org:NAME, team:NAME, user:NAME or key:ID. Ceilings \
            combine by taking the lowest along org → team → user → key, so a scope lower down can \
            tighten but never loosen; model allowlists must all match. Fields: models (globs), \
            max_thinking_tokens, max_effort (minimal|low|medium|high|xhigh|max), max_output_tokens, \
            budget_usd {day, month, total}, requests_per_minute, tokens_per_minute, \
            estimate_output_tokens (default 4096).

            \(AdminCLI.actsAsOwner)

            Example:
              srooter policy set team:platform '{"models":["claude-*"],"max_effort":"high","budget_usd":{"day":20}}'
              srooter policy show team:platform
              srooter policy spend
            """,
        subcommands: [Set.self, Show.self, List.self, Delete.self, Spend.self])

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set (replace) the policy at a scope.",
            discussion: AdminCLI.help("Example:\n  srooter policy set user:ada '{\"max_thinking_tokens\":8000,\"requests_per_minute\":60}'"))
        @OptionGroup var location: Access.Location
        @Argument(help: "org:NAME, team:NAME, user:NAME or key:ID.") var scope: String
        @Argument(help: "The policy document (JSON).") var document: String
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                let done = try await service.setPolicy(at: scope, document: document, as: actor)
                print("Set the policy of \(done.target): \(done.value)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the policy at a scope.", discussion: AdminCLI.help("Example:\n  srooter policy show team:platform"))
        @OptionGroup var location: Access.Location
        @Argument var scope: String
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                print(try await service.policy(at: scope, as: actor).value.document)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every policy.", discussion: AdminCLI.help("Example:\n  srooter policy list"))
        @OptionGroup var location: Access.Location
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                let policies = try await service.listPolicies(as: actor).value
                AdminCLI.table(["SCOPE", "UPDATED", "DOCUMENT"], policies.map { ["\($0.scopeKind):\($0.scopeID)", $0.updatedAt, $0.document] })
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete the policy at a scope.", discussion: AdminCLI.help("Example:\n  srooter policy delete user:ada"))
        @OptionGroup var location: Access.Location
        @Argument var scope: String
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                print("Deleted the policy of \(try await service.deletePolicy(at: scope, as: actor).value)")
            }
        }
    }

    struct Spend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the stored spend per budgeted scope and period.",
            discussion: """
                Reads the database: what settled requests spent. Reservations of requests in flight are \
                held by the running gateway; GET /admin/v1/spend shows them too.

                \(AdminCLI.actsAsOwner)

                Example:
                  srooter policy spend
                """)
        @OptionGroup var location: Access.Location
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                let balances = try await service.spend(as: actor).value
                func usd(_ micros: Int) -> String { "$" + String(Double(micros) / 1_000_000) }
                AdminCLI.table(["SCOPE", "PERIOD", "SPENT"], balances.map { [$0.scope, $0.periodKey, usd($0.spentMicros)] })
            }
        }
    }
}
