/// One server-sent event: its `event:` name and its `data:` lines joined with `\n`.
public struct SSEEvent: Sendable, Equatable {
    public var event: String?
    public var data: String
    public init(event: String?, data: String) {
        self.event = event
        self.data = data
    }
}

/// An incremental `text/event-stream` reader fed network reads of any size. Lines end in `\n`,
/// `\r\n` or `\r` (a trailing `\r` waits for the next read); a blank line ends an event;
/// comments and fields other than `event` and `data` are ignored.
struct SSEReader: Sendable {
    private var line: [UInt8] = []
    private var event: String?
    private var data: [String] = []
    private var hasFields = false
    private var pendingCR = false
    private(set) var bufferedBytes = 0
    /// Events bigger than this are a protocol failure, not something to buffer forever.
    static let maximumEventBytes = 16 << 20

    /// Adds bytes; returns the events they complete, in order, or nil when an event grew past the limit.
    mutating func feed<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [SSEEvent]? {
        if let events = bytes.withContiguousStorageIfAvailable({ feed(buffer: $0) }) { return events }
        return Array(bytes).withUnsafeBufferPointer { feed(buffer: $0) }
    }

    /// Adds contiguous bytes. A line's bytes up to its end are copied in one run (a byte-by-byte
    /// loop through the generic collection was a fifth of a translated stream's CPU).
    mutating func feed(buffer: UnsafeBufferPointer<UInt8>) -> [SSEEvent]? {
        var events: [SSEEvent] = []
        var index = 0
        let count = buffer.count
        while index < count {
            if pendingCR {
                pendingCR = false
                if buffer[index] == 0x0A {
                    index += 1
                    continue
                }
            }
            var end = index
            while end < count, buffer[end] != 0x0A, buffer[end] != 0x0D { end += 1 }
            let run = end - index
            if run > 0 {
                if bufferedBytes + run > Self.maximumEventBytes { return nil }
                line.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<end]))
                bufferedBytes += run
            }
            guard end < count else { break }
            pendingCR = buffer[end] == 0x0D
            endLine(into: &events)
            index = end + 1
        }
        return events
    }

    /// The stream ended: a last event without its blank line, if any.
    mutating func finish() -> SSEEvent? {
        var events: [SSEEvent] = []
        if !line.isEmpty { endLine(into: &events) }
        if hasFields { endLine(into: &events) }
        return events.first
    }

    private mutating func endLine(into events: inout [SSEEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            if hasFields { events.append(SSEEvent(event: event, data: data.count == 1 ? data[0] : data.joined(separator: "\n"))) }
            event = nil
            data.removeAll(keepingCapacity: true)
            hasFields = false
            bufferedBytes = 0
            return
        }
        if line.first == UInt8(ascii: ":") { return }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        var valueStart = colon < line.endIndex ? colon + 1 : colon
        if valueStart < line.endIndex, line[valueStart] == 0x20 { valueStart += 1 }
        let name = line[..<colon]
        let value = String(decoding: line[valueStart...], as: UTF8.self)
        if name.elementsEqual("event".utf8) {
            event = value
            hasFields = true
        } else if name.elementsEqual("data".utf8) {
            data.append(value)
            hasFields = true
        }
    }
}
