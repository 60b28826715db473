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
}
