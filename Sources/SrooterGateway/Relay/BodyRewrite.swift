/// The only edits srooter makes to a request body it forwards on the same wire, done in place on
/// the bytes so everything else (thinking signatures included) stays byte for byte as sent.
public enum BodyRewrite {
    /// One splice: replace `range` of the original bytes with `replacement`.
    public struct Edit: Sendable, Equatable {
        public var range: Range<Int>
        public var replacement: [UInt8]
    }

    /// The body with the top-level `model` value replaced by `model` (a JSON string), plus, when
    /// `includeUsage` is set on a streaming chat request, `stream_options.include_usage: true`, plus
    /// `extra` edits (the policy's caps on other values).
    /// Returns the new bytes and whether `include_usage` was added (the relay then drops the
    /// usage-only chunk the client did not ask for).
    public static func apply(
        to body: [UInt8], root: JSONNode, model: String, ensureIncludeUsage: Bool, extra: [Edit] = []
    ) -> (bytes: [UInt8], addedIncludeUsage: Bool) {
        var edits: [Edit] = extra  // policy caps (issue 8): values other than model and stream_options
        if let current = root["model"] { edits.append(Edit(range: current.range, replacement: jsonString(model))) }
        var added = false
        if ensureIncludeUsage {
            if let options = root["stream_options"], case .object(let members) = options.value {
                if let flag = options["include_usage"] {
                    if flag.bool != true {
                        edits.append(Edit(range: flag.range, replacement: Array("true".utf8)))
                        added = true
                    }
                } else {
                    let at = options.range.lowerBound + 1
                    let text = members.isEmpty ? #""include_usage":true"# : #""include_usage":true,"#
                    edits.append(Edit(range: at..<at, replacement: Array(text.utf8)))
                    added = true
                }
            } else if root["stream_options"] == nil, case .object(let members) = root.value {
                let at = root.range.lowerBound + 1
                let text = members.isEmpty ? #""stream_options":{"include_usage":true}"# : #""stream_options":{"include_usage":true},"#
                edits.append(Edit(range: at..<at, replacement: Array(text.utf8)))
                added = true
            }
        }
        return (splice(body, edits), added)
    }

    /// Applies non-overlapping edits.
    public static func splice(_ bytes: [UInt8], _ edits: [Edit]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var cursor = 0
        for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            out.append(contentsOf: bytes[cursor..<edit.range.lowerBound])
            out.append(contentsOf: edit.replacement)
            cursor = edit.range.upperBound
        }
        out.append(contentsOf: bytes[cursor...])
        return out
    }

    /// A string as a JSON literal.
    public static func jsonString(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        CanonicalJSON.writeString(text, into: &out)
        return out
    }
}
