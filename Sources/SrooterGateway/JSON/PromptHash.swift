import Crypto
import SrooterEncoding

/// The prompt's fingerprint in an audit record: SHA-256 (lower-case hex) of the RFC 8785
/// canonical JSON of `{"system": ..., "messages": ...}` exactly as the client sent them, with
/// `system` omitted when absent. An auditor who holds a prompt can recompute it; the gateway
/// never stores the prompt itself.
///
/// For the Responses wire the conversation is `input` and the system prompt `instructions`;
/// they are hashed under the same two names.
public enum PromptHash {
    /// The hex digest for a request body's `system` and `messages` values (either may be nil).
    public static func hex(system: JSONNode?, messages: JSONNode?) -> String {
        var members: [(key: String, node: JSONNode)] = []
        if let system { members.append(("system", system)) }
        if let messages { members.append(("messages", messages)) }
        let canonical = CanonicalJSON.bytes(JSONNode(value: .object(members), range: 0..<0))
        return Hex.encode(Crypto.SHA256.hash(data: canonical))
    }
}
