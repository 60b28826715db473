import Glibc

extension String {
    /// Whether `needle`'s UTF-8 bytes occur in this string's: `memchr` for the first byte, then
    /// the rest compared in place.
    ///
    /// `String.contains(_:)` compares by Unicode canonical equivalence, character by character;
    /// on the relay's path (every SSE frame) that cost more than parsing the frame. The needles
    /// here are ASCII markers and JSON keys, for which a byte match is the same answer. The rest is
    /// not compared with `memcmp`: a JSON chunk is full of quotes, and a call for each one was 3%
    /// of the gateway's time on streams.
    func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { hay in
            needle.withUTF8 { pin in
                guard let first = pin.first else { return true }
                guard hay.count >= pin.count, let hayStart = hay.baseAddress else { return false }
                let last = hay.count - pin.count
                var from = 0
                while from <= last {
                    guard let found = memchr(hayStart + from, Int32(first), last - from + 1) else { return false }
                    let at = UnsafeRawPointer(hayStart).distance(to: UnsafeRawPointer(found))
                    var matched = 1
                    while matched < pin.count, hay[at + matched] == pin[matched] { matched += 1 }
                    if matched == pin.count { return true }
                    from = at + 1
                }
                return false
            }
        }
    }
}
