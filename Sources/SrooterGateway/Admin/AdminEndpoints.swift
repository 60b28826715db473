import HTTPTypes
import SrooterPolicy
import SrooterStore

/// One admin endpoint: method, path, action name (for the audit note) and handler.
struct AdminEndpoint: Sendable {
    let method: HTTPRequest.Method
    let path: String
    let action: String
    let handler: AdminAPI.Handler
}

/// Request bodies.
struct NamedBody: Decodable { var name: String; var displayName: String?; var org: String?; var team: String? }
struct UpdateBody: Decodable { var displayName: String?; var team: String? }
struct GrantBody: Decodable { var user: String; var role: String; var scope: String }
struct KeyBody: Decodable { var user: String }

extension AdminAPI {
    /// Every endpoint of the admin API, in the order the README's permission table lists them.
    var endpoints: [AdminEndpoint] {
        [
            AdminEndpoint(method: .get, path: "/admin/v1/orgs", action: "org.list") { call throws(AdminError) in
                try call.requireAnywhere(.readDirectory)
                let orgs = call.directory.orgs.values.filter { call.directory.permits(call.caller.user, .readDirectory, on: ScopeRef(.org, $0.name)) }
                return Reply(orgs.sorted { $0.name < $1.name }, target: "orgs")
            },
            AdminEndpoint(method: .post, path: "/admin/v1/orgs", action: "org.create") { call throws(AdminError) in
                try call.requireAnywhere(.manageOrgs)
                let body = try call.decode(NamedBody.self)
                try await storing { () throws(StoreError) in try await store.createOrg(name: body.name, displayName: body.displayName) }
                return Reply(status: 201, ["created": "org:\(body.name)"], target: "org:\(body.name)")
            },
            AdminEndpoint(method: .patch, path: "/admin/v1/orgs/:org", action: "org.update") { call throws(AdminError) in
                let name = call.parameter("org")
                try call.require(.manageOrgs, on: ScopeRef(.org, name))
                let body = try call.decode(UpdateBody.self)
                try await storing { () throws(StoreError) in try await store.updateOrg(name: name, displayName: body.displayName) }
                return Reply(["updated": "org:\(name)"], target: "org:\(name)")
            },
            AdminEndpoint(method: .delete, path: "/admin/v1/orgs/:org", action: "org.delete") { call throws(AdminError) in
                let name = call.parameter("org")
                try call.require(.manageOrgs, on: ScopeRef(.org, name))
                try await storing { () throws(StoreError) in try await store.deleteOrg(name: name) }
                return Reply(["deleted": "org:\(name)"], target: "org:\(name)")
            },
            AdminEndpoint(method: .get, path: "/admin/v1/teams", action: "team.list") { call throws(AdminError) in
                try call.requireAnywhere(.readDirectory)
                let teams = call.directory.teams.values.filter { call.directory.permits(call.caller.user, .readDirectory, on: ScopeRef(.team, $0.name)) }
                return Reply(teams.sorted { $0.name < $1.name }, target: "teams")
            },
            AdminEndpoint(method: .post, path: "/admin/v1/teams", action: "team.create") { call throws(AdminError) in
                let body = try call.decode(NamedBody.self)
                guard let org = body.org else { throw AdminError(status: 400, message: "a team needs an \"org\"") }
                try call.require(.manageTeams, on: ScopeRef(.org, org))
                try await storing { () throws(StoreError) in try await store.createTeam(name: body.name, org: org, displayName: body.displayName) }
                return Reply(status: 201, ["created": "team:\(body.name)"], target: "team:\(body.name)")
            },
            AdminEndpoint(method: .patch, path: "/admin/v1/teams/:team", action: "team.update") { call throws(AdminError) in
                let name = call.parameter("team")
                try call.require(.manageTeams, on: ScopeRef(.team, name))
                let body = try call.decode(UpdateBody.self)
                try await storing { () throws(StoreError) in try await store.updateTeam(name: name, displayName: body.displayName) }
                return Reply(["updated": "team:\(name)"], target: "team:\(name)")
            },
            AdminEndpoint(method: .delete, path: "/admin/v1/teams/:team", action: "team.delete") { call throws(AdminError) in
                let name = call.parameter("team")
                // A team that does not exist is refused as one the caller may not manage: the API does not reveal what exists.
                try call.require(.manageTeams, on: call.directory.teams[name].map { ScopeRef(.org, $0.org) } ?? ScopeRef(.team, name))
                try await storing { () throws(StoreError) in try await store.deleteTeam(name: name) }
                return Reply(["deleted": "team:\(name)"], target: "team:\(name)")
            },
            AdminEndpoint(method: .get, path: "/admin/v1/users", action: "user.list") { call throws(AdminError) in
                try call.requireAnywhere(.readDirectory)
                let users = call.directory.users.values.filter { call.directory.permits(call.caller.user, .readDirectory, on: ScopeRef(.user, $0.name)) }
                return Reply(users.sorted { $0.name < $1.name }, target: "users")
            },
            AdminEndpoint(method: .post, path: "/admin/v1/users", action: "user.create") { call throws(AdminError) in
                let body = try call.decode(NamedBody.self)
                guard let org = body.org ?? body.team.flatMap({ call.directory.teams[$0]?.org }) else {
                    throw AdminError(status: 400, message: "a user needs an \"org\" (or an existing \"team\")")
                }
                try call.require(.manageUsers, on: body.team.map { ScopeRef(.team, $0) } ?? ScopeRef(.org, org))
                try await storing { () throws(StoreError) in try await store.createUser(name: body.name, org: org, team: body.team) }
                return Reply(status: 201, ["created": "user:\(body.name)"], target: "user:\(body.name)")
            },
            AdminEndpoint(method: .patch, path: "/admin/v1/users/:user", action: "user.update") { call throws(AdminError) in
                let name = call.parameter("user")
                try call.require(.manageUsers, on: ScopeRef(.user, name))
                let body = try call.decode(UpdateBody.self)
                if let team = body.team { try call.require(.manageUsers, on: ScopeRef(.team, team)) }
                try await storing { () throws(StoreError) in try await store.updateUser(name: name, team: body.team) }
                return Reply(["updated": "user:\(name)"], target: "user:\(name)")
            },
            AdminEndpoint(method: .delete, path: "/admin/v1/users/:user", action: "user.delete") { call throws(AdminError) in
                let name = call.parameter("user")
                try call.require(.manageUsers, on: ScopeRef(.user, name))
                try await storing { () throws(StoreError) in try await store.deleteUser(name: name) }
                return Reply(["deleted": "user:\(name)"], target: "user:\(name)")
            },
        ] + accessEndpoints
    }
}
