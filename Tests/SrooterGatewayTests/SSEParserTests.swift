import Testing
@testable import SrooterGateway

@Suite struct SSEParserTests {
    static let stream = "event: message_start\ndata: {\"a\":1}\n\n: comment\r\nevent: ping\r\ndata: {}\r\n\r\n"
        + "data: line one\ndata: line two\n\ndata: [DONE]\r\r"

    static let expected: [(String?, String)] = [("message_start", "{\"a\":1}"), ("ping", "{}"), (nil, "line one\nline two"), (nil, "[DONE]")]

    private func parse(_ chunks: [[UInt8]]) -> [SSEFrame] {
        var parser = SSEParser()
        var frames: [SSEFrame] = []
        for chunk in chunks { frames += parser.feed(chunk) }
        if let last = parser.finish() { frames.append(last) }
        return frames
    }

    @Test func wholeStream() {
        let frames = parse([Array(Self.stream.utf8)])
        #expect(frames.map { $0.event } == Self.expected.map { $0.0 })
        #expect(frames.map { $0.data } == Self.expected.map { $0.1 })
        #expect(frames.flatMap { $0.raw } == Array(Self.stream.utf8), "raw frames put back together are the input")
    }

    @Test func everySplitPoint() {
        let bytes = Array(Self.stream.utf8)
        let whole = parse([bytes])
        for split in 0...bytes.count {
            #expect(parse([Array(bytes[..<split]), Array(bytes[split...])]) == whole, "split at \(split)")
        }
    }

    @Test(arguments: [1, 2, 3, 5, 7, 16])
    func everyChunkSize(size: Int) {
        let bytes = Array(Self.stream.utf8)
        let chunks = stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
        #expect(parse(chunks) == parse([bytes]))
    }

    @Test func unterminatedLastFrameComesOutAtFinish() {
        var parser = SSEParser()
        #expect(parser.feed(Array("event: x\ndata: 1".utf8)).isEmpty)
        #expect(parser.finish() == SSEFrame(event: "x", data: "1", raw: Array("event: x\ndata: 1".utf8)))
    }

    @Test func unknownFieldsAreKeptInRaw() {
        var parser = SSEParser()
        let text = "id: 7\nretry: 10\nevent: brand_new\ndata: {}\n\n"
        let frames = parser.feed(Array(text.utf8))
        #expect(frames.count == 1)
        #expect(frames[0].event == "brand_new")
        #expect(frames[0].raw == Array(text.utf8))
    }
}
