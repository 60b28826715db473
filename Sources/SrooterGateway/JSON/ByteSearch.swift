import Glibc

extension String {
    /// Whether `needle`'s UTF-8 bytes occur in this string's (`memchr` for the first byte, `memcmp` for the rest).
    ///
    /// `String.contains(_:)` compares by Unicode canonical equivalence, character by character;
    /// on the relay's path (every SSE frame) that cost more than parsing the frame. The needles
    /// here are ASCII markers and JSON keys, for which a byte match is the same answer.
    func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { hay in
            needle.withUTF8 { pin in
                guard !pin.isEmpty else { return true }
                guard hay.count >= pin.count, let hayStart = hay.baseAddress, let pinStart = pin.baseAddress else { return false }
                let last = hay.count - pin.count
                var from = 0
                while from <= last {
                    guard let found = memchr(hayStart + from, Int32(pinStart.pointee), last - from + 1) else { return false }
                    let at = UnsafeRawPointer(hayStart).distance(to: UnsafeRawPointer(found))
                    if memcmp(hayStart + at, pinStart, pin.count) == 0 { return true }
                    from = at + 1
                }
                return false
            }
        }
    }
}
