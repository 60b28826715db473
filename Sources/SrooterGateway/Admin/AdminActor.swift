import SrooterPolicy
import SrooterStore

/// Who performs an admin action, and what they may do.
public enum AdminActor: Sendable {
    /// A caller of `/admin/v1`, held to the roles its user was granted.
    case caller(Principal)
    /// Whoever runs the CLI on the gateway's machine: it holds the database file and the master
    /// key, so it acts as the local owner, an owner of every org that exists. It may also give
    /// keys, roles and policies to users the directory does not know (as before any org exists).
    case localOwner(login: String)

    /// The audit record's `user`: the caller's user, or `cli:<login>`.
    var auditUser: String {
        switch self {
        case .caller(let principal): principal.user
        case .localOwner(let login): "cli:\(login)"
        }
    }

    var keyID: String? {
        switch self {
        case .caller(let principal): principal.keyID
        case .localOwner: nil
        }
    }

    /// How the actor is named in a refusal.
    var name: String {
        switch self {
        case .caller(let principal): principal.user
        case .localOwner(let login): "cli:\(login)"
        }
    }

    /// Whether the actor has `permission` over `target` in `directory`.
    func permits(_ permission: Permission, on target: ScopeRef, in directory: Directory) -> Bool {
        switch self {
        case .caller(let principal): directory.permits(principal.user, permission, on: target)
        case .localOwner:
            switch target.kind {
            case .org, .team: directory.org(of: target) != nil
            case .user, .key: true
            }
        }
    }

    /// Whether the actor has `permission` somewhere.
    func permitsAnywhere(_ permission: Permission, in directory: Directory) -> Bool {
        switch self {
        case .caller(let principal): directory.permitsAnywhere(principal.user, permission)
        case .localOwner: true
        }
    }
}
