/// The canonical JSON of `AuditFixtures.record(1)` at seq 1, written out by hand from the field
/// list the README and `ChainedRecord` document (sorted keys, no spaces, absent values `null`),
/// so the chain hash can be checked against SHA-256 of this text computed by `sha256sum`.
enum CanonicalTextVectors {
    static let genesis = String(repeating: "0", count: 64)

    /// `inputTokens`, `user` and `costUSD` (its canonical text) may be changed to describe another record.
    static func record1(inputTokens: Int = 3, user: String = "user1", costUSD: String = "0.100015", prevHash: String = genesis) -> String {
        #"{"cache_read_tokens":0,"cache_write_tokens":1,"cost_usd":\#(costUSD),"first_byte_ms":3.25,"input_tokens":\#(inputTokens),"#
            + #""key_id":"k1","latency_ms":12.625,"note":null,"outcome":"ok","output_tokens":1,"prev_hash":"\#(prevHash)","#
            + #""prompt_sha256":"\#(String(repeating: "ab", count: 32))","provider":"anthropic","request_id":"req_1","#
            + #""requested_model":"claude-sonnet-4-5","routing":"direct","seq":1,"served_model":"claude-sonnet-4-5-1","#
            + #""status":200,"surface":"anthropic-messages","timestamp":"2026-09-21T14:13:21.001Z","user":"\#(user)","version":1}"#
    }
}
