import AsyncHTTPClient
import Foundation
import SrooterAudit
import SrooterTestSupport
import Testing

/// The learned router through the real binaries: `srooter router train` and `eval` on the shipped
/// synthetic set, and `srooter serve` with a learned route reading the trained weights and the
/// conversation's earlier outcomes.
@Suite(.serialized) struct LearnedLiveTests {
    static var synthetic: String { LearnedRouterTests.root + "/routing/synthetic-labelled.jsonl" }

    @Test func evalPrintsCostAgainstQuality() async throws {
        let result = try await CommandRunner.run(CommandRunner.srooter, ["router", "eval", "--samples", Self.synthetic, "--thresholds", "0.6,0.7"], timeLimit: 120)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "trained on the first 1680 samples; evaluated on the other 720 (held out)")
        #expect(lines.count == 5 && lines[1].hasPrefix("router     threshold  cost saved  quality kept"))
        // The trivial heuristic's row, as the Python replay of the set computes it (2.52% saved, 99.03% kept).
        #expect(lines[2].hasPrefix("trivial    -          2.5%        99.0%"), "\(lines[2])")
        #expect(lines[3].hasPrefix("learned    0.60") && lines[4].hasPrefix("learned    0.70"))
        let bad = try await CommandRunner.run(CommandRunner.srooter, ["router", "eval", "--samples", "/nonexistent.jsonl"])
        #expect(bad.status == 2 && bad.stderr == "srooter: error: /nonexistent.jsonl does not exist\n")
    }

    @Test func trainWritesVersionedWeightsThatServeUses() async throws {
        let live = try LiveRouting { live in
            """
            providers:
              mock: {kind: openai, base_url: "http://127.0.0.1:\(live.mockPort)/v1", credential: "env:MOCK_PROVIDER_KEY"}
            models:
              dear: {provider: mock, upstream: mock-gpt-1, price: {input: 3, output: 15}}
              flaky: {provider: mock, upstream: "mock:500", price: {input: 1, output: 5}}
            routes:
              smart:
                strategy: learned
                candidates: [dear, flaky]
                learned: {weights: \(live.folder.file("weights.json")), threshold: 0.5}
            """
        }
        let weights = live.folder.file("weights.json")
        for version in 1...2 {
            let trained = try await live.cli(["router", "train", "--samples", Self.synthetic, "--config", live.config, "--output", weights])
            #expect(trained.status == 0 && trained.stdout == "trained on 2400 samples; wrote \(weights) (version \(version))\n", "\(trained.stderr)")
        }
        // A small first turn: the trained weights send it to the cheap candidate, which fails (mock:500);
        // the conversation's next turn then goes to the default. A Python replay of the training
        // (scripts/make-synthetic-routing-set.py's set, the same 600 passes) gives p = 0.886 and then 0.436.
        let firstBody = #"{"model":"smart","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}"#
        try firstBody.write(toFile: live.folder.file("first.json"), atomically: true, encoding: .utf8)
        let explained = try await live.cli(["route", "explain", "--config", live.config, "--body", live.folder.file("first.json"), "--surface", "openai-chat"])
        #expect(explained.status == 0, "\(explained.stderr)")
        #expect(explained.stdout.contains("learned: weights v2 from \(weights); p(cheapest suffices) = 0.886, threshold 0.5"), "\(explained.stdout)")
        #expect(explained.stdout.hasSuffix("decision: learned → flaky (provider mock, upstream mock:500): route smart: learned: p 0.886 ≥ 0.5 (weights v2)\n"))
        let key = try await live.start()
        try await HTTPClient.withClient { client in
            let first = try await live.post(client, "/v1/chat/completions", key: key, body: firstBody)
            #expect(first.status == 500)
            let second = try await live.post(client, "/v1/chat/completions", key: key,
                body: #"{"model":"smart","max_tokens":100,"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"x"},{"role":"user","content":"again"}]}"#)
            #expect(second.status == 200)
            // A tampered weights file (its version raised from 2 to 3, renamed over the old one) is
            // refused with one line in serve's log, and v2 keeps serving. serve looks at the file at
            // most every 5 s, when a request comes: ask until the refusal is logged (at most 90 s: a
            // cold clone's parallel run can slow each probe to seconds).
            let text = try String(contentsOfFile: weights, encoding: .utf8)
            try text.replacingOccurrences(of: #""version":2"#, with: #""version":3"#).write(toFile: weights, atomically: true, encoding: .utf8)
            let log = live.folder.file("serve.log")
            let deadline = Date().addingTimeInterval(90)
            var refusals: [Substring] = []
            var probes = 0
            while refusals.isEmpty && Date() < deadline {
                probes += 1  // a new conversation each time (one whose earlier turn failed would go to the default)
                let probe = try await live.post(client, "/v1/chat/completions", key: key,
                    body: #"{"model":"smart","max_tokens":100,"messages":[{"role":"user","content":"probe \#(probes)"}]}"#)
                #expect(probe.status == 500, "still v2: the cheap (failing) candidate serves a new conversation's first turn")
                refusals = (try String(contentsOfFile: log, encoding: .utf8)).split(separator: "\n").filter { $0.contains("learned weights") }
                if refusals.isEmpty { try await Task.sleep(for: .milliseconds(250)) }
            }
            #expect(refusals.count == 1 && refusals.first?.contains("refused, keeping v2: the weights file was altered or sealed with another database's key") == true,
                    "\(refusals)")
        }
        await live.stop()
        let records = try await AuditLog.reader(databasePath: live.folder.file("srooter.db")).latest(limit: 1000)
            .filter { $0.surface != "admin" }.sorted { $0.timestamp < $1.timestamp }  // not the CLI's own `access create`
        #expect(Array(records.prefix(2)).map(\.routing) == ["learned", "direct"], "\(records.map(\.note))")
        #expect(Array(records.prefix(2)).map(\.servedModel) == ["mock:500", "mock-gpt-1"])
        #expect(records.count > 2 && records.allSatisfy { $0.note?.contains("(weights v2)") == true }, "\(records.map(\.note))")
    }
}
