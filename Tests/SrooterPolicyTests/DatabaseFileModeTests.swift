import Foundation
import SrooterTestSupport
import Testing

/// The database's files are private whatever the umask, and a database other users can read is
/// refused unless `--allow-insecure-permissions` (issue 16, item 8). Runs the real `srooter`
/// under `umask 000` through `/bin/sh`, and reads the modes with `stat`.
@Suite(.serialized) struct DatabaseFileModeTests {
    /// `srooter ARGS` under umask 000.
    static func permissive(_ arguments: [String]) -> (executable: String, arguments: [String]) {
        ("/bin/sh", ["-c", "umask 000; exec \"$0\" \"$@\"", CommandRunner.srooter] + arguments)
    }

    /// The permission bits of `path`, as `stat` (coreutils) prints them in octal.
    static func mode(_ path: String) async throws -> String {
        try await CommandRunner.run("stat", ["-c", "%a", path]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts `srooter serve` (under umask 000), waits for its port; the caller terminates it.
    static func serve(_ config: String, port: Int, extra: [String] = [], log: String) throws -> BackgroundProcess {
        let (executable, arguments) = permissive(["serve", "--config", config, "--allow-unverified"] + extra)
        return try BackgroundProcess(executable, arguments, log: log, environment: ["MOCK_PROVIDER_KEY": "k", "SROOTER_LOG_LEVEL": "warning"])
    }

    /// Waits up to 20 s for `process` to exit; its status, or nil if it is still running.
    static func exitStatus(_ process: BackgroundProcess) async -> Int32? {
        await process.waitForExit(seconds: 20) ? process.process.terminationStatus : nil
    }

    @Test func filesArePrivateAndAnExposedDatabaseIsRefused() async throws {
        let folder = TemporaryDirectory()
        let port = LoopbackPort.free()
        let database = folder.file("data/srooter.db")
        let config = folder.write("srooter.yaml", """
            listen: {host: 127.0.0.1, port: \(port)}
            database: \(database)
            providers:
              anthropic-mock: {kind: anthropic, base_url: "http://127.0.0.1:9", credential: "env:MOCK_PROVIDER_KEY"}
            models:
              claude-test: {provider: anthropic-mock, upstream: mock-claude-1, price: {input: 3, output: 15}}
            """)
        let (sh, created) = Self.permissive(["org", "create", "acme", "--config", config])
        let first = try await CommandRunner.run(sh, created)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try await Self.mode(folder.file("data")) == "700")
        #expect(try await Self.mode(database) == "600")

        // While serving, SQLite's -wal and -shm exist: they take the database's mode, not the umask's.
        let server = try Self.serve(config, port: port, log: folder.file("serve.log"))
        defer { server.terminate() }
        #expect(await LoopbackPort.waitUntilOpen(port), "serve did not start: \(String(decoding: folder.read("serve.log"), as: UTF8.self))")
        let written = try await CommandRunner.run(sh, Self.permissive(["user", "create", "ada", "--org", "acme", "--config", config]).arguments)
        #expect(written.status == 0, "\(written.stderr)")
        let deadline = Date().addingTimeInterval(20)
        while !(FileManager.default.fileExists(atPath: database + "-wal") && FileManager.default.fileExists(atPath: database + "-shm")), Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await Self.mode(database + "-wal") == "600")
        #expect(try await Self.mode(database + "-shm") == "600")
        await server.stop(grace: 15)

        // Made readable by others, the database is refused by serve and by the CLI, naming the file and its mode.
        #expect(chmod(database, 0o644) == 0)
        let listed = try await CommandRunner.srooter(["user", "list", "--config", config])
        #expect(listed.status == 2 && listed.stderr.contains("\(database) has mode 644"), "\(listed.status) \(listed.stderr)")
        let refused = try Self.serve(config, port: port, log: folder.file("refused.log"))
        defer { refused.terminate() }
        #expect(await Self.exitStatus(refused) == 2)
        let said = String(decoding: folder.read("refused.log"), as: UTF8.self)
        #expect(said.contains("\(database) has mode 644") && said.contains("--allow-insecure-permissions"), "\(said)")

        // ...unless the operator says so.
        let allowed = try await CommandRunner.srooter(["user", "list", "--config", config, "--allow-insecure-permissions"])
        #expect(allowed.status == 0 && allowed.stdout.contains("ada"), "\(allowed.stderr)")
        let started = try Self.serve(config, port: port, extra: ["--allow-insecure-permissions"], log: folder.file("allowed.log"))
        defer { started.terminate() }
        #expect(await LoopbackPort.waitUntilOpen(port), "serve --allow-insecure-permissions did not start")
    }
}
