import Testing
@testable import SrooterSupplyChain

@Suite struct KeyIDTests {
    @Test func hexIsLittleEndianSixteenDigits() throws {
        let id = try #require(KeyID(bytes: [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x00]))
        #expect(id.hex == "0007060504030201")
        #expect(id.hex.count == 16)
    }

    @Test func hexRoundTripsAnyCase() throws {
        let id = try #require(KeyID(bytes: [0xE0, 0x1F, 0xA0, 0x19, 0x52, 0xA1, 0xFF, 0x8E]))
        #expect(id.hex == "8EFFA15219A01FE0")
        #expect(KeyID(hex: "8effa15219a01fe0") == id)
        #expect(KeyID(hex: Substring(id.hex)) == id)
    }

    @Test(arguments: ["", "123", "8EFFA15219A01FE0A", "XYZFA15219A01FE0", "+EFFA15219A01FE0", "-EFFA15219A01FE0"])
    func rejectsMalformedHex(_ text: String) {
        #expect(KeyID(hex: Substring(text)) == nil)
    }

    @Test func rejectsWrongByteCount() {
        #expect(KeyID(bytes: [1, 2, 3]) == nil)
        #expect(KeyID(bytes: Array(repeating: 0, count: 9)) == nil)
    }
}
