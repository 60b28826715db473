import ArgumentParser
import SrooterGateway
import SrooterStore

/// `srooter org ...` and `srooter team ...`: the organisation tree.
struct Org: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org",
        abstract: "Create, list, update and delete organisations.",
        discussion: """
            Orgs contain teams; teams contain users. Once any org exists, every caller of the gateway \
            needs a role that may call models (owner, admin or member). Each action is an audit record.

            \(AdminCLI.actsAsOwner)

            Example:
              srooter org create acme --display-name "Acme Corp"
              srooter org list
            """,
        subcommands: [Create.self, List.self, Update.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an org.", discussion: AdminCLI.help("Example:\n  srooter org create acme"))
        @OptionGroup var location: Access.Location
        @Argument(help: "The org's name (its identifier).") var name: String
        @Option(help: "A display name.") var displayName: String?
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                print("Created \(try await service.createOrg(name, displayName: displayName, as: actor).value)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List orgs and their teams.", discussion: AdminCLI.help("Example:\n  srooter org list"))
        @OptionGroup var location: Access.Location
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                let directory = try await service.readDirectory(.orgs, as: actor).value
                AdminCLI.table(["ORG", "DISPLAY NAME", "TEAMS", "CREATED"], directory.orgs.map { org in
                    [org.name, org.displayName ?? "-", directory.teams.filter { $0.org == org.name }.map(\.name).joined(separator: ","), org.createdAt]
                })
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an org's display name.", discussion: AdminCLI.help("Example:\n  srooter org update acme --display-name Acme"))
        @OptionGroup var location: Access.Location
        @Argument var name: String
        @Option var displayName: String?
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                print("Updated \(try await service.updateOrg(name, displayName: displayName, as: actor).value)")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete an org with its teams, users and their grants (their keys are kept but fail the role check).",
            discussion: AdminCLI.help("Example:\n  srooter org delete acme"))
        @OptionGroup var location: Access.Location
        @Argument var name: String
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                print("Deleted \(try await service.deleteOrg(name, as: actor).value)")
            }
        }
    }
}

/// `srooter team ...`
struct Team: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team",
        abstract: "Create, list, update and delete teams.",
        discussion: """
            \(AdminCLI.actsAsOwner)

            Example:
              srooter team create platform --org acme
              srooter team list
            """,
        subcommands: [Create.self, List.self, Update.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a team in an org.", discussion: AdminCLI.help("Example:\n  srooter team create platform --org acme"))
        @OptionGroup var location: Access.Location
        @Argument var name: String
        @Option(help: "The org the team belongs to.") var org: String
        @Option var displayName: String?
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                print("Created \(try await service.createTeam(name, org: org, displayName: displayName, as: actor).value) in org:\(org)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List teams.", discussion: AdminCLI.help("Example:\n  srooter team list"))
        @OptionGroup var location: Access.Location
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                let directory = try await service.readDirectory(.teams, as: actor).value
                AdminCLI.table(["TEAM", "ORG", "USERS", "CREATED"], directory.teams.map { team in
                    [team.name, team.org, directory.users.filter { $0.team == team.name }.map(\.name).joined(separator: ","), team.createdAt]
                })
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a team's display name.", discussion: AdminCLI.help("Example:\n  srooter team update platform --display-name Platform"))
        @OptionGroup var location: Access.Location
        @Argument var name: String
        @Option var displayName: String?
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                print("Updated \(try await service.updateTeam(name, displayName: displayName, as: actor).value)")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a team (its users stay in the org, without a team).", discussion: AdminCLI.help("Example:\n  srooter team delete platform"))
        @OptionGroup var location: Access.Location
        @Argument var name: String
        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                print("Deleted \(try await service.deleteTeam(name, as: actor).value)")
            }
        }
    }
}
