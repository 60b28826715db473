import Foundation
import SrooterAudit
import SrooterTestSupport
import Testing

/// The real Claude Code (the `claude` binary bundled in claude-agent-sdk) with an MCP config that
/// points at srooter's /mcp, in a scripted session against srooter's built-in mock model: asked to
/// use `cortex_search`, it calls it through srooter and gets the answer. Offline: any connection
/// outside 127.0.0.1 goes to a proxy address where nothing listens.
@Suite(.serialized) struct CortexAgentTests {
    static func claudePath() async throws -> String {
        let expression = "import os, claude_agent_sdk; print(os.path.join(os.path.dirname(claude_agent_sdk.__file__), '_bundled', 'claude'))"
        let found = try await CommandRunner.run(PythonScript.python, ["-c", expression], timeLimit: 60)
        let path = found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(found.status == 0 && FileManager.default.isExecutableFile(atPath: path), "claude is not in the test venv (make deps): \(found.stderr)")
        return path
    }

    @Test func claudeCodeCallsCortexSearchThroughSrooter() async throws {
        let claude = try await Self.claudePath()
        let folder = TemporaryDirectory()
        let port = LoopbackPort.free()
        let config = folder.file("srooter.yaml")
        let database = folder.file("data/srooter.db")
        try """
            listen: {host: 127.0.0.1, port: \(port)}
            database: \(database)
            providers:
              mock: {kind: mock}
            models:
              mock-claude: {provider: mock, upstream: mock-claude-1}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        // The mock model fills a string argument with "srooter": the repository and the symbol are named so.
        try FileManager.default.createDirectory(atPath: folder.file("repo/Sources/Tool"), withIntermediateDirectories: true)
        _ = folder.write("repo/Sources/Tool/Entry.swift", "struct srooter {\n    let version = 1\n}\n")
        let index = try await CommandRunner.srooter(["cortex", "index", folder.file("repo"), "--repo", "srooter", "--team", "demo", "--config", config], in: folder.path)
        #expect(index.status == 0, "\(index.stderr)")
        let key = try await CommandRunner.srooter(["access", "create", "--user", "demo", "--team", "demo", "--config", config], in: folder.path)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let serve = try await BackgroundProcess.srooter(["serve", "--config", config, "--allow-unverified"], log: folder.file("serve.log"))
        defer { serve.terminate() }
        #expect(await LoopbackPort.waitUntilOpen(port), "serve did not start")

        let home = folder.file("home"), work = folder.file("work")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let mcpConfig = folder.write("mcp.json", #"{"mcpServers":{"cortex":{"type":"http","url":"http://127.0.0.1:\#(port)/mcp","headers":{"Authorization":"Bearer \#(key)"}}}}"#)
        let deadProxy = "http://127.0.0.1:\(LoopbackPort.free())"
        var environment = [
            "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=\(home)", "ANTHROPIC_BASE_URL=http://127.0.0.1:\(port)", "ANTHROPIC_AUTH_TOKEN=\(key)",
            "ANTHROPIC_MODEL=mock-claude", "DISABLE_TELEMETRY=1", "DISABLE_ERROR_REPORTING=1", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1",
            // Tool search would defer MCP tools behind a search tool the mock model does not use.
            "DISABLE_AUTOUPDATER=1", "ENABLE_TOOL_SEARCH=false", "NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost",
        ]
        for name in ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy", "ALL_PROXY"] { environment.append("\(name)=\(deadProxy)") }
        let run = try await CommandRunner.run("env", ["-i"] + environment + [
            claude, "-p", "Use the mcp__cortex__cortex_search tool, then say what you found.",
            "--mcp-config", mcpConfig, "--strict-mcp-config", "--allowedTools", "mcp__cortex__cortex_search",
            "--output-format", "stream-json", "--verbose",
        ], in: work, timeLimit: 90)
        #expect(run.status == 0, "exit \(run.status)\nstdout: \(run.stdout.suffix(2000))\nstderr: \(run.stderr.suffix(3000))")
        // The session's transcript carries the tool's result as Claude Code received it.
        #expect(run.stdout.contains(#"\"path\":\"Sources/Tool/Entry.swift\""#) && run.stdout.contains(#"\"kind\":\"struct\""#), "\(run.stdout.suffix(3000))")
        #expect(await serve.stopProblem() == nil)

        let records = try await AuditLog.reader(databasePath: database).latest(limit: 1000)
        let calls = records.filter { $0.surface == "mcp" && $0.note == "mcp tools/call cortex_search repo:srooter" }
        #expect(calls.count == 1 && calls.first?.status == 200, "MCP records: \(records.filter { $0.surface == "mcp" }.map { "\($0.note ?? "") \($0.status)" })")
        #expect(records.filter { $0.surface == "anthropic-messages" }.count >= 2, "the tool call and the answer to its result")
    }
}
