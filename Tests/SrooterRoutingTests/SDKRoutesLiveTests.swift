import Foundation
import SrooterAudit
import SrooterTestSupport
import Testing

/// The official anthropic and openai Python SDKs (in .build/venv) through a trivial route and a
/// fallback route of the real `srooter serve`, whole and streamed, on all three wires; feedback
/// posted and the routes listed through them.
@Suite(.serialized) struct SDKRoutesLiveTests {
    static var python: String {
        ProcessInfo.processInfo.environment["SROOTER_PYTHON"] ?? LearnedRouterTests.root + "/.build/venv/bin/python"
    }

    /// Each call must return the mock's reply text through the SDK's own types.
    static let script = #"""
        import sys
        import anthropic, openai
        base, key = sys.argv[1], sys.argv[2]
        claude = anthropic.Anthropic(base_url=base, api_key=key, max_retries=0, timeout=20)
        gpt = openai.OpenAI(base_url=base + "/v1", api_key=key, max_retries=0, timeout=20)
        small = [{"role": "user", "content": "Name a colour."}]
        raw = claude.messages.with_raw_response.create(model="claude-auto", max_tokens=200, messages=small)
        out = raw.parse()
        assert out.content[0].type == "text" and out.content[0].text, out
        # Feedback on that answer, posted with the openai SDK's own client (issue 20).
        import json
        rid = raw.headers["x-srooter-request-id"]
        posted = gpt.post("/srooter/feedback", body={"request_id": rid, "score": 1}, cast_to=str)
        assert json.loads(posted) == {"object": "srooter.feedback", "request_id": rid, "score": 1}, posted
        try:
            gpt.post("/srooter/feedback", body={"request_id": rid, "score": 2}, cast_to=str)
            raise SystemExit("a score of 2 was accepted")
        except openai.BadRequestError as error:
            assert "score" in error.message, error.message
        # The route names are listed beside the models, to both SDKs.
        listed = ["claude-auto", "claude-cheap", "claude-dear", "gpt-good", "gpt-overloaded", "gpt-safe"]
        assert sorted(m.id for m in gpt.models.list().data) == listed
        assert sorted(m.id for m in claude.models.list().data) == listed
        with claude.messages.stream(model="claude-auto", max_tokens=200, messages=small) as stream:
            assert "".join(stream.text_stream)
        chat = gpt.chat.completions.create(model="gpt-safe", messages=small)
        assert chat.choices[0].message.content, chat
        chunks = [c for c in gpt.chat.completions.create(model="gpt-safe", messages=small, stream=True)]
        assert any(c.choices and c.choices[0].delta.content for c in chunks), chunks
        response = gpt.responses.create(model="gpt-safe", input="Name a colour.")
        assert response.output_text, response
        events = [e.type for e in gpt.responses.create(model="gpt-safe", input="Name a colour.", stream=True)]
        assert "response.completed" in events, events
        print("ok")
        """#

    @Test func sdksThroughTrivialAndFallbackRoutes() async throws {
        let live = try LiveRouting { live in
            """
            providers:
              anthropic-mock: {kind: anthropic, base_url: "http://127.0.0.1:\(live.mockPort)", credential: "env:MOCK_PROVIDER_KEY"}
              openai-mock: {kind: openai, base_url: "http://127.0.0.1:\(live.mockPort)/v1", credential: "env:MOCK_PROVIDER_KEY"}
            models:
              claude-dear: {provider: anthropic-mock, upstream: mock-claude-1, price: {input: 3, output: 15}}
              claude-cheap: {provider: anthropic-mock, upstream: mock-claude-haiku-1, price: {input: 1, output: 5}}
              gpt-overloaded: {provider: openai-mock, upstream: "mock:529", price: {input: 1.25, output: 10}}
              gpt-good: {provider: openai-mock, upstream: mock-gpt-1, price: {input: 1.25, output: 10}}
            routes:
              claude-auto: {strategy: trivial, candidates: [claude-dear, claude-cheap]}
              gpt-safe: {strategy: fallback, candidates: [gpt-overloaded, gpt-good]}
            """
        }
        let key = try await live.start()
        let scriptFile = live.folder.file("sdk_routes.py")
        try Self.script.write(toFile: scriptFile, atomically: true, encoding: .utf8)
        let run = try await CommandRunner.run(Self.python, [scriptFile, "http://127.0.0.1:\(live.port)", key], timeLimit: 120)
        #expect(run.status == 0 && run.stdout == "ok\n", "\(run.stdout)\n\(run.stderr.suffix(3000))")
        await live.stop()
        let records = try await AuditLog.reader(databasePath: live.folder.file("srooter.db")).latest(limit: 100)
        let auto = records.filter { $0.requestedModel == "claude-auto" }
        let safe = records.filter { $0.requestedModel == "gpt-safe" }
        #expect(auto.count == 2 && auto.allSatisfy { $0.routing == "trivial" && $0.servedModel == "mock-claude-haiku-1" && $0.outcome == "ok" })
        #expect(safe.count == 4 && safe.allSatisfy { $0.routing == "fallback" && $0.servedModel == "mock-gpt-1" && $0.outcome == "ok" })
        #expect(safe.allSatisfy { $0.note?.hasSuffix("attempts: gpt-overloaded 529, gpt-good served (200)") == true }, "\(safe.map(\.note))")

        // The summary: the mock's usage (25 in, 42 out; cache tokens unpriced here) at claude-cheap's
        // 1 / 5 is 0.000235 a request against 0.000705 at claude-dear's 3 / 15; gpt-safe's four cost
        // 0.00045125 each, as its default would.
        let summary = try await live.cli(["route", "summary", "--config", live.config, "--since", "2026-01-01T00:00:00Z"])
        #expect(summary.status == 0, "\(summary.stderr)")
        let rows = summary.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(rows.contains("claude-auto trivial mock-claude-haiku-1 2 0.000470 0.001410"), "\(summary.stdout)")
        #expect(rows.contains("gpt-safe fallback mock-gpt-1 4 0.001805 0.001805"), "\(summary.stdout)")
        #expect(rows.last == "total: 6 requests, 0.002275 USD against 0.003215 USD with each route's default: saved 0.000940 USD")
    }
}
