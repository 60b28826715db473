import SrooterTestSupport
import Testing
@testable import SrooterSupplyChain

/// The byte layouts of REFERENCE.md's minisign section, checked field by field.
@Suite struct MinisignLayoutTests {
    @Test func publicKeyIsEdKeyIDAndKey() throws {
        let key = MinisignSecretKey.generate()
        let lines = key.publicKey.fileText.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("untrusted comment: "))
        let blob = try #require(Sodium.unbase64(lines[1]))
        #expect(blob.count == 42)
        #expect(Array(blob[0..<2]) == Array("Ed".utf8))
        #expect(Array(blob[2..<10]) == key.keyID.bytes)
        #expect(Array(blob[10..<42]) == key.publicKey.key)
    }

    @Test func unencryptedSecretKeyLayout() throws {
        let key = MinisignSecretKey.generate()
        let lines = key.fileText(password: nil).split(separator: "\n")
        let blob = try #require(Sodium.unbase64(lines[1]))
        #expect(blob.count == 158)
        #expect(Array(blob[0..<2]) == Array("Ed".utf8))
        #expect(Array(blob[2..<4]) == [0, 0])
        #expect(Array(blob[4..<6]) == Array("B2".utf8))
        let ops = blob[38..<46].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let mem = blob[46..<54].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(ops == 33_554_432)
        #expect(mem == 1_073_741_824)
        #expect(Array(blob[54..<62]) == key.keyID.bytes)
        let secret = Array(blob[62..<126])
        #expect(Array(secret[32..<64]) == key.publicKey.key)
        let checksum = Blake2b.hash(Array("Ed".utf8) + key.keyID.bytes + secret, outputLength: 32)
        #expect(Array(blob[126..<158]) == checksum)
    }

    @Test func unencryptedKeyWithZeroChecksumLoads() throws {
        // minisign -G -W writes an all-zero checksum; it must still load.
        let key = MinisignSecretKey.generate()
        let lines = key.fileText(password: nil).split(separator: "\n")
        var blob = try #require(Sodium.unbase64(lines[1]))
        for index in 126..<158 { blob[index] = 0 }
        let text = "untrusted comment: x\n\(Sodium.base64(blob))\n"
        let loaded = try MinisignSecretKey(fileBytes: Array(text.utf8), file: "k.key") { () throws(SigningError) in [] }
        #expect(loaded.keyID == key.keyID)
    }

    @Test func signatureLayoutAndGlobalSignature() throws {
        let key = MinisignSecretKey.generate()
        let message = Array("hello\n".utf8)
        let signature = try FileSigner.sign(bytes: message, with: key, trustedComment: "timestamp:1\tfile:a\thashed", name: "a")
        let lines = signature.fileText.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5 && lines[4].isEmpty)
        let blob = try #require(Sodium.unbase64(lines[1]))
        #expect(blob.count == 74)
        #expect(Array(blob[0..<2]) == Array("ED".utf8))
        #expect(Array(blob[2..<10]) == key.keyID.bytes)
        #expect(lines[2] == "trusted comment: timestamp:1\tfile:a\thashed")
        let sig = Array(blob[10..<74])
        #expect(Ed25519.verify(sig, message: Blake2b.hash(message), publicKey: key.publicKey.key))
        let global = try #require(Sodium.unbase64(lines[3]))
        #expect(Ed25519.verify(global, message: sig + Array("timestamp:1\tfile:a\thashed".utf8), publicKey: key.publicKey.key))
    }

    @Test func defaultTrustedCommentIsMinisigns() {
        #expect(FileSigner.defaultTrustedComment(forFile: "/x/y/release.tar.gz", timestamp: 1700000000)
            == "timestamp:1700000000\tfile:release.tar.gz\thashed")
        #expect(FileSigner.defaultTrustedComment(forFile: "a", timestamp: 5, versionLabel: "1.2.3")
            == "timestamp:5\tfile:a\thashed\tversion:1.2.3")
    }

    @Test func blake2bStreamsLikeOneShot() throws {
        let dir = TemporaryDirectory()
        let bytes = (0..<(3 * FileReader.chunkSize + 17)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let path = dir.write("big", bytes)
        #expect(try Blake2b.hashFile(path) == Blake2b.hash(bytes))
        // Known answer: BLAKE2b-512("abc") from RFC 7693 appendix A.
        let abc = Blake2b.hash(Array("abc".utf8)).map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        #expect(abc.hasPrefix("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"))
    }
}
