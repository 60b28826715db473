import ArgumentParser
import SrooterAudit
import SrooterEncoding
import SrooterPolicy
import SrooterStore

#if canImport(Glibc)
import Glibc
#endif

/// Shared by `srooter org|team|user|policy`: opening the store, running a store call with its
/// error on one line, and writing the admin action's audit record (actor `cli:<login>`).
enum AdminCLI {
    /// Runs `body` with the store; store failures become one line and exit code 2.
    static func run(_ location: Access.Location, action: String, target: String, _ body: (Store) async throws(StoreError) -> Void) async throws {
        let store: Store
        do { store = try location.open() } catch {
            printError(String(describing: error))
            throw ExitCode(2)
        }
        var status = 200
        do {
            try await body(store)
        } catch {
            status = 400
            printError(error.description)
        }
        let record = AuditRecord.adminAction(
            actor: "cli:\(login)", keyID: nil, requestID: "adm_cli_" + Hex.encode(SecureRandom.bytes(8)), action: action,
            target: target, status: status, latencyMs: 0)
        do {
            let log = try AuditLog.reader(databasePath: try location.databasePath(), environment: ProcessInfoLite.environment)
            try log.appendBlocking([record])
        } catch {
            printWarning("the admin action could not be written to the audit trail: \(error)")
        }
        if status != 200 { throw ExitCode(2) }
    }

    /// The login name of whoever runs the CLI.
    static var login: String {
        if let name = getenv("USER"), name.pointee != 0 { return String(cString: name) }
        return "uid\(getuid())"
    }

    /// Left-aligned columns.
    static func table(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            print(row.enumerated().map { $0.element + String(repeating: " ", count: widths[$0.offset] - $0.element.count) }.joined(separator: "  "))
        }
    }

    static func scope(_ text: String) throws -> ScopeRef {
        guard let scope = ScopeRef(parsing: text) else {
            throw ValidationError("'\(text)' is not a scope: use org:NAME, team:NAME, user:NAME or key:ID")
        }
        return scope
    }
}
