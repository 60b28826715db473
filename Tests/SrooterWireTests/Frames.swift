import SrooterWire
import Testing

/// An expected stream event: its `event:` name (nil for Chat) and its data, as JSON text or `[DONE]`.
struct Frame: Equatable, CustomStringConvertible {
    var event: String?
    var data: String

    init(_ event: String?, _ data: String) {
        self.event = event
        self.data = data
    }

    var description: String { "\(event.map { "event: \($0) " } ?? "")data: \(data)" }

    /// Splits stream text into frames, independently of the module's SSE reader: frames end with
    /// a blank line, lines are `event: X` or `data: Y`.
    static func split(_ bytes: [UInt8]) -> [Frame] {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { block in
            var frame = Frame(nil, "")
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { frame.event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { frame.data = String(line.dropFirst(6)) }
            }
            return frame
        }
    }
}

extension String {
    /// Splits on a separator string (the test target imports no Foundation).
    func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}

/// Checks translated frames against expected ones: same count, same names, equal JSON (member order ignored).
func expectFrames(_ actual: [Frame], _ expected: [Frame], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "frame count", sourceLocation: sourceLocation)
    for (position, (got, want)) in zip(actual, expected).enumerated() {
        #expect(got.event == want.event, "frame \(position) name", sourceLocation: sourceLocation)
        if want.data == "[DONE]" {
            #expect(got.data == "[DONE]", "frame \(position)", sourceLocation: sourceLocation)
            continue
        }
        let gotJSON = try? JSONText.parse(got.data)
        let wantJSON = try? JSONText.parse(want.data)
        #expect(wantJSON != nil, "expected frame \(position) is not JSON: \(want.data)", sourceLocation: sourceLocation)
        #expect(gotJSON == wantJSON, "frame \(position):\n got \(got.data)\nwant \(want.data)", sourceLocation: sourceLocation)
    }
}

/// Runs a whole stream through a translator in one read.
func translateWhole(_ stream: String, from upstream: Wire, to client: Wire, options: StreamOptions) -> (bytes: [UInt8], translator: StreamTranslator) {
    var translator = StreamTranslator(upstream: upstream, client: client, options: options)
    var out = translator.feed(Array(stream.utf8))
    out += translator.finish()
    return (out, translator)
}

/// Checks that every split of the stream into two reads, and one byte a read, give the same bytes as one read.
func expectSameAtEverySplit(_ stream: String, from upstream: Wire, to client: Wire, options: StreamOptions, sourceLocation: SourceLocation = #_sourceLocation) {
    let bytes = Array(stream.utf8)
    let whole = translateWhole(stream, from: upstream, to: client, options: options).bytes
    var mismatches: [Int] = []
    for split in 0...bytes.count {
        var translator = StreamTranslator(upstream: upstream, client: client, options: options)
        var out = translator.feed(bytes[..<split])
        out += translator.feed(bytes[split...])
        out += translator.finish()
        if out != whole { mismatches.append(split) }
    }
    var oneByteAtATime = StreamTranslator(upstream: upstream, client: client, options: options)
    var out: [UInt8] = []
    for byte in bytes { out += oneByteAtATime.feed(CollectionOfOne(byte)) }
    out += oneByteAtATime.finish()
    #expect(out == whole, "one byte a read gives other output", sourceLocation: sourceLocation)
    let firstMismatches = Array(mismatches.prefix(10))
    #expect(firstMismatches.isEmpty, "\(mismatches.count) splits give other output", sourceLocation: sourceLocation)
}
