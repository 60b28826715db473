import Foundation
import SrooterTestSupport
import Testing

/// `srooter credentials`, `vault rotate-master` and `audit key|verify` as a person runs them.
@Suite struct VaultCLITests {
    @Test func credentialsLifecycleAndMasterKeyRotation() async throws {
        let folder = TemporaryDirectory()
        let db = ["--db", folder.file("data/srooter.db"), "--config", folder.file("none.yaml")]
        func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) async throws -> CommandResult {
            try await CommandRunner.srooter(arguments + db, stdin: stdin, environment: environment, in: folder.path)
        }
        _ = try await CommandRunner.run("mkdir", ["-p", folder.file("data")])
        _ = try await CommandRunner.run("sqlite3", [folder.file("data/srooter.db"), "VACUUM"])
        // made by hand, so private by hand: srooter refuses a database other users can read (issue 16)
        _ = try await CommandRunner.run("chmod", ["600", folder.file("data/srooter.db")])
        let add = try await run(["credentials", "add", "anthropic-prod", "--provider", "anthropic", "--from-env", "CANARY_SECRET"],
            environment: ["CANARY_SECRET": "sk-ant-canary-cli-77"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(try await run(["credentials", "add", "openai-prod", "--provider", "openai", "--stdin"], stdin: "sk-openai-canary-88\n").status == 0)
        let list = try await run(["credentials", "list"])
        #expect(list.stdout.contains("anthropic-prod") && list.stdout.contains("openai-prod"))
        #expect(!list.stdout.contains("canary") && !list.stderr.contains("canary"))
        #expect(try await run(["credentials", "rotate", "openai-prod", "--stdin"], stdin: "sk-openai-canary-99").status == 0)

        let rotate = try await run(["vault", "rotate-master"])
        #expect(rotate.status == 0, "\(rotate.stderr)")
        #expect(rotate.stdout.contains("Rewrapped 2 credential keys"))
        #expect(try await run(["credentials", "list"]).status == 0)

        let wrong = try await run(["credentials", "list"], environment: ["SROOTER_MASTER_KEY": String(repeating: "A", count: 43) + "="])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("not the one this database was encrypted with"))
        #expect(try await run(["credentials", "remove", "openai-prod"]).status == 0)
        #expect(try await run(["credentials", "remove", "openai-prod"]).status == 2)

        // Access keys are sealed too: the CLI needs the master key, and a wrong one changes nothing.
        let access = ["--database", folder.file("data/srooter.db"), "--config", folder.file("none.yaml")]
        let refused = try await CommandRunner.srooter(
            ["access", "create", "--user", "canary-user"] + access, environment: ["SROOTER_MASTER_KEY": String(repeating: "A", count: 43) + "="],
            in: folder.path)
        #expect(refused.status != 0 && refused.stderr.contains("not the one this database was encrypted with"), "\(refused.stderr)")
        let created = try await CommandRunner.srooter(["access", "create", "--user", "canary-user"] + access, in: folder.path)
        #expect(created.status == 0, "\(created.stderr)")
        let listed = try await CommandRunner.srooter(["access", "list"] + access, in: folder.path)
        #expect(listed.stdout.contains("canary-user") && listed.stdout.split(separator: "\n").count == 2, "\(listed.stdout)")

        let key = try await run(["audit", "key"])
        #expect(key.status == 0 && key.stdout.count > 40)
        let verify = try await run(["audit", "verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        // Two records: creating and listing the keys are admin actions, audited as the API's are (issue 18).
        #expect(verify.stdout.hasPrefix("OK: 2 records"), "\(verify.stdout)")
        // Each CLI run folds its WAL into the database when it exits, so the database holds every page written.
        #expect(!FileManager.default.fileExists(atPath: folder.file("data/srooter.db-wal")), "a WAL outlived the CLI: scan it too")
        #expect(!folder.read("data/srooter.db").isEmpty)
        for needle in ["canary", "anthropic", "openai"] {
            #expect(folder.read("data/srooter.db").firstRange(of: Array(needle.utf8)) == nil, "\(needle) is in data/srooter.db")
        }
    }
}
