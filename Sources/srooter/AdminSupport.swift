import ArgumentParser
import SrooterAudit
import SrooterGateway
import SrooterPolicy
import SrooterStore

#if canImport(Glibc)
import Glibc
#endif

/// Shared by `srooter org|team|user|policy|access`: the admin service on this machine's database,
/// acting as the local owner (whoever holds the database file and its master key owns every org),
/// with each action written to the audit trail as `cli:<login>`.
enum AdminCLI {
    /// What each admin command's help says about who it acts as.
    static let actsAsOwner = """
        The CLI acts as the local owner: it opens the database with its master key, so it may do \
        what an owner of every org may do (and give keys, roles and policies to users the directory \
        does not know yet). Its checks, validation and audit records are those of /admin/v1 \
        (actor cli:<login>); a refusal is one line and exit code 2.
        """

    /// A subcommand's help: its example, then who the CLI acts as.
    static func help(_ example: String) -> String { example + "\n\n" + actsAsOwner }

    /// Runs `body` with the service as the local owner; a refusal is one line and exit code 2.
    static func run(_ location: Access.Location, _ body: (Administration, AdminActor) async throws(AdminError) -> Void) async throws {
        let store: Store
        let path: String
        do {
            store = try await location.open()
            path = try location.databasePath()
        } catch {
            printError(String(describing: error))
            throw ExitCode(2)
        }
        let service = Administration.local(store: store, trail: LocalTrail(databasePath: path))
        do {
            try await body(service, .localOwner(login: login))
        } catch {
            printError(error.message)
            throw ExitCode(2)
        }
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
}

/// The CLI's audit trail: the admin record appended to the database's hash chain (a failure to
/// write it is a warning: the action itself is done).
struct LocalTrail: AdminTrail {
    let databasePath: String

    func append(_ record: AuditRecord) async {
        do {
            let log = try await AuditLog.reader(databasePath: databasePath, environment: ProcessInfoLite.environment)
            try await log.append([record])
        } catch {
            printWarning("the admin action could not be written to the audit trail: \(error)")
        }
    }
}
