/// OpenAI's `user` member, which OpenAI refuses longer than 64 characters: Claude Code's
/// `metadata.user_id` (`user_<64 hex>_account_<uuid>_session_<uuid>`) is longer, and would turn
/// every request into a 400. A longer one is dropped and named, never cut (a cut identifier
/// could name someone else).
enum OpenAIUser {
    static let maximumLength = 64

    static func value(_ user: String?, dropped: inout DroppedFeatures) -> JSONValue? {
        guard let user else { return nil }
        guard user.count <= maximumLength else {
            dropped.add("user (over \(maximumLength) characters)")
            return nil
        }
        return .string(user)
    }
}
