import Foundation
import SrooterStore
import SrooterAudit
import SrooterTestSupport
import Testing

/// Cortex over MCP: `srooter serve` at /mcp, driven by the official MCP Python SDK (`mcp` from PyPI).
@Suite(.serialized) struct CortexMCPTests {
    struct Answers: Decodable {
        struct Call: Decodable { let error: Bool; let text: String }
        let server: String
        let tools: [String]
        let cortex_search: Call
        let cortex_map: Call
        let cortex_neighbours: Call
        let cortex_path: Call
        let other_repo: Call
    }

    @Test func theMCPSDKListsAndCallsEveryToolOnlyOnTheCallersTeamsRepositories() async throws {
        let fixture = try await CortexFixture()
        let port = LoopbackPort.free()
        let config = fixture.folder.file("srooter.yaml")
        try """
            listen: {host: 127.0.0.1, port: \(port)}
            database: \(fixture.database)
            providers:
              mock: {kind: mock}
            models:
              mock-claude: {provider: mock, upstream: mock-claude-1}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        func cli(_ arguments: [String]) async throws -> CommandResult {
            let result = try await CommandRunner.srooter(arguments + ["--config", config], in: fixture.folder.path)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result
        }
        _ = try await cli(["org", "create", "acme"])
        _ = try await cli(["team", "create", "platform", "--org", "acme"])
        _ = try await cli(["team", "create", "other", "--org", "acme"])
        _ = try await cli(["user", "create", "ada", "--org", "acme", "--team", "platform"])
        _ = try await cli(["user", "grant", "ada", "member", "--team", "platform"])
        let key = try await cli(["access", "create", "--user", "ada", "--team", "platform"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.hasPrefix("sk-srt-"))
        // A repository belongs to a team of the directory: an unknown team is refused.
        let unknownTeam = try await CommandRunner.srooter(["cortex", "index", fixture.repo, "--repo", "shapes", "--team", "nosuch", "--config", config], in: fixture.folder.path)
        #expect(unknownTeam.status == 2 && unknownTeam.stderr.contains("team 'nosuch'"), "\(unknownTeam.stderr)")
        _ = try await cli(["cortex", "index", fixture.repo, "--repo", "shapes", "--team", "platform"])
        // Another team's repository, with names the caller must never see.
        let secret = TemporaryDirectory()
        _ = secret.write("Hidden.swift", "struct hidden {}\nstruct SecretProjectName {}\n")
        _ = try await cli(["cortex", "index", secret.path, "--repo", "secret-repo", "--team", "other"])

        let log = fixture.folder.file("serve.log")
        let serve = try await BackgroundProcess.srooter(["serve", "--config", config, "--allow-unverified"], log: log)
        defer { serve.terminate() }
        #expect(await LoopbackPort.waitUntilOpen(port), "serve did not start: \(String(decoding: fixture.folder.read("serve.log"), as: UTF8.self))")
        let url = "http://127.0.0.1:\(port)/mcp"

        let run = try await PythonScript.run("Tests/SrooterCortexTests/mcp_cortex_check.py", [url, key, "shapes"], timeLimit: 120)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr.suffix(3000))")
        let answers = try JSONDecoder().decode(Answers.self, from: Data(run.stdout.utf8))
        #expect(answers.server == "srooter-cortex")
        #expect(answers.tools == ["cortex_map", "cortex_neighbours", "cortex_path", "cortex_search"])
        let helpersLine = try await fixture.line(of: "func helperScale", in: "Sources/Shapes/Helpers.swift")
        #expect(!answers.cortex_search.error && answers.cortex_search.text.contains(#""line":\#(helpersLine)"#)
            && answers.cortex_search.text.contains(#""path":"Sources/Shapes/Helpers.swift""#), "\(answers.cortex_search.text)")
        #expect(!answers.cortex_map.error && answers.cortex_map.text.hasPrefix("Sources/App/main.swift:\n"), "\(answers.cortex_map.text)")
        #expect(!answers.cortex_neighbours.error && answers.cortex_neighbours.text.contains(#""name":"area""#), "\(answers.cortex_neighbours.text)")
        #expect(!answers.cortex_path.error && answers.cortex_path.text.contains(#""via":"references helperScale""#), "\(answers.cortex_path.text)")
        // Another team's repository answers as if it did not exist, naming only the caller's own.
        #expect(answers.other_repo.error && answers.other_repo.text == "repository 'secret-repo' is not one you may read; yours: shapes", "\(answers.other_repo.text)")

        // Without a key, from another origin, or with GET (no SSE stream): refused.
        let noKey = try await CommandRunner.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", url, "-H", "content-type: application/json",
                                                   "-d", #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#])
        #expect(noKey.stdout == "401")
        let origin = try await CommandRunner.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", url, "-H", "content-type: application/json",
                                                    "-H", "authorization: Bearer \(key)", "-H", "origin: http://evil.example",
                                                    "-d", #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#])
        #expect(origin.stdout == "403")
        let get = try await CommandRunner.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", url, "-H", "authorization: Bearer \(key)"])
        #expect(get.stdout == "405")

        // Content never leaves: not in the answers, the live WAL or the log; nor the other team's names.
        let wal = try #require(WriteAheadLog.bytes(ofDatabase: fixture.database), "no WAL to scan while serve runs")
        #expect(await serve.stopProblem() == nil)
        let serveLog = String(decoding: fixture.folder.read("serve.log"), as: UTF8.self)
        for canary in CortexFixture.canaries {
            #expect(!run.stdout.contains(canary) && !run.stderr.contains(canary), "\(canary) in an MCP answer")
            #expect(wal.firstRange(of: Data(canary.utf8)) == nil, "\(canary) in the WAL")
            #expect(!serveLog.contains(canary), "\(canary) in serve's log")
        }
        #expect(!run.stdout.contains("SecretProjectName"))
        #expect(wal.firstRange(of: Data("helperScale".utf8)) == nil && !serveLog.contains("helperScale"))

        // Every MCP call is an audit record: method, tool and repository, never the arguments.
        let records = try await AuditLog.reader(databasePath: fixture.database).latest(limit: 1000).filter { $0.surface == "mcp" }
        let notes = records.compactMap(\.note)
        for tool in ["cortex_search", "cortex_map", "cortex_neighbours", "cortex_path"] {
            #expect(notes.contains("mcp tools/call \(tool) repo:shapes"), "\(notes)")
        }
        #expect(notes.contains("mcp tools/call cortex_search repo:secret-repo"))
        #expect(records.contains { $0.note == "mcp tools/call cortex_search repo:secret-repo" && $0.status == 400 })
        #expect(notes.contains("mcp initialize") && notes.contains("mcp tools/list"))
        #expect(records.allSatisfy { $0.user == "ada" })
        #expect(!notes.joined().contains("helperScale") && !notes.joined().contains("hidden"))
    }
}
