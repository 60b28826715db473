import SrooterRouting

/// Reads a labelled set for `srooter router eval` and `train`: JSON Lines, one request a line,
///
/// ```json
/// {"features":{"token_estimate":812,"max_output_tokens":512,"reasoning_asked":false,"tool_count":0,"image_count":0,
///  "message_count":1,"assistant_turns":0,"last_turn_chars":240,"code_fence_count":0,"fence_languages":[],
///  "side_call":false,"session_requests":0,"session_failures":0},
///  "cheap_suffices":true,"cost_default_usd":0.0041,"cost_cheap_usd":0.0014}
/// ```
///
/// (the shipped `routing/synthetic-labelled.jsonl` is in this format; other members are ignored).
public enum LabelledSamples {
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    static let maxLines = 1_000_000
    static let maxLineBytes = 64 << 10

    public static func parse(_ bytes: [UInt8]) throws(Problem) -> [LabelledSample] {
        var samples: [LabelledSample] = []
        var number = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            guard number <= maxLines else { throw Problem(line: number, reason: "more than \(maxLines) lines") }
            guard line.count <= maxLineBytes else { throw Problem(line: number, reason: "longer than \(maxLineBytes) bytes") }
            samples.append(try sample(Array(line), line: number))
        }
        return samples
    }

    private static func sample(_ bytes: [UInt8], line: Int) throws(Problem) -> LabelledSample {
        let root: JSONNode
        do { root = try JSONParser.parse(bytes) } catch { throw Problem(line: line, reason: "not JSON (\(error.description))") }
        func fail(_ reason: String) -> Problem { Problem(line: line, reason: reason) }
        guard let label = root["cheap_suffices"]?.bool else { throw fail("\"cheap_suffices\" must be true or false") }
        guard let costDefault = number(root["cost_default_usd"]), let costCheap = number(root["cost_cheap_usd"]), costDefault >= 0, costCheap >= 0 else {
            throw fail("\"cost_default_usd\" and \"cost_cheap_usd\" must be numbers of at least 0")
        }
        guard let node = root["features"], case .object = node.value else { throw fail("\"features\" must be an object") }
        func count(_ name: String) throws(Problem) -> Int {
            guard let member = node[name] else { return 0 }
            guard let value = member.int, value >= 0 else { throw fail("features.\(name) must be a whole number of at least 0") }
            return value
        }
        var features = RequestFeatures()
        features.tokenEstimate = try count("token_estimate")
        if let limit = node["max_output_tokens"], limit.value != .null { features.maxOutputTokens = try count("max_output_tokens") }
        features.reasoningAsked = node["reasoning_asked"]?.bool ?? false
        features.toolCount = try count("tool_count")
        features.imageCount = try count("image_count")
        features.messageCount = try count("message_count")
        features.assistantTurns = try count("assistant_turns")
        features.lastTurnChars = try count("last_turn_chars")
        features.codeFenceCount = try count("code_fence_count")
        features.fenceLanguages = (node["fence_languages"]?.array ?? []).compactMap(\.string).prefix(16).map { $0.lowercased() }
        features.sideCall = node["side_call"]?.bool ?? false
        features.sessionRequests = try count("session_requests")
        features.sessionFailures = try count("session_failures")
        return LabelledSample(features: features, cheapSuffices: label, costDefaultUSD: costDefault, costCheapUSD: costCheap)
    }

    private static func number(_ node: JSONNode?) -> Double? {
        guard let node, case .number(_, let value) = node.value, value.isFinite else { return nil }
        return value
    }
}
