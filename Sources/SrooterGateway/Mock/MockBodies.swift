import SrooterRouting
import SrooterWire

/// The mock's error bodies and the text of its replies.
enum MockBodies {
    /// An error body as the real provider shapes it.
    static func error(_ wire: Wire, status: Int) -> [UInt8] {
        let text: String
        switch (wire, status) {
        case (.anthropic, 429): text = #"{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit (mock)"}}"#
        case (.anthropic, 529): text = #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
        case (.anthropic, 400): text = #"{"type":"error","error":{"type":"invalid_request_error","message":"messages: field required (mock)"}}"#
        case (.anthropic, _): text = #"{"type":"error","error":{"type":"api_error","message":"Internal server error (mock)"}}"#
        case (_, 429): text = #"{"error":{"message":"Rate limit reached for requests (mock)","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#
        case (_, 400): text = #"{"error":{"message":"Invalid value for 'messages' (mock)","type":"invalid_request_error","param":"messages","code":null}}"#
        case (_, 529): text = #"{"error":{"message":"The server is overloaded (mock)","type":"server_error","param":null,"code":"overloaded"}}"#
        default: text = #"{"error":{"message":"The server had an error (mock)","type":"server_error","param":null,"code":null}}"#
        }
        return Array(text.utf8)
    }

    /// "Hello from the srooter mock. You said: ..." with the start of the last user text.
    static func reply(to root: JSONNode?, surface: Surface) -> String {
        var said = ""
        if let root {
            let turns = (surface.wire == .openAIResponses ? root["input"] : root["messages"])
            if let text = turns?.string {
                said = text
            } else if let items = turns?.array, let last = items.last(where: { $0["role"]?.string == "user" }) {
                said = plainText(last["content"])
            }
        }
        let words = said.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(12).joined(separator: " ")
        return "Hello from the srooter mock. This is a canned reply so you can try srooter without a provider key. You said: \(words)"
    }

    /// For a council's ranking prompt (its last user text asks for a `FINAL RANKING:` list), a
    /// ranking of the responses it quotes (`Response A:` at the start of a line), last label
    /// first, so tests can tell the aggregate from the members' order; nil for any other request.
    static func ranking(to root: JSONNode?, surface: Surface) -> String? {
        guard let root else { return nil }
        let turns = surface.wire == .openAIResponses ? root["input"] : root["messages"]
        let text: String
        if let plain = turns?.string {
            text = plain
        } else if let last = turns?.array?.last(where: { $0["role"]?.string == "user" }) {
            text = last["content"]?.string ?? (last["content"]?.array ?? []).compactMap { $0["text"]?.string }.joined(separator: "\n")
        } else {
            return nil
        }
        guard text.containsBytes(CouncilRanking.marker) else { return nil }
        let labels = (0..<26).map(CouncilRanking.label).filter { text.containsBytes("\n" + $0 + ":\n") }
        let lines = labels.reversed().enumerated().map { "\($0.offset + 1). \($0.element)" }
        return "The mock reviewed \(labels.count) responses.\n\n\(CouncilRanking.marker)\n" + lines.joined(separator: "\n")
    }

    /// The text of a message, without the `<system-reminder>` text Claude Code adds to the user's.
    private static func plainText(_ node: JSONNode?) -> String {
        if let text = node?.string { return MockToolCall.withoutReminders(text) }
        return (node?.array ?? []).compactMap { $0["text"]?.string.map(MockToolCall.withoutReminders) }.joined(separator: " ")
    }
}
