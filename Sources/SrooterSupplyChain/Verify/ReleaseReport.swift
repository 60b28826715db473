/// What a successful release verification establishes, printed as a summary or as JSON.
public struct ReleaseReport: Codable, Sendable, Equatable {
    public var archive: String
    public var product: String
    public var version: String
    public var sequence: UInt64
    public var signer: String
    public var signerKeyFile: String
    public var released: String
    public var expires: String
    public var files: Int
    public var components: Int
    public var binarySHA256: String
    /// The checks that passed, in order.
    public var checks: [String]
}
