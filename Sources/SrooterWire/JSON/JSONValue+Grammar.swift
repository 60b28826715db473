import SrooterEncoding

/// `JSONValue` is built by the one grammar (`JSONGrammar`); byte ranges are not kept (translation re-serialises).
extension JSONValue: JSONTree {
    public static func null(at range: Range<Int>) -> JSONValue { .null }
    public static func bool(_ flag: Bool, at range: Range<Int>) -> JSONValue { .bool(flag) }
    public static func number(text: String, value: Double, at range: Range<Int>) -> JSONValue { .number(text) }
    public static func string(_ text: String, at range: Range<Int>) -> JSONValue { .string(text) }
    public static func array(_ items: [JSONValue], at range: Range<Int>) -> JSONValue { .array(items) }
    public static func member(_ key: String, _ value: JSONValue) -> Member { Member(key, value) }
    public static func object(_ members: [Member], at range: Range<Int>) -> JSONValue { .object(members) }
}
