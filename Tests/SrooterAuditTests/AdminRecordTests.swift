import SrooterAudit
import SrooterStore
import SrooterTestSupport
import Testing

/// `AuditRecord.adminAction`, the one builder of admin records (the admin API's and the CLI's):
/// its canonical text is written out here from the README's field list and hashed by `sha256sum`.
@Suite struct AdminRecordTests {
    @Test(arguments: [(200, "ok"), (204, "ok"), (403, "forbidden"), (400, "client_error"), (409, "client_error")])
    func adminRecordHasTheDocumentedFields(status: Int, outcome: String) async throws {
        let record = AuditRecord.adminAction(
            actor: "ada", keyID: "k9", requestID: "adm_1", action: "org.create", target: "org:acme", status: status, latencyMs: 1.5,
            timestamp: "2026-11-20T10:00:00.000Z")
        let text = #"{"cache_read_tokens":0,"cache_write_tokens":0,"cost_usd":0,"first_byte_ms":null,"input_tokens":0,"#
            + #""key_id":"k9","latency_ms":1.5,"note":"admin org.create org:acme","outcome":"\#(outcome)","output_tokens":0,"#
            + #""prev_hash":"\#(ChainedRecord.genesis)","prompt_sha256":null,"provider":null,"request_id":"adm_1","#
            + #""requested_model":null,"routing":"admin","seq":1,"served_model":null,"status":\#(status),"surface":"admin","#
            + #""timestamp":"2026-11-20T10:00:00.000Z","user":"ada","version":1}"#
        #expect(String(decoding: ChainedRecord.fields(record, seq: 1, prevHash: ChainedRecord.genesis).bytes(), as: UTF8.self) == text)
        #expect(ChainedRecord.chain(record, seq: 1, prevHash: ChainedRecord.genesis).hash == (try await IndependentDigest.sha256Hex(text)))
    }
}
