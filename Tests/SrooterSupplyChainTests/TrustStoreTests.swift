import SrooterTestSupport
import Testing
@testable import SrooterSupplyChain

@Suite struct TrustStoreTests {
    @Test func findsTheSignersKeyAmongSeveral() throws {
        let dir = TemporaryDirectory()
        let keys = (0..<3).map { _ in MinisignSecretKey.generate() }
        for (index, key) in keys.enumerated() { dir.write("k\(index).pub", key.publicKey.fileText) }
        dir.write("notes.txt", "not a key")
        let store = try TrustStore(directory: dir.path)
        #expect(store.keys.count == 3)
        let signature = try FileSigner.sign(bytes: [9], with: keys[1], trustedComment: "c", name: "f")
        let verified = try SignatureVerifier.verify(
            .bytes([9], name: "f"), signature: signature, signatureFile: "f.minisig", trust: store)
        #expect(verified.keyFile == dir.file("k1.pub"))
    }

    @Test func revokedKeyIsRefusedEvenThoughItsPublicKeyIsPresent() throws {
        let dir = TemporaryDirectory()
        let key = MinisignSecretKey.generate()
        dir.write("k.pub", key.publicKey.fileText)
        dir.write("revoked", "# compromised 2026-11-01\n\(key.keyID.hex.lowercased())  # laptop key\n\n")
        let store = try TrustStore(directory: dir.path)
        let signature = try FileSigner.sign(bytes: [9], with: key, trustedComment: "c", name: "f")
        #expect(throws: SigningError.revokedKey(id: key.keyID, list: dir.file("revoked"))) {
            _ = try SignatureVerifier.verify(.bytes([9], name: "f"), signature: signature, signatureFile: "f.minisig", trust: store)
        }
    }

    @Test func unknownKeyIsRefused() throws {
        let dir = TemporaryDirectory()
        dir.write("k.pub", MinisignSecretKey.generate().publicKey.fileText)
        let stranger = MinisignSecretKey.generate()
        let signature = try FileSigner.sign(bytes: [9], with: stranger, trustedComment: "c", name: "f")
        #expect(throws: SigningError.untrustedKey(id: stranger.keyID, signatureFile: "f.minisig", trustDir: dir.path)) {
            _ = try SignatureVerifier.verify(
                .bytes([9], name: "f"), signature: signature, signatureFile: "f.minisig", trust: TrustStore(directory: dir.path))
        }
    }

    @Test func malformedRevocationListFailsClosed() throws {
        let dir = TemporaryDirectory()
        dir.write("k.pub", MinisignSecretKey.generate().publicKey.fileText)
        dir.write("revoked", "0123456789ABCDEF\nnot-an-id\n")
        #expect(throws: SigningError.badRevocationEntry(list: dir.file("revoked"), line: 2)) {
            _ = try TrustStore(directory: dir.path)
        }
    }

    @Test func emptyOrMissingFolderIsUnusable() throws {
        let dir = TemporaryDirectory()
        #expect(throws: SigningError.emptyTrustDir(path: dir.path)) { _ = try TrustStore(directory: dir.path) }
        #expect(throws: SigningError.file(.missing(path: dir.file("nope")))) {
            _ = try TrustStore(directory: dir.file("nope"))
        }
    }
}
