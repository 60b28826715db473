import SrooterAudit
import Yams

/// The `audit:`, `vault:` and `admin:` sections of the config (issue 7).
///
/// ```yaml
/// audit:
///   checkpoint_every_records: 1000   # sign the chain head after this many records...
///   checkpoint_every_seconds: 60     # ...or this many seconds, whichever comes first
///   retention_days: 365              # delete older records (a signed checkpoint stays at the cut)
///   key_file: ./data/audit.key       # Ed25519 audit key (default: audit.key beside the database)
/// vault:
///   master_key_file: /etc/srooter/master.key   # mode 0600; default SROOTER_MASTER_KEY, else ./data/master.key
/// admin:
///   key: env:SROOTER_ADMIN_KEY       # or key_sha256: <hex>; allows GET /admin/audit
/// ```
public struct SecurityConfig: Sendable, Equatable {
    public var audit = AuditSettings()
    /// The audit key file (default: `audit.key` in the database's folder).
    public var auditKeyFile: String?
    /// The master key file (default: `SROOTER_MASTER_KEY`, else `master.key` in the database's folder).
    public var masterKeyFile: String?
    /// Where the admin key comes from; nil: `/admin` is closed.
    public var adminKey: AdminKey?

    public init() {}

    /// The admin key: the SHA-256 that a presented key must hash to.
    public enum AdminKey: Sendable, Equatable {
        case environment(name: String)
        case sha256(hex: String)
    }
}

extension ConfigReader {
    /// Reads one of `audit`, `vault`, `admin` (called from `read`).
    mutating func readSecurity(_ section: String, _ node: Node, into config: inout GatewayConfig) {
        guard let mapping = node.mapping else {
            return note(node, "\(section) must be a mapping")
        }
        let allowed: [String: Set<String>] = [
            "audit": ["checkpoint_every_records", "checkpoint_every_seconds", "retention_days", "key_file"],
            "vault": ["master_key_file"],
            "admin": ["key", "key_sha256"],
        ]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string, allowed[section]?.contains(key) == true else {
                note(keyNode, "\(section): unknown key '\(keyNode.string ?? "?")' (expected one of: \((allowed[section] ?? []).sorted().joined(separator: ", ")))")
                continue
            }
            let text = value.string ?? ""
            switch (section, key) {
            case ("audit", "checkpoint_every_records"), ("audit", "retention_days"):
                guard let number = Int(text), number >= 1 else { note(value, "\(section).\(key) must be a whole number of at least 1"); continue }
                if key == "retention_days" { config.security.audit.retentionDays = number } else { config.security.audit.checkpointEveryRecords = number }
            case ("audit", "checkpoint_every_seconds"):
                guard let seconds = Double(text), seconds >= 0.01, seconds.isFinite else { note(value, "audit.checkpoint_every_seconds must be a number of at least 0.01"); continue }
                config.security.audit.checkpointEverySeconds = seconds
            case ("audit", "key_file"), ("vault", "master_key_file"):
                guard !text.isEmpty else { note(value, "\(section).\(key) must be a path"); continue }
                if section == "audit" { config.security.auditKeyFile = text } else { config.security.masterKeyFile = text }
            case ("admin", "key"):
                guard text.hasPrefix("env:"), text.count > 4 else { note(value, "admin.key must be 'env:VARIABLE'"); continue }
                let variable = String(text.dropFirst(4))
                if (environment[variable] ?? "").isEmpty { note(value, "admin.key: environment variable \(variable) is not set") }
                config.security.adminKey = .environment(name: variable)
            default:
                guard text.utf8.count == 64, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
                    note(value, "admin.key_sha256 must be 64 lower-case hex digits (printf %s KEY | sha256sum)"); continue
                }
                config.security.adminKey = .sha256(hex: text)
            }
        }
    }

    private mutating func note(_ node: Node, _ message: String) {
        problems.append(ConfigProblem(line: node.mark?.line ?? 0, message: message))
    }
}

extension ConfigLoader {
    /// The `database:` and security sections, read leniently (for the CLI's `audit`, `credentials`
    /// and `vault` commands, which must work while a provider's environment variable is unset).
    public static func security(text: String) -> (databasePath: String?, security: SecurityConfig) {
        var config = GatewayConfig()
        guard let root = try? Yams.compose(yaml: text), let mapping = root.mapping else { return (nil, config.security) }
        var reader = ConfigReader(environment: [:])
        for (key, value) in mapping {
            guard let name = key.string, ["audit", "vault", "admin"].contains(name) else { continue }
            reader.readSecurity(name, value, into: &config)
        }
        return (databasePath(text: text), config.security)
    }
}
