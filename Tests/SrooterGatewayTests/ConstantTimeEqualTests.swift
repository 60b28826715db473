import SrooterStore
import Testing

/// The key comparison's contract, not only its answer: equal-length inputs are read in full,
/// each byte once, whether they differ at the first byte, the last or nowhere.
@Suite struct ConstantTimeEqualTests {
    /// Bytes that count how often each position is read.
    struct CountingBytes: Collection {
        final class Reads { var counts: [Int] = [] }
        let bytes: [UInt8]
        let reads = Reads()

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            reads.counts = Array(repeating: 0, count: bytes.count)
        }

        var startIndex: Int { bytes.startIndex }
        var endIndex: Int { bytes.endIndex }
        func index(after index: Int) -> Int { index + 1 }
        subscript(position: Int) -> UInt8 {
            reads.counts[position] += 1
            return bytes[position]
        }
    }

    static let digest: [UInt8] = (0..<32).map { UInt8(($0 * 37 + 11) & 0xFF) }

    @Test(arguments: [nil, 0, 1, 16, 31] as [Int?])
    func equalLengthInputsAreReadInFullOnce(differingAt position: Int?) {
        var other = Self.digest
        if let position { other[position] ^= 0x80 }
        let a = CountingBytes(Self.digest)
        let b = CountingBytes(other)
        #expect(AccessKeyFormat.constantTimeEqual(bytes: a, b) == (position == nil))
        #expect(a.reads.counts == Array(repeating: 1, count: 32), "reads of the first input: \(a.reads.counts)")
        #expect(b.reads.counts == Array(repeating: 1, count: 32), "reads of the second input: \(b.reads.counts)")
    }

    @Test func theArrayFormAgrees() {
        var other = Self.digest
        #expect(AccessKeyFormat.constantTimeEqual(Self.digest, other))
        other[0] ^= 1
        #expect(!AccessKeyFormat.constantTimeEqual(Self.digest, other))
        #expect(!AccessKeyFormat.constantTimeEqual(Self.digest, Array(Self.digest.dropLast())))
        #expect(!AccessKeyFormat.constantTimeEqual([], [0]))
        #expect(AccessKeyFormat.constantTimeEqual([], []))
    }
}
