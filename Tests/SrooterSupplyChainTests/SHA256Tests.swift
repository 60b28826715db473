import SrooterEncoding
import Testing

@testable import SrooterSupplyChain

/// SHA-256 through libsodium, one-shot and streamed.
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(input: String, digest: String) {
        #expect(Hex.encode(SHA256.hash(Array(input.utf8))) == digest)
    }

    @Test func streamedFileMatchesOneShot() throws {
        let folder = TemporaryFolder()
        // Larger than one read chunk, so the stream is fed more than once.
        let bytes = (0..<(FileReader.chunkSize + 12345)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let path = "\(folder.path)/blob"
        try AtomicFile.write(bytes, to: path)
        #expect(try SHA256.hashFile(path) == SHA256.hash(bytes))
        let digests = try BinaryDigests.of(file: path)
        #expect(digests.sha256 == Hex.encode(SHA256.hash(bytes)))
        #expect(digests.blake2b512 == Hex.encode(Blake2b.hash(bytes)))
    }

    @Test func hexHelpers() {
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.isLowerHex("00ff") && !Hex.isLowerHex("00FF") && !Hex.isLowerHex(""))
        #expect(Hex.decode("000fa0ff") == [0x00, 0x0f, 0xa0, 0xff] && Hex.decode("") == [])
        #expect(Hex.decode("00FF") == nil && Hex.decode("abc") == nil && Hex.decode("0g") == nil)
        #expect((0...15).map { Hex.digit(UInt8($0)) } == Array("0123456789abcdef".utf8))
    }
}
