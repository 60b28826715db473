import ArgumentParser
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

            Example:
              srooter policy set team:platform '{"models":["claude-*"],"max_effort":"high","budget_usd":{"day":20}}'
              srooter policy show team:platform
              srooter policy spend
            """,
        subcommands: [Set.self, Show.self, List.self, Delete.self, Spend.self])

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set (replace) the policy at a scope.",
            discussion: "Example:\n  srooter policy set user:ada '{\"max_thinking_tokens\":8000,\"requests_per_minute\":60}'")
        @OptionGroup var location: Access.Location
        @Argument(help: "org:NAME, team:NAME, user:NAME or key:ID.") var scope: String
        @Argument(help: "The policy document (JSON).") var document: String
        func run() async throws {
            let scope = try AdminCLI.scope(scope)
            let rules: PolicyRules
            do { rules = try PolicyRules.decode(document) } catch { throw ValidationError("\(error)") }
            try await AdminCLI.run(location, action: "policy.set", target: scope.description) { store throws(StoreError) in
                try await store.setPolicy(scopeKind: scope.kind.rawValue, scopeID: scope.id, document: rules.encoded())
                print("Set the policy of \(scope): \(rules.encoded())")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the policy at a scope.", discussion: "Example:\n  srooter policy show team:platform")
        @OptionGroup var location: Access.Location
        @Argument var scope: String
        func run() async throws {
            let scope = try AdminCLI.scope(scope)
            try await AdminCLI.run(location, action: "policy.show", target: scope.description) { store throws(StoreError) in
                let directory = try await store.directory()
                guard let record = directory.policies.first(where: { $0.scopeKind == scope.kind.rawValue && $0.scopeID == scope.id }) else {
                    throw StoreError.notFound(what: "a policy at \(scope)")
                }
                print(record.document)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every policy.", discussion: "Example:\n  srooter policy list")
        @OptionGroup var location: Access.Location
        func run() async throws {
            try await AdminCLI.run(location, action: "policy.list", target: "policies") { store throws(StoreError) in
                let directory = try await store.directory()
                AdminCLI.table(["SCOPE", "UPDATED", "DOCUMENT"], directory.policies.map { ["\($0.scopeKind):\($0.scopeID)", $0.updatedAt, $0.document] })
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete the policy at a scope.", discussion: "Example:\n  srooter policy delete user:ada")
        @OptionGroup var location: Access.Location
        @Argument var scope: String
        func run() async throws {
            let scope = try AdminCLI.scope(scope)
            try await AdminCLI.run(location, action: "policy.delete", target: scope.description) { store throws(StoreError) in
                try await store.deletePolicy(scopeKind: scope.kind.rawValue, scopeID: scope.id)
                print("Deleted the policy of \(scope)")
            }
        }
    }

    struct Spend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the stored spend per budgeted scope and period.",
            discussion: """
                Reads the database: what settled requests spent. Reservations of requests in flight are \
                held by the running gateway; GET /admin/v1/spend shows them too.

                Example:
                  srooter policy spend
                """)
        @OptionGroup var location: Access.Location
        func run() async throws {
            try await AdminCLI.run(location, action: "spend.read", target: "spend") { store throws(StoreError) in
                let balances = try await store.ledgerBalances()
                func usd(_ micros: Int) -> String { "$" + String(Double(micros) / 1_000_000) }
                AdminCLI.table(["SCOPE", "PERIOD", "SPENT"], balances.map { [$0.scope, $0.periodKey, usd($0.spentMicros)] })
            }
        }
    }
}
