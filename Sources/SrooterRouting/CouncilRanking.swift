/// The council's peer review, pure: the anonymous labels of the answers, a member's ranking read
/// from its `FINAL RANKING:` list, and the rankings combined.
public enum CouncilRanking {
    /// The label of the answer at `index`: `Response A`, `Response B`, … (`Response 27` past Z).
    public static func label(_ index: Int) -> String {
        guard index < 26, let scalar = Unicode.Scalar(65 + index) else { return "Response \(index + 1)" }
        return "Response \(Character(scalar))"
    }

    /// The marker a ranking's final list follows.
    public static let marker = "FINAL RANKING:"

    /// The answer indices a ranking lists, best first, read from the numbered lines after its last
    /// `FINAL RANKING:` (`1. Response C`). Nil, so the ranking is ignored, unless it names each of
    /// the `count` answers exactly once and nothing else.
    public static func parse(_ text: String, count: Int) -> [Int]? {
        guard count > 0, let tail = after(marker, in: text) else { return nil }
        let labels = (0..<count).map(label)
        var order: [Int] = []
        for raw in tail.split(whereSeparator: \.isNewline) {
            let line = trimmed(raw, " \t")
            if line.isEmpty { continue }
            guard let body = numbered(line) else { break }
            let name = String(trimmed(body, " \t*_.`"))
            guard let index = labels.firstIndex(of: name), !order.contains(index) else { return nil }
            order.append(index)
        }
        return order.count == count ? order : nil
    }

    /// The text after the last `marker` in `text`.
    private static func after(_ marker: String, in text: String) -> Substring? {
        let needle = Array(marker.utf8)
        let bytes = Array(text.utf8)
        guard bytes.count >= needle.count else { return nil }
        var start = bytes.count - needle.count
        while start >= 0 {
            if bytes[start] == needle[0], Array(bytes[start..<start + needle.count]) == needle {
                let utf8 = text.utf8
                return Substring(utf8[utf8.index(utf8.startIndex, offsetBy: start + needle.count)...])
            }
            start -= 1
        }
        return nil
    }

    private static func trimmed(_ text: Substring, _ characters: String) -> Substring {
        let set = Set(characters)
        var out = text
        while let first = out.first, set.contains(first) { out = out.dropFirst() }
        while let last = out.last, set.contains(last) { out = out.dropLast() }
        return out
    }

    /// The text after `12.` or `12)` at the start of a line, or nil when the line is not numbered.
    private static func numbered(_ line: Substring) -> Substring? {
        let digits = line.prefix(while: \.isNumber)
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let mark = rest.first, mark == "." || mark == ")" else { return nil }
        return rest.dropFirst()
    }

    /// One answer's standing across the rankings: its mean position (1 is best) and how many
    /// rankings placed it.
    public struct Standing: Sendable, Equatable {
        public let index: Int
        public let meanPosition: Double
        public let votes: Int
    }

    /// The answers ordered by mean position over `rankings` (best first; ties by label).
    /// Empty when there is no ranking.
    public static func aggregate(_ rankings: [[Int]], count: Int) -> [Standing] {
        guard !rankings.isEmpty else { return [] }
        var sums = [Int](repeating: 0, count: count)
        var votes = [Int](repeating: 0, count: count)
        for ranking in rankings {
            for (position, index) in ranking.enumerated() where index < count {
                sums[index] += position + 1
                votes[index] += 1
            }
        }
        return (0..<count)
            .map { Standing(index: $0, meanPosition: votes[$0] == 0 ? Double(count) : Double(sums[$0]) / Double(votes[$0]), votes: votes[$0]) }
            .sorted { $0.meanPosition != $1.meanPosition ? $0.meanPosition < $1.meanPosition : $0.index < $1.index }
    }
}
