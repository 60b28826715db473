import Foundation
import SrooterAudit
import SrooterStore
import Testing

/// Issue 16, item 2: a client that hangs up just before the usage frame, or an upstream that
/// breaks before it, still pays for what was delivered. For each wire, a recorded stream is cut
/// at every frame boundary (the client hangs up there, or the provider's connection breaks
/// there), and the audit record's cost is never below the cost of the content the client
/// received, counted here from the frames themselves: the text, thinking and tool-argument
/// strings decoded with Foundation's JSON parser, at one token per 4 UTF-8 bytes (rounded up),
/// plus the input `message_start` reported when the client received it.
@Suite(.serialized) struct StreamCutChargeTests {
    @Test(arguments: RecordedStream.all)
    func chargeIsNeverBelowTheDeliveredContent(stream: RecordedStream) async throws {
        let harness = try PolicyHarness(extraConfig: "admin: {key: env:SROOTER_ADMIN_KEY}")
        // A budget, so the settlement is stored as spend too.
        try await harness.cli(["org", "create", "acme"])
        try await harness.cli(["user", "create", "cutter", "--org", "acme"])
        try await harness.cli(["user", "grant", "cutter", "member", "--org", "acme"])
        try await harness.cli(["policy", "set", "user:cutter", #"{"budget_usd":{"total":1000}}"#])
        let key = try await harness.key(for: "cutter")
        let upstream = try await ScriptedStreamUpstream(port: harness.mockPort, streams: [stream])
        try await harness.startServe()
        defer { harness.terminate() }

        struct Cut {
            let mode: String
            let frames: Int
            let requestBytes: Int
            let delivered: [String]
            let requestID: String
        }
        var cuts: [Cut] = []
        // Every boundary before the final event (after it the stream is whole and not cut).
        for mode in ["hangup", "break"] {
            for frames in 0..<stream.frames.count {
                let body = stream.body(cut: frames, mode: mode)
                // Sent as the connection opens: under a busy parallel run a separate send came after the
                // gateway's header timeout had closed the idle connection ("I/O on closed channel").
                let connection = try await RawConnection.open(
                    port: harness.port,
                    initial: "POST \(stream.path) HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer \(key)\r\ncontent-type: application/json\r\n"
                        + "anthropic-version: 2023-06-01\r\ncontent-length: \(body.utf8.count)\r\n\r\n" + body)
                if mode == "hangup" {
                    // Wait for exactly the frames the provider sent (all are relayed: the final
                    // event, held until the record is committed, is never among them), then hang up.
                    try await connection.wait(for: "\(frames) frames", seconds: 20) { bytes, _ in
                        let response = RawResponse(bytes)
                        return response.hasHead && response.events.count >= frames
                    }
                    await connection.close()
                } else {
                    try await connection.wait(for: "the end of the broken stream", seconds: 20) { bytes, closed in
                        closed || RawResponse(bytes).complete
                    }
                    await connection.close()
                }
                let response = RawResponse(connection.received)
                #expect(response.status == 200)
                let delivered = Array(response.events.prefix(mode == "hangup" ? frames : response.events.count))
                let requestID = try #require(response.headers["x-srooter-request-id"], "no request id at cut \(frames) \(mode)")
                cuts.append(Cut(mode: mode, frames: frames, requestBytes: body.utf8.count, delivered: delivered, requestID: requestID))
            }
        }
        await harness.stop()  // drains: every record is committed
        await upstream.close()

        let records = try await AuditLog.reader(databasePath: "\(harness.folder)/srooter.db").latest(limit: 10_000)
        var byID: [String: AuditRecord] = [:]
        for record in records { byID[record.requestID] = record }
        for cut in cuts {
            let label = "\(stream.name) cut after \(cut.frames) frames (\(cut.mode))"
            let record = try #require(byID[cut.requestID], "no audit record for \(label)")
            let content = Self.contentBytes(cut.delivered)
            let outputFloor = (content + 3) / 4
            let inputFloor = Self.messageStartInput(cut.delivered)
            let floorUSD = (Double(inputFloor.input) * stream.prices.input + Double(inputFloor.cacheRead) * stream.prices.cacheRead
                + Double(outputFloor) * stream.prices.output) / 1_000_000
            #expect(record.costUSD >= floorUSD - 1e-12, "\(label): charged \(record.costUSD) USD, delivered content costs \(floorUSD)")
            #expect(record.outputTokens >= outputFloor, "\(label): \(record.outputTokens) output tokens recorded, \(outputFloor) delivered")
            let sawFinalUsage = cut.frames > stream.finalUsageFrame
            if sawFinalUsage {
                #expect(record.inputTokens == stream.usage.input && record.outputTokens == stream.usage.output, "\(label): the provider's usage")
                #expect(record.note?.contains("usage estimated") != true, "\(label): \(record.note ?? "")")
            } else {
                #expect(record.note?.contains("usage estimated") == true, "\(label): the record says the usage is estimated: \(record.note ?? "nil")")
                // Without the provider's input count, the request is counted at 4 bytes a token.
                if inputFloor.input == 0 { #expect(record.inputTokens >= (cut.requestBytes + 3) / 4, "\(label): input \(record.inputTokens)") }
            }
        }
        #expect(cuts.count == 2 * stream.frames.count)
        // The budget settled at the same figures: the stored spend is the records' costs, each
        // rounded to a micro-dollar.
        let spendLine = try await harness.cli(["policy", "spend"]).split(separator: "\n").first { $0.contains("user:cutter") }
        let spent = try #require(spendLine.flatMap { $0.split(separator: "$").last }.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) })
        let total = cuts.compactMap { byID[$0.requestID]?.costUSD }.reduce(0, +)
        #expect(abs(spent - total) <= Double(cuts.count) * 1e-6, "spend \(spent) USD, records \(total) USD")
    }

    /// The events' JSON payloads.
    private static func payloads(_ events: [String]) -> [[String: Any]] {
        events.compactMap { event in
            let data = event.split(separator: "\n").filter { $0.hasPrefix("data:") }.map { $0.dropFirst(5).trimmingCharacters(in: .whitespaces) }
                .joined(separator: "\n")
            return (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any]
        }
    }

    /// UTF-8 bytes of the generated text, thinking and tool arguments the events carry.
    static func contentBytes(_ events: [String]) -> Int {
        var total = 0
        func add(_ value: Any?) { if let text = value as? String { total += text.utf8.count } }
        for payload in payloads(events) {
            let type = payload["type"] as? String ?? ""
            if type == "content_block_delta", let delta = payload["delta"] as? [String: Any] {
                add(delta["text"]); add(delta["thinking"]); add(delta["partial_json"])
            } else if type.hasSuffix(".delta") {
                add(payload["delta"])
            } else if let choices = payload["choices"] as? [[String: Any]] {
                for choice in choices {
                    guard let delta = choice["delta"] as? [String: Any] else { continue }
                    add(delta["content"]); add(delta["refusal"])
                    for call in delta["tool_calls"] as? [[String: Any]] ?? [] { add((call["function"] as? [String: Any])?["arguments"]) }
                }
            }
        }
        return total
    }

    /// The input Anthropic's `message_start` reported, when the client received it.
    static func messageStartInput(_ events: [String]) -> (input: Int, cacheRead: Int) {
        for payload in payloads(events) where payload["type"] as? String == "message_start" {
            let usage = (payload["message"] as? [String: Any])?["usage"] as? [String: Any]
            return (usage?["input_tokens"] as? Int ?? 0, usage?["cache_read_input_tokens"] as? Int ?? 0)
        }
        return (0, 0)
    }
}
