import SrooterTestSupport
import Testing
@testable import SrooterSupplyChain

/// Properties over random inputs: signing then verifying holds, and any change to the file,
/// the signature, the trusted comment or the global signature is caught.
@Suite struct SigningPropertyTests {
    let key = MinisignSecretKey.generate()

    func sign(_ message: [UInt8], _ comment: String) throws -> MinisignSignature {
        try FileSigner.sign(bytes: message, with: key, trustedComment: comment, name: "m")
    }

    /// The signing error verification refused with, or nil when it verified. Any other error
    /// (not a refusal) is recorded as a test failure.
    func refusal(_ message: [UInt8], _ signatureText: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> SigningError? {
        do {
            let signature = try MinisignSignature(fileBytes: signatureText, file: "m.minisig")
            _ = try SignatureVerifier.verify(
                .bytes(message, name: "m"), signature: signature, signatureFile: "m.minisig", key: key.publicKey,
                keyFile: "k.pub")
            return nil
        } catch let error as SigningError {
            return error
        } catch {
            Issue.record("not a signing refusal: \(error)", sourceLocation: sourceLocation)
            return .malformed(file: "unexpected", reason: "\(error)")
        }
    }

    func verifies(_ message: [UInt8], _ signatureText: [UInt8]) -> Bool { refusal(message, signatureText) == nil }

    /// The refusals a changed signature file may get: each names the signature file, and none is a
    /// file-system or password error.
    func isSignatureFileRefusal(_ error: SigningError?) -> Bool {
        switch error {
        case .malformed(let file, _), .legacySignature(let file), .unprintableTrustedComment(let file): file == "m.minisig"
        case .badSignature(let file, let signatureFile): file == "m" && signatureFile == "m.minisig"
        case .badTrustedComment(let signatureFile): signatureFile == "m.minisig"
        case .keyIDMismatch(_, let signatureFile, let keyID, let keyFile): signatureFile == "m.minisig" && keyID == key.keyID && keyFile == "k.pub"
        default: false
        }
    }

    func randomMessage<G: RandomNumberGenerator>(_ rng: inout G) -> [UInt8] {
        (0..<Int.random(in: 0...2048, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    func randomComment<G: RandomNumberGenerator>(_ rng: inout G) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789:\t =.-")
        return String((0..<Int.random(in: 0...80, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
    }

    @Test func signThenVerifyHolds() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let message = randomMessage(&rng)
            let signature = try sign(message, randomComment(&rng))
            #expect(verifies(message, Array(signature.fileText.utf8)))
        }
    }

    @Test func anyFlippedByteInTheFileFails() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            var message = randomMessage(&rng)
            if message.isEmpty { message = [0] }
            let text = Array(try sign(message, randomComment(&rng)).fileText.utf8)
            let position = Int.random(in: 0..<message.count, using: &rng)
            message[position] ^= UInt8.random(in: 1...255, using: &rng)
            #expect(refusal(message, text) == .badSignature(file: "m", signatureFile: "m.minisig"))
        }
    }

    @Test func everyFlippedByteOfTheSignatureFileFails() throws {
        var rng = SystemRandomNumberGenerator()
        let message = randomMessage(&rng)
        let text = Array(try sign(message, "timestamp:1\tfile:m\thashed\tversion:1.0.0").fileText.utf8)
        // The untrusted comment (line 1) is by definition not covered; every byte after it is.
        let firstNewline = try #require(text.firstIndex(of: 0x0A))
        var checked = 0
        for position in (firstNewline + 1)..<text.count {
            for mask: UInt8 in [0x01, 0x20, UInt8.random(in: 1...255, using: &rng)] {
                var tampered = text
                tampered[position] ^= mask
                let error = refusal(message, tampered)
                #expect(isSignatureFileRefusal(error), "flipping byte \(position) with \(mask): \(String(describing: error))")
                checked += 1
            }
        }
        #expect(checked > 500)
    }

    @Test func signatureFromAnotherKeyFails() throws {
        let other = MinisignSecretKey.generate()
        let message: [UInt8] = Array("same bytes".utf8)
        let signature = try FileSigner.sign(bytes: message, with: other, trustedComment: "c", name: "m")
        #expect(refusal(message, Array(signature.fileText.utf8))
            == .keyIDMismatch(signatureID: other.keyID, signatureFile: "m.minisig", keyID: key.keyID, keyFile: "k.pub"))
    }

    @Test func signedFileVerifiesFromDisk() throws {
        let dir = TemporaryDirectory()
        var rng = SystemRandomNumberGenerator()
        let message = (0..<(FileReader.chunkSize + 3)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let path = dir.write("file.bin", message)
        let signature = try FileSigner.sign(file: path, with: key, trustedComment: "c")
        let verified = try SignatureVerifier.verify(
            .file(path), signature: signature, signatureFile: "file.bin.minisig", key: key.publicKey, keyFile: "k.pub")
        #expect(verified.keyID == key.keyID)
        #expect(verifies(message, Array(signature.fileText.utf8)))
    }
}
