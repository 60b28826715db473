import Testing
@testable import SrooterSupplyChain

/// scrypt-encrypted secret keys (each derivation uses minisign's 1 GiB default, so keep these few).
@Suite struct SecretKeyEncryptionTests {
    @Test func encryptedKeyRoundTripsAndRefusesWrongPassword() throws {
        let key = MinisignSecretKey.generate()
        let text = Array(key.fileText(password: Array("correct horse".utf8)).utf8)
        let blob = try #require(Sodium.unbase64(String(decoding: text, as: UTF8.self).split(separator: "\n")[1]))
        #expect(Array(blob[2..<4]) == Array("Sc".utf8))
        #expect(Array(blob[54..<62]) != key.keyID.bytes, "the key id is encrypted too")

        let loaded = try MinisignSecretKey(fileBytes: text, file: "k.key") { () throws(SigningError) in
            Array("correct horse".utf8)
        }
        #expect(loaded.keyID == key.keyID)
        #expect(loaded.publicKey == key.publicKey)

        #expect(throws: SigningError.wrongPassword(keyFile: "k.key")) {
            _ = try MinisignSecretKey(fileBytes: text, file: "k.key") { () throws(SigningError) in
                Array("wrong".utf8)
            }
        }
    }

    @Test func unencryptedKeyNeverAsksForAPassword() throws {
        let key = MinisignSecretKey.generate()
        let loaded = try MinisignSecretKey(fileBytes: Array(key.fileText(password: nil).utf8), file: "k.key") {
            () throws(SigningError) in throw .passwordRequired(keyFile: "k.key")
        }
        #expect(loaded.keyID == key.keyID)
    }

    @Test func hostileScryptLimitsAreRefused() throws {
        let key = MinisignSecretKey.generate()
        let line = key.fileText(password: nil).split(separator: "\n")[1]
        var blob = try #require(Sodium.unbase64(line))
        blob[2] = UInt8(ascii: "S")
        blob[3] = UInt8(ascii: "c")
        for index in 46..<54 { blob[index] = 0xFF }  // memlimit = 2^64 - 1
        let text = "untrusted comment: x\n\(Sodium.base64(blob))\n"
        #expect(throws: SigningError.self) {
            _ = try MinisignSecretKey(fileBytes: Array(text.utf8), file: "k.key") { () throws(SigningError) in [1] }
        }
    }
}
