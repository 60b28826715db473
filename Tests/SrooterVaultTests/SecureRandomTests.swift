import SrooterStore
import Testing

/// `SecureRandom.unique` hands out bytes from a block of the system generator: never the same
/// bytes twice, across refills and for sizes larger than a block.
@Suite struct SecureRandomTests {
    @Test func uniqueBytesNeverRepeatAcrossRefills() {
        var seen = Set<[UInt8]>()
        for _ in 0..<10_000 {  // 120,000 bytes: about thirty refills of the 4 KiB block
            let nonce = SecureRandom.unique(12)
            #expect(nonce.count == 12)
            seen.insert(nonce)
        }
        #expect(seen.count == 10_000)
        #expect(!seen.contains([UInt8](repeating: 0, count: 12)))
        let large = SecureRandom.unique(5000)
        #expect(large.count == 5000 && Set(large).count > 200)
    }

    @Test("secret bytes come in the size asked for, across getentropy's 256-byte calls", arguments: [0, 1, 32, 255, 256, 257, 1000])
    func secretBytesHaveTheRequestedSize(count: Int) {
        let first = SecureRandom.bytes(count)
        let second = SecureRandom.bytes(count)
        #expect(first.count == count && second.count == count)
        if count >= 16 {
            #expect(first != second)
            // Every 256-byte call filled its part: no stretch of 16 zero bytes survives.
            for start in stride(from: 0, to: count - 15, by: 16) {
                #expect(first[start..<(start + 16)].contains { $0 != 0 })
            }
        }
    }
}
