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
        guard let node = root["features"] else { throw fail("\"features\" must be an object") }
        let features: RequestFeatures
        do throws(FeatureProblem) { features = try self.features(node) } catch { throw fail(error.reason) }
        return LabelledSample(features: features, cheapSuffices: label, costDefaultUSD: costDefault, costCheapUSD: costCheap)
    }

    private static func number(_ node: JSONNode?) -> Double? {
        guard let node, case .number(_, let value) = node.value, value.isFinite else { return nil }
        return value
    }

    /// Why a `features` object cannot be read.
    struct FeatureProblem: Error { let reason: String }

    /// The features of a `features` object (members missing count as 0, false or empty).
    static func features(_ node: JSONNode) throws(FeatureProblem) -> RequestFeatures {
        guard case .object = node.value else { throw FeatureProblem(reason: "\"features\" must be an object") }
        func count(_ name: String) throws(FeatureProblem) -> Int {
            guard let member = node[name] else { return 0 }
            guard let value = member.int, value >= 0 else { throw FeatureProblem(reason: "features.\(name) must be a whole number of at least 0") }
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
        return features
    }

    /// `features` as the `features` object of a labelled line (counts and flags; the fence
    /// language tags are short identifiers made of letters, digits and `+#-_.`).
    public static func json(_ features: RequestFeatures) -> String {
        var languages: [UInt8] = []
        for (index, language) in features.fenceLanguages.enumerated() {
            if index > 0 { languages.append(UInt8(ascii: ",")) }
            CanonicalJSON.writeString(language, into: &languages)
        }
        let limit = features.maxOutputTokens.map(String.init) ?? "null"
        return #"{"token_estimate":\#(features.tokenEstimate),"max_output_tokens":\#(limit),"reasoning_asked":\#(features.reasoningAsked),"#
            + #""tool_count":\#(features.toolCount),"image_count":\#(features.imageCount),"message_count":\#(features.messageCount),"#
            + #""assistant_turns":\#(features.assistantTurns),"last_turn_chars":\#(features.lastTurnChars),"#
            + #""code_fence_count":\#(features.codeFenceCount),"fence_languages":[\#(String(decoding: languages, as: UTF8.self))],"#
            + #""side_call":\#(features.sideCall),"session_requests":\#(features.sessionRequests),"session_failures":\#(features.sessionFailures)}"#
    }

    /// The features a stored `json(_:)` text holds, or nil when it is not such an object.
    public static func features(json text: String) -> RequestFeatures? {
        guard let root = try? JSONParser.parse(Array(text.utf8)) else { return nil }
        return try? features(root)
    }
}
