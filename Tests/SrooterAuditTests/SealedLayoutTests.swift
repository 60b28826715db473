import SrooterTestSupport
import SrooterVault
import Testing
@testable import SrooterAudit
@testable import SrooterStore

/// The store's rows and the audit chain seal one plaintext layout (`SealedFieldLayout`), byte for
/// byte the layout the README documents and databases written before it was shared hold: `1`,
/// then per field `0` (absent) or `1`, a 4-byte little-endian length and the UTF-8 bytes, zero
/// padding to a multiple of 32. Expected bytes are written out here, field by field.
@Suite struct SealedLayoutTests {
    /// One present field as the README describes it (lengths here are below 256).
    private static func present(_ text: String) -> [UInt8] { [1, UInt8(text.utf8.count), 0, 0, 0] + Array(text.utf8) }

    private static func padded(_ bytes: [UInt8]) -> [UInt8] { bytes + [UInt8](repeating: 0, count: (32 - bytes.count % 32) % 32) }

    @Test func layoutIsTheDocumentedOne() {
        let expected: [UInt8] = [1, 1, 2, 0, 0, 0, 0x61, 0x62, 0, 1, 2, 0, 0, 0, 0xC3, 0xA9] + [UInt8](repeating: 0, count: 16)
        #expect(SealedFieldLayout.encode(["ab", nil, "é"]) == expected)
        #expect(SealedFieldLayout.decode(expected, count: 3) == ["ab", nil, "é"])
        #expect(SealedFieldLayout.encode([]) == [1] + [UInt8](repeating: 0, count: 31))
        let long = String(repeating: "x", count: 300)
        #expect(Array(SealedFieldLayout.encode([long]).prefix(6)) == [1, 1, 0x2C, 0x01, 0, 0])
    }

    @Test(arguments: [[UInt8](), [2, 0], [1, 1, 9, 0, 0, 0, 0x61], [1, 1, 2, 0]])
    func malformedPlaintextIsRefused(plain: [UInt8]) {
        #expect(SealedFieldLayout.decode(plain, count: 1) == nil)
    }

    @Test func bothSealersSealTheLayout() async throws {
        let folder = TemporaryDirectory()
        let store = try Store(path: folder.file("srooter.db"))
        let keys = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path)).metadata

        let row = SealedFields(cipher: keys, table: "access_keys").seal(["k1", "ada", nil], row: "idx")
        let rowPlain = try #require(keys.open(row, context: Array("srooter-store-v1\0access_keys\0idx".utf8)))
        #expect(rowPlain == Self.padded([1] + Self.present("k1") + Self.present("ada") + [0]))

        var record = AuditFixtures.record(1)
        record.promptSHA256 = nil
        record.note = "n"
        let sealed = RecordSealer(keys: keys).seal(ChainedRecord.chain(record, seq: 7, prevHash: ChainedRecord.genesis)).sealed
        let recordPlain = try #require(keys.open(sealed, context: Array("srooter-audit-v1\07".utf8)))
        // user, key id, requested and served model, provider, prompt hash, request id, surface, routing, outcome, note.
        let fields: [UInt8] = Self.present("user1") + Self.present("k1") + Self.present("claude-sonnet-4-5")
            + Self.present("claude-sonnet-4-5-1") + Self.present("anthropic") + [0] + Self.present("req_1")
            + Self.present("anthropic-messages") + Self.present("direct") + Self.present("ok") + Self.present("n")
        #expect(recordPlain == Self.padded([1] + fields))
    }
}
