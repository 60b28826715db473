import SrooterEncoding

/// Flat JSON objects (string, number, boolean and null members), the shape of every line of an
/// audit export, read with the one grammar (`JSONGrammar`). Refuses anything nested and repeated keys.
enum FlatJSON {
    enum Value: Equatable {
        case string(String)
        /// A number as its source text.
        case number(String)
        case bool(Bool)
        case null
    }

    struct Failure: Error { let reason: String }

    static func parse(_ line: some Collection<UInt8>) throws(Failure) -> [String: Value] {
        let tree: Node
        do { tree = try JSONGrammar<Node>.parse(Array(line)) } catch { throw Failure(reason: error.description) }
        guard case .object(let members) = tree else { throw Failure(reason: "a line must be one JSON object") }
        var flat: [String: Value] = [:]
        for (key, node) in members {
            guard flat[key] == nil else { throw Failure(reason: "duplicate key \"\(key)\"") }
            guard case .scalar(let value) = node else { throw Failure(reason: "member \"\(key)\" is nested") }
            flat[key] = value
        }
        return flat
    }

    /// What the grammar builds for a line: scalars kept, anything nested only marked.
    indirect enum Node: JSONTree {
        case scalar(Value)
        case nested
        case object([(key: String, node: Node)])

        static func null(at range: Range<Int>) -> Node { .scalar(.null) }
        static func bool(_ flag: Bool, at range: Range<Int>) -> Node { .scalar(.bool(flag)) }
        static func number(text: String, value: Double, at range: Range<Int>) -> Node { .scalar(.number(text)) }
        static func string(_ text: String, at range: Range<Int>) -> Node { .scalar(.string(text)) }
        static func array(_ items: [Node], at range: Range<Int>) -> Node { .nested }
        static func member(_ key: String, _ value: Node) -> (key: String, node: Node) { (key, value) }
        static func object(_ members: [(key: String, node: Node)], at range: Range<Int>) -> Node { .object(members) }
    }
}
