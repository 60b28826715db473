extension Substring {
    /// The text without leading and trailing whitespace (Foundation-free).
    var trimmedOfWhitespace: Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return self[first...last]
    }
}
