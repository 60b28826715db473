#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import SrooterRouting

/// Measures a request for the routing decision (``RequestFeatures``), from the tree decode
/// already parsed. Only counts, sizes and flags leave it; nothing of the text is kept.
enum FeatureReader {
    /// Phrases of the system prompt (or the first user turn) of the side calls Claude Code makes
    /// on its small model: the conversation title and the new-topic check.
    static let sideCallPhrases = ["new conversation topic", "isnewtopic", "word title for"]
    /// How much of a text the phrase check reads.
    static let phraseWindow = 4096

    static func features(of root: JSONNode, surface: Surface, bodySize: Int) -> RequestFeatures {
        var features = RequestFeatures()
        features.tokenEstimate = (bodySize + 3) / 4
        let limits = CapRewrite.fields(of: root, surface: surface)
        features.maxOutputTokens = limits.maxTokens ?? limits.maxCompletionTokens ?? limits.maxOutputTokens
        let effort = limits.effort?.lowercased()
        features.reasoningAsked = limits.thinkingBudgetTokens != nil || (effort != nil && effort != "none" && effort != "minimal")
        features.toolCount = root["tools"]?.array?.count ?? 0

        let wire = surface.wire
        let system: JSONNode? = switch wire {
        case .anthropic: root["system"]
        case .openAIChat: nil
        case .openAIResponses: root["instructions"]
        }
        let conversation = wire == .openAIResponses ? root["input"] : root["messages"]
        var tally = TextTally()
        var systemText = system.map { tally.text(of: $0, counting: false) } ?? ""
        var items: [JSONNode] = []
        if let array = conversation?.array {
            items = array
        } else if let conversation, conversation.string != nil {
            items = [conversation]
        }
        var firstUser: JSONNode?
        var lastTurn = 0
        var firstUserText = ""
        for item in items {
            let role = item["role"]?.string ?? (item.string != nil ? "user" : "")
            if role == "system" || role == "developer" {
                if systemText.utf8.count < phraseWindow { systemText += tally.text(of: item["content"] ?? item, counting: false) }
                continue
            }
            features.messageCount += 1
            if role == "assistant" { features.assistantTurns += 1 }
            let before = tally.textBytes
            // Only the first user turn's text is read again (the phrase check); the rest is measured.
            let keeping = role == "user" && firstUser == nil
            let text = tally.text(of: item["content"] ?? item, counting: true, keeping: keeping)
            if role == "user" {
                lastTurn = tally.textBytes - before
                if keeping {
                    firstUser = item
                    firstUserText = text
                }
            }
        }
        features.lastTurnChars = lastTurn
        features.imageCount = tally.images
        features.codeFenceCount = tally.fences
        features.fenceLanguages = tally.languages
        let probe = (String(decoding: systemText.utf8.prefix(phraseWindow), as: UTF8.self) + "\n" + String(decoding: firstUserText.utf8.prefix(phraseWindow), as: UTF8.self)).lowercased()
        let quotaProbe = features.messageCount == 1 && firstUserText == "quota" && (features.maxOutputTokens ?? 2) <= 1
        features.sideCall = quotaProbe || sideCallPhrases.contains { Self.occurs($0, in: probe) }
        if let firstUser {
            let first = JSONNode(value: .array([firstUser]), range: 0..<0)
            features.sessionKey = String(PromptHash.hex(system: system, messages: first).prefix(32))
        }
        return features
    }
}

extension FeatureReader {
    /// Whether `phrase` occurs in `text`, byte for byte: `memchr` to each place its first byte
    /// stands, `memcmp` there (Foundation's `contains` bridged both strings to `NSString` and was a
    /// third of a routing decision's time).
    static func occurs(_ phrase: String, in text: String) -> Bool {
        var text = text
        var phrase = phrase
        return text.withUTF8 { haystack in
            phrase.withUTF8 { needle in
                guard let wanted = needle.baseAddress, !needle.isEmpty else { return true }
                guard let base = haystack.baseAddress, haystack.count >= needle.count else { return false }
                let last = haystack.count - needle.count
                var offset = 0
                while offset <= last {
                    guard let found = memchr(base + offset, Int32(wanted.pointee), last - offset + 1) else { return false }
                    let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + at, wanted, needle.count) == 0 { return true }
                    offset = at + 1
                }
                return false
            }
        }
    }
}

/// Walks message content: text parts (for sizes, fences and the phrase check), image and
/// document parts.
private struct TextTally {
    var textBytes = 0
    var images = 0
    var fences = 0
    var languages: [String] = []
    /// Text kept for the phrase check, at most ``FeatureReader/phraseWindow`` bytes per call.
    static let imageTypes: Set = ["image", "image_url", "input_image", "document", "file", "input_file"]

    /// The text of `node` (a string, a part, or a list of parts), counted when `counting`;
    /// returned when `keeping` (else "": the phrase check reads two texts, not every turn).
    mutating func text(of node: JSONNode, counting: Bool, keeping: Bool = true) -> String {
        var kept = ""
        walk(node, counting: counting, keeping: keeping, kept: &kept, depth: 0)
        return kept
    }

    private mutating func walk(_ node: JSONNode, counting: Bool, keeping: Bool, kept: inout String, depth: Int) {
        guard depth < 8 else { return }
        switch node.value {
        case .string(let text):
            if counting { measure(text) }
            guard keeping else { return }
            let room = FeatureReader.phraseWindow - kept.utf8.count
            if room > 0 { kept += text.utf8.count <= room ? text : String(decoding: text.utf8.prefix(room), as: UTF8.self) }
        case .array(let parts):
            for part in parts { walk(part, counting: counting, keeping: keeping, kept: &kept, depth: depth + 1) }
        case .object:
            if let type = node["type"]?.string, Self.imageTypes.contains(type) {
                if counting { images += 1 }
                return
            }
            if let text = node["text"] { walk(text, counting: counting, keeping: keeping, kept: &kept, depth: depth + 1) }
            if let content = node["content"] { walk(content, counting: counting, keeping: keeping, kept: &kept, depth: depth + 1) }
        default:
            break
        }
    }

    private mutating func measure(_ text: String) {
        var text = text
        text.withUTF8 { measure(bytes: $0) }
    }

    private mutating func measure(bytes: UnsafeBufferPointer<UInt8>) {
        textBytes += bytes.count
        var index = 0
        var opening = fences % 2 == 0
        while index + 2 < bytes.count {
            guard bytes[index] == 0x60, bytes[index + 1] == 0x60, bytes[index + 2] == 0x60 else {
                index += 1
                continue
            }
            fences += 1
            index += 3
            if opening {
                let start = index
                while index < bytes.count, index - start <= 20, Self.isTagByte(bytes[index]) { index += 1 }
                let tag = UnsafeBufferPointer(rebasing: bytes[start..<index])
                if !tag.isEmpty, tag.count <= 20, languages.count < 16, !languages.contains(where: { Self.sameLowercased($0, tag) }) {
                    languages.append(String(decoding: tag.map(Self.lowercased), as: UTF8.self))
                }
            }
            opening.toggle()
        }
    }

    /// ASCII lower case (tags are ASCII: ``isTagByte``).
    private static func lowercased(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }

    /// Whether `language` (lower case) is `tag` lower-cased, without making a string of the tag.
    private static func sameLowercased(_ language: String, _ tag: UnsafeBufferPointer<UInt8>) -> Bool {
        language.utf8.count == tag.count && zip(language.utf8, tag).allSatisfy { $0 == lowercased($1) }
    }

    private static func isTagByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte)
            || byte == 0x2B || byte == 0x23 || byte == 0x2D || byte == 0x5F || byte == 0x2E
    }
}
