@testable import SrooterPolicy
@testable import SrooterStore
import Testing

/// A directory loaded from a database written before the store refused a user's team in another
/// org (issue 16, item 1): such a row gives the team's admins nothing over the user.
@Suite struct DirectoryTenancyTests {
    @Test func aTeamOfAnotherOrgGivesItsAdminsNoHoldOnTheUser() {
        var snapshot = DirectorySnapshot()
        snapshot.orgs = [OrgRecord(name: "acme", createdAt: "t"), OrgRecord(name: "globex", createdAt: "t")]
        snapshot.teams = [TeamRecord(name: "alpha", org: "acme", createdAt: "t")]
        snapshot.users = [
            UserRecord(name: "ta", org: "acme", team: "alpha", createdAt: "t"),
            UserRecord(name: "planted", org: "globex", team: "alpha", createdAt: "t"),  // the old bug's row
            UserRecord(name: "ada", org: "acme", team: "alpha", createdAt: "t"),
        ]
        snapshot.grants = [GrantRecord(user: "ta", role: "admin", scopeKind: "team", scopeID: "alpha", createdAt: "t")]
        let directory = Directory(snapshot)
        #expect(directory.roles(of: "ta", over: ScopeRef(.user, "planted")).isEmpty)
        #expect(!directory.permits("ta", .manageUsers, on: ScopeRef(.user, "planted")))
        #expect(directory.permits("ta", .manageUsers, on: ScopeRef(.user, "ada")))
    }
}
