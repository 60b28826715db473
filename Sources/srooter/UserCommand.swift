import ArgumentParser
import SrooterGateway
import SrooterPolicy
import SrooterStore

/// `srooter user ...`: users, and the roles they hold.
struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Create, list, update and delete users; grant and revoke roles.",
        discussion: """
            Roles: owner (everything), admin (users, teams, keys, policies, credentials, grants), \
            auditor (audit trail and spend), member (call models), viewer (own spend and keys). A role \
            is granted at an org or a team. Keys for a user: srooter access create --user NAME.

            \(AdminCLI.actsAsOwner)

            Example:
              srooter user create ada --org acme --team platform
              srooter user grant ada member --team platform
              srooter user grant root owner --org acme
            """,
        subcommands: [Create.self, List.self, Update.self, Delete.self, Grant.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user in an org (and optionally a team of that org).",
            discussion: AdminCLI.help("Example:\n  srooter user create ada --org acme --team platform\n  srooter user create bob --team platform"))
        @OptionGroup var location: Access.Location
        @Argument var name: String
        @Option(help: "The user's org; with --team it defaults to the team's org and must be it.") var org: String?
        @Option(help: "A team of the user's org.") var team: String?
        func validate() throws {
            if org == nil, team == nil { throw ValidationError("give --org, --team, or both") }
        }
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                print("Created \(try await service.createUser(name, org: org, team: team, as: actor).value)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users with their teams and roles.", discussion: AdminCLI.help("Example:\n  srooter user list"))
        @OptionGroup var location: Access.Location
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                let directory = try await service.readDirectory(.users, as: actor).value
                AdminCLI.table(["USER", "ORG", "TEAM", "ROLES"], directory.users.map { user in
                    [user.name, user.org, user.team ?? "-",
                     directory.grants.filter { $0.user == user.name }.map { "\($0.role)@\($0.scopeKind):\($0.scopeID)" }.joined(separator: ",")]
                })
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move a user to another team (or none).", discussion: AdminCLI.help("Example:\n  srooter user update ada --team data"))
        @OptionGroup var location: Access.Location
        @Argument var name: String
        @Option(help: "The new team; omit to leave the user without a team.") var team: String?
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                print("Updated \(try await service.updateUser(name, team: team, as: actor).value)")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user, their grants and policy; revoke their keys.", discussion: AdminCLI.help("Example:\n  srooter user delete ada"))
        @OptionGroup var location: Access.Location
        @Argument var name: String
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                print("Deleted \(try await service.deleteUser(name, as: actor).value)")
            }
        }
    }

    struct ScopeOptions: ParsableArguments {
        @Option(help: "Grant at this org.") var org: String?
        @Option(help: "Grant at this team.") var team: String?
        func scope() throws -> ScopeRef {
            switch (org, team) {
            case (let org?, nil): return ScopeRef(.org, org)
            case (nil, let team?): return ScopeRef(.team, team)
            default: throw ValidationError("give exactly one of --org or --team")
            }
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Grant a role at an org or a team.", discussion: AdminCLI.help("Example:\n  srooter user grant ada admin --org acme"))
        @OptionGroup var location: Access.Location
        @Argument var name: String
        @Argument(help: "owner, admin, auditor, member or viewer.") var role: Role
        @OptionGroup var scope: ScopeOptions
        func run() async throws {
            let scope = try scope.scope()
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                print("Granted \(try await service.grant(role.rawValue, to: name, at: scope.description, as: actor).value)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a role.", discussion: AdminCLI.help("Example:\n  srooter user revoke ada admin --org acme"))
        @OptionGroup var location: Access.Location
        @Argument var name: String
        @Argument var role: Role
        @OptionGroup var scope: ScopeOptions
        func run() async throws {
            let scope = try scope.scope()
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                print("Revoked \(try await service.revoke(role.rawValue, from: name, at: scope.description, as: actor).value)")
            }
        }
    }
}

extension Role: ExpressibleByArgument {}
