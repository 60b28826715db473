import AsyncHTTPClient
import Foundation
import NIOCore
import SrooterAudit
import SrooterStore
import SrooterTestSupport
import Testing

/// Council routes through the real `srooter serve`, its members on two wires: an anthropic-kind
/// and an openai-kind provider, both the real `srooter mock-upstream` (which answers a ranking
/// prompt with a `FINAL RANKING:` list, last label first).
///
/// The mock reports 25 input, 42 output, 10 cache-read and 5 cache-write tokens on the Anthropic
/// wire, and 35 prompt tokens of which 10 cached and 42 completion tokens on Chat (so 25, 42, 10
/// and 0). At claude-a's prices (3, 15, 0.3, 3.75 USD per million) an Anthropic call costs
/// 726.75 µ$; at gpt-b's (1.25, 10, 0.125) a Chat call costs 452.5 µ$.
@Suite(.serialized) struct CouncilLiveTests {
    static func live(logLevel: String = "warning") throws -> LiveRouting {
        // Provider timeouts longer than the member timeouts, so only the council ends a hanging member.
        try LiveRouting(logLevel: logLevel, timeouts: "{connect_seconds: 2, idle_seconds: 50, total_seconds: 90, drain_seconds: 5}") { live in
            """
            providers:
              anth: {kind: anthropic, base_url: "http://127.0.0.1:\(live.mockPort)", credential: "env:MOCK_PROVIDER_KEY"}
              oai: {kind: openai, base_url: "http://127.0.0.1:\(live.mockPort)/v1", credential: "env:MOCK_PROVIDER_KEY"}
            models:
              claude-a: {provider: anth, upstream: mock-claude-a, price: {input: 3, output: 15, cache_read: 0.3, cache_write: 3.75}}
              gpt-b: {provider: oai, upstream: mock-gpt-b, price: {input: 1.25, output: 10, cache_read: 0.125}}
              broken: {provider: oai, upstream: "mock:529", price: {input: 1, output: 1}}
              broken500: {provider: anth, upstream: "mock:500", price: {input: 1, output: 1}}
              slow: {provider: oai, upstream: "mock:hang", price: {input: 1, output: 1}}
            routes:
              panel: {strategy: council, candidates: [claude-a, gpt-b]}
              shaky: {strategy: council, candidates: [claude-a, gpt-b, broken]}
              dead: {strategy: council, candidates: [broken, broken500]}
              patient: {strategy: council, candidates: [claude-a, gpt-b, slow], council: {member_timeout_seconds: 1}}
              waiting: {strategy: council, candidates: [claude-a, slow], council: {member_timeout_seconds: 30}}
            """
        }
    }

    /// The audit records of model requests (not the admin records of `access create`), newest first.
    static func requests(_ live: LiveRouting) async throws -> [AuditRecord] {
        try await AuditLog.reader(databasePath: live.folder.file("srooter.db")).latest(limit: 50).filter { $0.requestedModel != nil }
    }

    /// Three Anthropic calls and two Chat calls (two answers, two rankings, the chair on claude-a).
    static let councilCostUSD = (3 * 726.75 + 2 * 452.5) / 1_000_000

    static func delta(_ after: [String: Any], _ before: [String: Any], _ key: String, path: String? = nil) -> Int {
        func value(_ stats: [String: Any]) -> Int {
            if let path { return (stats["paths"] as? [String: Any])?[path] as? Int ?? 0 }
            return stats[key] as? Int ?? 0
        }
        return value(after) - value(before)
    }

    /// The text of an Anthropic stream's text deltas.
    static func streamedText(_ body: String) -> String {
        body.split(separator: "\n").filter { $0.hasPrefix("data: ") }.compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any]
            return (object?["delta"] as? [String: Any])?["text"] as? String
        }.joined()
    }

    @Test func aCouncilOnTwoWiresAnswersEachClientInItsOwnWire() async throws {
        let live = try Self.live()
        let check = try await live.cli(["config", "check", live.config])
        #expect(check.status == 0, "\(check.stderr)")
        let key = try await live.start()
        let client = HTTPClient.shared

        // An Anthropic client, streaming: the chair (anthropic kind) streams in the client's wire.
        var before = try await live.mockStats(client)
        let streamed = try await live.post(client, "/v1/messages", key: key,
            body: #"{"model":"panel","max_tokens":200,"stream":true,"messages":[{"role":"user","content":"Which bees make honey?"}]}"#)
        var after = try await live.mockStats(client)
        #expect(streamed.status == 200, "\(streamed)")
        for event in ["event: message_start", "event: content_block_delta", "event: message_delta", "event: message_stop"] {
            #expect(streamed.body.contains(event), "\(event) in \(streamed.body.prefix(400))")
        }
        // The mock echoes the start of the prompt it got: the chair's.
        #expect(Self.streamedText(streamed.body).contains("You said: You chair a council of assistants."), "\(Self.streamedText(streamed.body))")
        #expect(Self.delta(after, before, "requests") == 5, "two answers, two rankings, one chair: \(after)")
        #expect(Self.delta(after, before, "rankings") == 2)
        #expect(Self.delta(after, before, "", path: "/v1/messages") == 3 && Self.delta(after, before, "", path: "/v1/chat/completions") == 2)

        // A Chat client, not streaming: the chair's Anthropic answer is translated into Chat.
        before = after
        let whole = try await live.post(client, "/v1/chat/completions", key: key,
            body: #"{"model":"panel","messages":[{"role":"user","content":"Which bees make honey?"}]}"#)
        after = try await live.mockStats(client)
        #expect(whole.status == 200, "\(whole)")
        let object = try JSONSerialization.jsonObject(with: Data(whole.body.utf8)) as? [String: Any]
        let message = ((object?["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String
        #expect(object?["object"] as? String == "chat.completion" && message?.contains("You said: You chair a council of assistants.") == true, "\(whole.body)")
        #expect(Self.delta(after, before, "requests") == 5 && Self.delta(after, before, "rankings") == 2)
        #expect(Self.delta(after, before, "", path: "/v1/messages") == 3 && Self.delta(after, before, "", path: "/v1/chat/completions") == 2)
        await live.stop()

        let records = try await Self.requests(live)
        #expect(records.count == 2)
        for record in records {
            #expect(record.routing == "council" && record.requestedModel == "panel" && record.servedModel == "mock-claude-a" && record.provider == "anth")
            #expect(record.status == 200 && record.outcome == "ok", "\(record.outcome)")
            // Five calls: 3 Anthropic (25, 42, 10, 5) and 2 Chat (25, 42, 10, 0).
            #expect(record.inputTokens == 125 && record.outputTokens == 210 && record.cacheReadTokens == 50 && record.cacheWriteTokens == 15)
            #expect(abs(record.costUSD - Self.councilCostUSD) < 1e-12, "\(record.costUSD)")
            let note = record.note ?? ""
            #expect(note.hasPrefix("route panel: council: members claude-a, gpt-b; chair claude-a; council: claude-a (in 80, out 84, $"), "\(note)")
            #expect(note.contains("gpt-b (in 70, out 84, $0.000905), chair claude-a (in 40, out 42, $0.000727)"), "\(note)")
            #expect(!note.contains("dropped") && !note.contains("ignored"), "\(note)")
        }
    }

    @Test func membersThatFailOrTimeOutAreDropped() async throws {
        let live = try Self.live()
        let key = try await live.start()
        let client = HTTPClient.shared
        let body = { (route: String) in #"{"model":"\#(route)","messages":[{"role":"user","content":"Which bees make honey?"}]}"# }

        var before = try await live.mockStats(client)
        let shaky = try await live.post(client, "/v1/chat/completions", key: key, body: body("shaky"))
        var after = try await live.mockStats(client)
        #expect(shaky.status == 200 && shaky.body.contains("You said: You chair"), "\(shaky)")
        #expect(Self.delta(after, before, "requests") == 6, "three answers (one 529), two rankings, one chair")
        #expect(Self.delta(after, before, "rankings") == 2)

        // Every member fails: the first member's error, in the client's wire.
        before = after
        let dead = try await live.post(client, "/v1/chat/completions", key: key, body: body("dead"))
        after = try await live.mockStats(client)
        #expect(dead.status == 529 && dead.body.contains(#""error""#) && dead.body.contains("every member of council route 'dead' failed"), "\(dead)")
        #expect(Self.delta(after, before, "requests") == 2)

        // A member over its timeout (1 s) is dropped and its call ended: the mock sees the hang-up.
        before = after
        let started = ContinuousClock.now
        let patient = try await live.post(client, "/v1/chat/completions", key: key, body: body("patient"))
        #expect(patient.status == 200 && ContinuousClock.now - started < .seconds(15), "\(patient)")
        var cancelled = 0
        for _ in 0..<100 where cancelled == 0 {
            cancelled = Self.delta(try await live.mockStats(client), before, "cancelled")
            if cancelled == 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(cancelled == 1, "the timed-out member's request was ended")
        await live.stop()

        let records = try await Self.requests(live)
        let shakyRecord = try #require(records.first { $0.requestedModel == "shaky" })
        #expect(shakyRecord.status == 200 && shakyRecord.routing == "council")
        #expect(shakyRecord.note?.contains("broken dropped (answer: 529)") == true, "\(shakyRecord.note ?? "")")
        #expect(abs(shakyRecord.costUSD - Self.councilCostUSD) < 1e-12, "the 529 costs nothing: \(shakyRecord.costUSD)")
        let deadRecord = try #require(records.first { $0.requestedModel == "dead" })
        #expect(deadRecord.status == 529 && deadRecord.outcome == "upstream_error" && deadRecord.costUSD == 0)
        #expect(deadRecord.note?.contains("broken dropped (answer: 529), broken500 dropped (answer: 500)") == true, "\(deadRecord.note ?? "")")
        let patientRecord = try #require(records.first { $0.requestedModel == "patient" })
        #expect(patientRecord.note?.contains("slow dropped (answer: timeout after 1.0 s)") == true, "\(patientRecord.note ?? "")")
    }

    @Test func aClientThatHangsUpEndsTheMemberCalls() async throws {
        let live = try Self.live()
        let key = try await live.start()
        let client = HTTPClient.shared
        let before = try await live.mockStats(client)
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(live.port)/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "authorization", value: "Bearer \(key)")
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"model":"waiting","messages":[{"role":"user","content":"hello"}]}"#))
        // `slow` hangs for a minute and its member timeout is 30 s; the client leaves after 1 s.
        await #expect(throws: (any Error).self) { _ = try await client.execute(request, timeout: .seconds(1)) }
        var cancelled = 0
        for _ in 0..<200 where cancelled == 0 {
            cancelled = Self.delta(try await live.mockStats(client), before, "cancelled")
            if cancelled == 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(cancelled == 1, "the hanging member's request was ended within 10 s of the hang-up")
        await live.stop()
        let record = try #require(try await Self.requests(live).first)
        #expect(record.requestedModel == "waiting" && record.outcome == "client_disconnected", "\(record)")
    }

    @Test func aTurnWithToolsGoesToTheDefault() async throws {
        let live = try Self.live()
        let key = try await live.start()
        let client = HTTPClient.shared
        let before = try await live.mockRequests(client)
        let answer = try await live.post(client, "/v1/chat/completions", key: key, body: """
            {"model":"panel","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],\
            "messages":[{"role":"user","content":"hello"}]}
            """)
        #expect(answer.status == 200, "\(answer)")
        #expect(try await live.mockRequests(client) - before == 1)
        await live.stop()
        let record = try #require(try await Self.requests(live).first)
        #expect(record.routing == "direct" && record.servedModel == "mock-claude-a")
        #expect(record.note?.hasPrefix("route panel: council: the turn declares 1 tool; the default") == true, "\(record.note ?? "")")
    }

    /// The official anthropic and openai Python SDKs through a council on all three wires, whole and
    /// streamed: each gets the chair's answer (the mock echoes the chair's prompt) through its own types.
    @Test func sdksThroughACouncil() async throws {
        let live = try Self.live()
        let key = try await live.start()
        let script = #"""
            import sys
            import anthropic, openai
            base, key = sys.argv[1], sys.argv[2]
            claude = anthropic.Anthropic(base_url=base, api_key=key, max_retries=0, timeout=30)
            gpt = openai.OpenAI(base_url=base + "/v1", api_key=key, max_retries=0, timeout=30)
            ask = [{"role": "user", "content": "Which bees make honey?"}]
            chair = "You said: You chair a council"
            out = claude.messages.create(model="panel", max_tokens=200, messages=ask)
            assert chair in out.content[0].text, out
            with claude.messages.stream(model="panel", max_tokens=200, messages=ask) as stream:
                assert chair in "".join(stream.text_stream)
            chat = gpt.chat.completions.create(model="panel", messages=ask)
            assert chair in chat.choices[0].message.content, chat
            chunks = gpt.chat.completions.create(model="panel", messages=ask, stream=True)
            assert chair in "".join(c.choices[0].delta.content or "" for c in chunks if c.choices), "chat stream"
            response = gpt.responses.create(model="panel", input="Which bees make honey?")
            assert chair in response.output_text, response
            events = list(gpt.responses.create(model="panel", input="Which bees make honey?", stream=True))
            assert "response.completed" in [e.type for e in events], events
            assert chair in "".join(e.delta for e in events if e.type == "response.output_text.delta"), events
            print("ok")
            """#
        let scriptFile = live.folder.file("sdk_council.py")
        try script.write(toFile: scriptFile, atomically: true, encoding: .utf8)
        let python = ProcessInfo.processInfo.environment["SROOTER_PYTHON"] ?? LearnedRouterTests.root + "/.build/venv/bin/python"
        let run = try await CommandRunner.run(python, [scriptFile, "http://127.0.0.1:\(live.port)", key], timeLimit: 180)
        #expect(run.status == 0 && run.stdout == "ok\n", "\(run.stdout)\n\(run.stderr.suffix(3000))")
        await live.stop()
        let records = try await Self.requests(live)
        #expect(records.count == 6 && records.allSatisfy { $0.routing == "council" && $0.outcome == "ok" && $0.servedModel == "mock-claude-a" })
        #expect(records.allSatisfy { $0.outputTokens == 5 * 42 }, "five calls each: \(records.map(\.outputTokens))")
    }

    /// A canary in the prompt (and so in every member's answer, which the mock echoes, and in the
    /// ranking and chair prompts that quote them) is in none of the database, its WAL or the logs.
    @Test func noAnswerTextIsStored() async throws {
        let canary = "canary\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        let live = try Self.live(logLevel: "trace")
        let key = try await live.start()
        let client = HTTPClient.shared
        for (path, stream) in [("/v1/messages", true), ("/v1/chat/completions", false), ("/v1/messages", false)] {
            let answer = try await live.post(client, path, key: key, body: """
                {"model":"shaky","max_tokens":100,"stream":\(stream),"messages":[{"role":"user","content":"\(canary) which bees make honey?"}]}
                """)
            #expect(answer.status == 200, "\(answer)")
        }
        let wal = try #require(WriteAheadLog.bytes(ofDatabase: live.folder.file("srooter.db")), "no WAL to scan while serve runs")
        #expect(!String(decoding: wal, as: UTF8.self).contains(canary), "the canary is in the live WAL")
        await live.stop()
        let records = try await Self.requests(live)
        #expect(records.count == 3 && records.allSatisfy { $0.routing == "council" })
        for file in ["srooter.db", "serve.log", "mock-upstream.log"] {
            let text = String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: live.folder.file(file)))) ?? Data(), as: UTF8.self)
            #expect(!text.contains(canary), "the canary is in \(file)")
        }
        #expect(FileScan.filesContaining([canary], under: live.folder.path, since: .distantPast).isEmpty)
    }
}
