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
                Reply(try await service.readDirectory(.orgs, as: call.actor).value.orgs)
            },
            AdminEndpoint(method: .post, path: "/admin/v1/orgs", action: "org.create") { call throws(AdminError) in
                let body = try await call.decode(NamedBody.self)
                return Reply("created", try await service.createOrg(body.name, displayName: body.displayName, as: call.actor))
            },
            AdminEndpoint(method: .patch, path: "/admin/v1/orgs/:org", action: "org.update") { call throws(AdminError) in
                let body = try await call.decode(UpdateBody.self)
                return Reply("updated", try await service.updateOrg(call.parameter("org"), displayName: body.displayName, as: call.actor))
            },
            AdminEndpoint(method: .delete, path: "/admin/v1/orgs/:org", action: "org.delete") { call throws(AdminError) in
                Reply("deleted", try await service.deleteOrg(call.parameter("org"), as: call.actor))
            },
            AdminEndpoint(method: .get, path: "/admin/v1/teams", action: "team.list") { call throws(AdminError) in
                Reply(try await service.readDirectory(.teams, as: call.actor).value.teams)
            },
            AdminEndpoint(method: .post, path: "/admin/v1/teams", action: "team.create") { call throws(AdminError) in
                let body = try await call.decode(NamedBody.self)
                return Reply("created", try await service.createTeam(body.name, org: body.org, displayName: body.displayName, as: call.actor))
            },
            AdminEndpoint(method: .patch, path: "/admin/v1/teams/:team", action: "team.update") { call throws(AdminError) in
                let body = try await call.decode(UpdateBody.self)
                return Reply("updated", try await service.updateTeam(call.parameter("team"), displayName: body.displayName, as: call.actor))
            },
            AdminEndpoint(method: .delete, path: "/admin/v1/teams/:team", action: "team.delete") { call throws(AdminError) in
                Reply("deleted", try await service.deleteTeam(call.parameter("team"), as: call.actor))
            },
            AdminEndpoint(method: .get, path: "/admin/v1/users", action: "user.list") { call throws(AdminError) in
                Reply(try await service.readDirectory(.users, as: call.actor).value.users)
            },
            AdminEndpoint(method: .post, path: "/admin/v1/users", action: "user.create") { call throws(AdminError) in
                let body = try await call.decode(NamedBody.self)
                return Reply("created", try await service.createUser(body.name, org: body.org, team: body.team, as: call.actor))
            },
            AdminEndpoint(method: .patch, path: "/admin/v1/users/:user", action: "user.update") { call throws(AdminError) in
                let body = try await call.decode(UpdateBody.self)
                return Reply("updated", try await service.updateUser(call.parameter("user"), team: body.team, as: call.actor))
            },
            AdminEndpoint(method: .delete, path: "/admin/v1/users/:user", action: "user.delete") { call throws(AdminError) in
                Reply("deleted", try await service.deleteUser(call.parameter("user"), as: call.actor))
            },
        ] + accessEndpoints + routingEndpoints
    }
}
