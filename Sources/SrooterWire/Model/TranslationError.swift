import SrooterEncoding

/// Why a body could not be translated: it is not JSON or not the shape its wire requires.
/// The message names the member at fault and never quotes content.
public enum TranslationError: Error, Sendable, Equatable, CustomStringConvertible {
    case notJSON(JSONSyntaxError)
    /// A member is missing or of the wrong type; the payload is its path (`messages[2].content`).
    case invalid(String)

    public var description: String {
        switch self {
        case .notJSON(let error): "the body is not JSON: \(error)"
        case .invalid(let path): "the body's \(path) is missing or not of the type its wire requires"
        }
    }
}

/// The names of what a translation could not carry, each once, in the order met.
public struct DroppedFeatures: Sendable, Equatable {
    public private(set) var names: [String] = []
    public init() {}
    mutating func add(_ name: String) {
        if !names.contains(name) { names.append(name) }
    }
}
