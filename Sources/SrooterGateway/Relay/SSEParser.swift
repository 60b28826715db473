/// One server-sent event as it crossed the wire: its raw bytes (forwarded unchanged) and the
/// fields the relay reads (`event:` and the joined `data:` lines).
public struct SSEFrame: Sendable, Equatable {
    /// The `event:` field, if any.
    public var event: String?
    /// The `data:` lines joined with `\n`.
    public var data: String
    /// The frame's bytes, including its terminating blank line.
    public var raw: [UInt8]

    public init(event: String?, data: String, raw: [UInt8]) {
        self.event = event
        self.data = data
        self.raw = raw
    }
}

/// An incremental `text/event-stream` parser: a pure value fed network reads of any size,
/// returning whole frames. Lines end in `\n`, `\r\n` or `\r` (a trailing `\r` waits for the
/// next read); a blank line ends a frame; comments (`:`) are kept in `raw` and ignored otherwise.
///
/// Example:
/// ```swift
/// var parser = SSEParser()
/// parser.feed(Array("event: ping\nda".utf8))         // []
/// parser.feed(Array("ta: {}\n\n".utf8))               // [SSEFrame(event: "ping", data: "{}", ...)]
/// ```
public struct SSEParser: Sendable {
    private var buffer: [UInt8] = []
    private var position = 0
    private var frameStart = 0
    private var lineStart = 0
    private var lines: [Range<Int>] = []

    /// Frames bigger than this (bytes) are a protocol failure, not something to buffer forever.
    public static let maximumFrameBytes = 16 << 20

    public init() {}

    /// Bytes buffered while waiting for the end of a frame.
    public var pendingByteCount: Int { buffer.count - frameStart }

    /// Adds bytes and returns the frames they complete, in order.
    public mutating func feed<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [SSEFrame] {
        buffer.append(contentsOf: bytes)
        var frames: [SSEFrame] = []
        while position < buffer.count {
            let byte = buffer[position]
            let next: Int
            if byte == 0x0A {
                next = position + 1
            } else if byte == 0x0D {
                guard position + 1 < buffer.count else { break }
                next = buffer[position + 1] == 0x0A ? position + 2 : position + 1
            } else {
                position += 1
                continue
            }
            let line = lineStart..<position
            if line.isEmpty {
                if !lines.isEmpty { frames.append(makeFrame(end: next)) }
                frameStart = next
            } else {
                lines.append(line)
            }
            lineStart = next
            position = next
        }
        compact()
        return frames
    }

    /// Ends the stream: whatever is buffered (a last frame without its blank line) as a frame, if anything.
    public mutating func finish() -> SSEFrame? {
        if lineStart < buffer.count { lines.append(lineStart..<buffer.count) }
        defer { self = SSEParser() }
        guard !lines.isEmpty else { return nil }
        return makeFrame(end: buffer.count)
    }

    private mutating func makeFrame(end: Int) -> SSEFrame {
        var event: String?
        var data: [String] = []
        for line in lines {
            let bytes = buffer[line]
            if bytes.first == UInt8(ascii: ":") { continue }
            let colon = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.endIndex
            let name = String(decoding: bytes[bytes.startIndex..<colon], as: UTF8.self)
            var valueStart = colon < bytes.endIndex ? colon + 1 : colon
            if valueStart < bytes.endIndex, bytes[valueStart] == 0x20 { valueStart += 1 }
            let value = String(decoding: bytes[valueStart..<bytes.endIndex], as: UTF8.self)
            switch name {
            case "event": event = value
            case "data": data.append(value)
            default: break
            }
        }
        lines.removeAll(keepingCapacity: true)
        return SSEFrame(event: event, data: data.joined(separator: "\n"), raw: Array(buffer[frameStart..<end]))
    }

    private mutating func compact() {
        guard frameStart > 0 else { return }
        buffer.removeFirst(frameStart)
        position -= frameStart
        lineStart -= frameStart
        lines = lines.map { ($0.lowerBound - frameStart)..<($0.upperBound - frameStart) }
        frameStart = 0
    }
}
