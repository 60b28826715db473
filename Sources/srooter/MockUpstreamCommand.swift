import ArgumentParser
import Logging
import SrooterGateway

#if canImport(Glibc)
import Glibc
#endif

/// `srooter mock-upstream`: a stand-in provider for tests, demos and the benchmark.
struct MockUpstream: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock-upstream",
        abstract: "Serve canned, realistic provider responses in all three wires (no key needed).",
        discussion: """
            Answers POST /v1/messages, /v1/messages/count_tokens, /v1/chat/completions and \
            /v1/responses like the real providers, streaming (about twenty events) or not, with a tool \
            call when the request offers tools. A marker in the request switches behaviour: mock:429, \
            mock:400, mock:529, mock:500, mock:midstream-failure, mock:slow, mock:idle, mock:hang. \
            GET /_mock/stats counts requests, finished and cancelled streams.

            A model name containing mock-agent selects the scripted agent: a real coding agent \
            (Claude Code, Codex, aider) finishes a loop that writes result.txt holding \
            srooter-agent-ok (a shell tool call, then text after its result; for aider, an edit \
            block in the format its prompt asks for). Each of its answers prints one line with \
            its kind and token counts (no content).

            A council's ranking prompt (one asking for a "FINAL RANKING:" list) gets a ranking of             the responses it quotes, last label first. --delay-ms MODEL=MS delays the response             head of every request for that upstream model (repeatable; for the council benchmark).

            Example:
              srooter mock-upstream --port 4010
              srooter mock-upstream --port 4010 --delay-ms mock-a=200 --delay-ms mock-b=400
            """
    )

    @Option(help: "The port to listen on (127.0.0.1).")
    var port = 4010

    @Option(name: .customLong("delay-ms"), help: "MODEL=MS: wait MS milliseconds before answering a request for MODEL (repeatable).")
    var delays: [String] = []

    func validate() throws {
        _ = try delayTable()
    }

    /// `--delay-ms` as upstream model → milliseconds.
    func delayTable() throws -> [String: Int] {
        var table: [String: Int] = [:]
        for item in delays {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let ms = Int(parts[1]), ms >= 0, ms <= 600_000 else {
                throw ValidationError("--delay-ms takes MODEL=MS with MS a whole number of milliseconds up to 600000 (got '\(item)')")
            }
            table[parts[0]] = ms
        }
        return table
    }

    func run() async throws {
        GatewayLogging.bootstrap(level: .warning)
        let server = MockUpstreamServer(port: port, logger: Logger(label: "srooter.mock"), delays: try delayTable()) { line in
            print(line)
            fflush(nil)
        }
        try await server.run { bound in
            print("srooter mock-upstream: listening on http://127.0.0.1:\(bound)")
            fflush(nil)
        }
    }
}
