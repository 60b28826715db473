/// An organisation: the top of the tree (orgs contain teams, teams contain users).
public struct OrgRecord: Sendable, Equatable, Codable {
    public var name: String
    public var displayName: String?
    public var createdAt: String
}

/// A team, inside one org.
public struct TeamRecord: Sendable, Equatable, Codable {
    public var name: String
    public var org: String
    public var displayName: String?
    public var createdAt: String
}

/// A user, in one org and at most one team. Access keys name their user.
public struct UserRecord: Sendable, Equatable, Codable {
    public var name: String
    public var org: String
    public var team: String?
    public var createdAt: String
}

/// A role held by a user at an org (`scopeKind == "org"`) or a team (`"team"`).
public struct GrantRecord: Sendable, Equatable, Codable {
    public var user: String
    public var role: String
    public var scopeKind: String
    public var scopeID: String
    public var createdAt: String
}

/// A policy document (JSON text) attached at an org, team, user or key.
public struct PolicyRecord: Sendable, Equatable, Codable {
    public var scopeKind: String
    public var scopeID: String
    public var document: String
    public var updatedAt: String
}

/// Everything the policy engine needs, read in one transaction.
public struct DirectorySnapshot: Sendable, Equatable {
    public var orgs: [OrgRecord] = []
    public var teams: [TeamRecord] = []
    public var users: [UserRecord] = []
    public var grants: [GrantRecord] = []
    public var policies: [PolicyRecord] = []
    public init() {}
}

/// The policy tables, created with the others when the store opens.
enum PolicySchema {
    /// Creates the tables.
    static func create(_ connection: SQLiteConnection) throws(StoreError) {
        try connection.execute(tables)
    }

    /// Each table keys its rows by blind index (`name_index`, `scope_index`, `grant_index`) and
    /// seals the names and documents in `sealed`, the row key being the associated data. References
    /// (`org_index`, `team_index`, `user_index`) use the referenced table's index, so cascades work.
    static let tables = """
        CREATE TABLE IF NOT EXISTS orgs (
            name_index TEXT PRIMARY KEY, sealed TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS teams (
            name_index TEXT PRIMARY KEY, org_index TEXT NOT NULL REFERENCES orgs(name_index) ON DELETE CASCADE,
            sealed TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS users (
            name_index TEXT PRIMARY KEY, org_index TEXT NOT NULL REFERENCES orgs(name_index) ON DELETE CASCADE,
            team_index TEXT REFERENCES teams(name_index) ON DELETE SET NULL, sealed TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS role_grants (
            grant_index TEXT PRIMARY KEY, user_index TEXT NOT NULL REFERENCES users(name_index) ON DELETE CASCADE,
            scope_index TEXT NOT NULL, sealed TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS role_grants_scope ON role_grants(scope_index);
        CREATE TABLE IF NOT EXISTS policies (
            scope_index TEXT PRIMARY KEY, sealed TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS budget_spend (
            scope TEXT NOT NULL, period_key TEXT NOT NULL, spent_micros INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (scope, period_key));
        DROP TABLE IF EXISTS budget_reservations;
        CREATE TRIGGER IF NOT EXISTS users_team_in_org_insert BEFORE INSERT ON users
            WHEN NEW.team_index IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM teams WHERE name_index = NEW.team_index AND org_index = NEW.org_index)
            BEGIN SELECT RAISE(ABORT, '\(teamOutsideOrg)'); END;
        CREATE TRIGGER IF NOT EXISTS users_team_in_org_update BEFORE UPDATE OF team_index, org_index ON users
            WHEN NEW.team_index IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM teams WHERE name_index = NEW.team_index AND org_index = NEW.org_index)
            BEGIN SELECT RAISE(ABORT, '\(teamOutsideOrg)'); END;
        CREATE TRIGGER IF NOT EXISTS teams_stay_in_org BEFORE UPDATE OF org_index ON teams
            WHEN NEW.org_index IS NOT OLD.org_index
            BEGIN SELECT RAISE(ABORT, '\(teamOutsideOrg)'); END;
        """

    /// The message of the triggers that keep a team in one org and a user's team in the user's org
    /// (the rows hold blind indexes, so the rule is on indexes: a team row's `org_index` must be
    /// the user row's).
    static let teamOutsideOrg = "srooter: a team belongs to exactly one org, and the team of a user to the org of that user"

}
