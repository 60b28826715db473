extension Pipeline {
    /// The authenticate stage: the caller of a srooter key (before the body is read, so an
    /// unauthenticated caller costs no JSON work).
    func authenticate(_ credentials: PresentedCredentials) throws(Refusal) -> Principal {
        guard let presented = credentials.srooterKey, let principal = keys.principal(for: presented) else {
            throw Refusal(status: 401, outcome: .unauthenticated,
                message: "srooter: missing or unknown access key (send it as Authorization: Bearer, x-api-key or x-srooter-key)")
        }
        return principal
    }
}
