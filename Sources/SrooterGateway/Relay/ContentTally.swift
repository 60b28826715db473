import Glibc
import SrooterWire

/// Counts the bytes of generated content in one stream frame, without parsing it into a tree:
/// the string values of the members that carry what the model wrote, as they stand in the JSON
/// (escapes included, so `\n` counts 2 and `\u00e9` counts 6: it errs high).
///
/// - Anthropic: `content_block_delta` frames, `text`, `thinking` and `partial_json` (tool input).
/// - Chat Completions: every chunk, `content`, `reasoning_content`, `reasoning`, `refusal` and
///   `arguments` (tool calls).
/// - Responses: `*.delta` events, `delta` (text, reasoning, refusal and tool-argument deltas; the
///   `*.done` events repeat the content and are not counted).
///
/// This is what a charge is estimated from when a stream ends before the provider's usage
/// (``UsageCapture/charge(requestBytes:)``): one token per 4 bytes, rounded up.
enum ContentTally {
    private static let anthropicKeys: [[UInt8]] = [Array("text".utf8), Array("thinking".utf8), Array("partial_json".utf8)]
    private static let chatKeys: [[UInt8]] = [
        Array("content".utf8), Array("reasoning_content".utf8), Array("reasoning".utf8), Array("refusal".utf8), Array("arguments".utf8),
    ]
    private static let responsesKeys: [[UInt8]] = [Array("delta".utf8)]

    /// The content bytes `frame` carries on `wire`.
    static func bytes(in frame: SSEFrame, wire: Wire) -> Int {
        let keys: [[UInt8]]
        switch wire {
        case .anthropic:
            if let event = frame.event, event != "content_block_delta" { return 0 }
            keys = anthropicKeys
        case .openAIChat:
            keys = chatKeys
        case .openAIResponses:
            if let event = frame.event, !event.utf8.ends(with: ".delta") { return 0 }
            keys = responsesKeys
        }
        var data = frame.data
        return data.withUTF8 { valueBytes(in: $0, keys: keys) }
    }

    /// The total length of the string values of members named by `keys`, at any depth. One pass,
    /// `memchr` from quote to quote: a string followed by `:` is a member name, and the next string
    /// after a wanted name, if nothing else comes first, is its value.
    static func valueBytes(in json: UnsafeBufferPointer<UInt8>, keys: [[UInt8]]) -> Int {
        guard let base = json.baseAddress else { return 0 }
        let count = json.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        func nextQuote(from start: Int) -> Int {
            guard start < count, let found = memchr(base + start, Int32(UInt8(ascii: "\"")), count - start) else { return count }
            return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
        }
        /// The closing quote of a string whose contents start at `start` (one not preceded by an odd run of backslashes).
        func closingQuote(from start: Int) -> Int {
            var at = start
            while true {
                let quote = nextQuote(from: at)
                guard quote < count else { return count }
                var backslashes = 0
                while quote - backslashes - 1 >= start, json[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
                if backslashes % 2 == 0 { return quote }
                at = quote + 1
            }
        }
        var total = 0
        var counting = false  // the last member name was one of `keys` and its value has not started
        var index = 0
        while index < count {
            if counting {
                while index < count, isSpace(json[index]) { index += 1 }
                guard index < count, json[index] == UInt8(ascii: "\"") else {
                    counting = false  // not a string: an object, array, number or null
                    continue
                }
            } else {
                index = nextQuote(from: index)
                guard index < count else { break }
            }
            let start = index + 1
            let end = closingQuote(from: start)
            index = end + 1
            while index < count, isSpace(json[index]) { index += 1 }
            if index < count, json[index] == UInt8(ascii: ":") {
                counting = matches(json, start..<end, keys)
                index += 1
            } else {
                if counting { total += end - start }
                counting = false
            }
        }
        return total
    }

    private static func matches(_ json: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ keys: [[UInt8]]) -> Bool {
        keys.contains { key in
            key.count == range.count && key.indices.allSatisfy { json[range.lowerBound + $0] == key[$0] }
        }
    }
}

extension String.UTF8View {
    fileprivate func ends(with suffix: String) -> Bool {
        let tail = suffix.utf8
        return count >= tail.count && self.suffix(tail.count).elementsEqual(tail)
    }
}
