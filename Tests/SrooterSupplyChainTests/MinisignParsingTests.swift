import Foundation
import SrooterTestSupport
import Testing
@testable import SrooterSupplyChain

/// Bad input: each malformed file gets its own error naming the file.
@Suite struct MinisignParsingTests {
    let key = MinisignSecretKey.generate()

    func signatureText(_ comment: String = "timestamp:1\tfile:a\thashed") throws -> String {
        try FileSigner.sign(bytes: [1, 2, 3], with: key, trustedComment: comment, name: "a").fileText
    }

    func parseError(_ text: String, file: String = "a.minisig") -> SigningError? {
        do {
            _ = try MinisignSignature(fileBytes: Array(text.utf8), file: file)
            return nil
        } catch { return error }
    }

    @Test func acceptsCRLFLineEndings() throws {
        let crlf = try signatureText().replacingOccurrences(of: "\n", with: "\r\n")
        #expect(parseError(crlf) == nil)
    }

    @Test func rejectsCarriageReturnInsideALine() throws {
        let text = try signatureText().replacingOccurrences(of: "untrusted comment: ", with: "untrusted\r comment: ")
        guard case .malformed(let file, let reason) = parseError(text) else {
            Issue.record("expected malformed")
            return
        }
        #expect(file == "a.minisig")
        #expect(reason.contains("carriage return"))
    }

    @Test func rejectsBadBase64() throws {
        var lines = try signatureText().split(separator: "\n").map(String.init)
        lines[1] = "!!" + lines[1].dropFirst(2)
        guard case .malformed(_, let reason) = parseError(lines.joined(separator: "\n")) else {
            Issue.record("expected malformed")
            return
        }
        #expect(reason.contains("base64"))
    }

    @Test func rejectsWrongLengths() throws {
        var lines = try signatureText().split(separator: "\n").map(String.init)
        lines[1] = Sodium.base64(Array(repeating: 7, count: 73))
        guard case .malformed(_, let reason) = parseError(lines.joined(separator: "\n")) else {
            Issue.record("expected malformed")
            return
        }
        #expect(reason.contains("73 bytes, expected 74"))
        #expect(throws: SigningError.self) {
            try MinisignPublicKey(base64: Substring(Sodium.base64(Array(repeating: 1, count: 41))), file: "k.pub")
        }
    }

    @Test func rejectsUnprintableTrustedComment() throws {
        let text = try signatureText("hello").replacingOccurrences(of: "trusted comment: hello", with: "trusted comment: he\u{07}llo")
        #expect(parseError(text) == .unprintableTrustedComment(file: "a.minisig"))
        #expect(throws: SigningError.unprintableTrustedComment(file: "a")) {
            _ = try FileSigner.sign(bytes: [1], with: key, trustedComment: "bell\u{07}", name: "a")
        }
    }

    @Test func rejectsMissingPrefixesAndExtraLines() throws {
        let good = try signatureText()
        #expect(parseError(good.replacingOccurrences(of: "untrusted comment:", with: "comment:")) != nil)
        #expect(parseError(good.replacingOccurrences(of: "trusted comment: t", with: "trusted: t")) != nil)
        #expect(parseError(good + "extra\n") != nil)
        #expect(parseError(String(good.dropLast())) == nil, "the final newline is optional")
    }

    @Test func refusesOversizedSignatureFileBeforeParsing() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("big.minisig", Array(repeating: UInt8(ascii: "a"), count: 16 * 1024 + 1))
        #expect(throws: SigningError.file(.tooLarge(path: path, size: 16 * 1024 + 1, limit: 16 * 1024))) {
            _ = try MinisignSignature(contentsOf: path)
        }
    }

    @Test func missingFileIsUnusableInput() {
        do {
            _ = try MinisignPublicKey(contentsOf: "/nonexistent/k.pub")
            Issue.record("expected an error")
        } catch {
            #expect(error == .file(.missing(path: "/nonexistent/k.pub")))
            #expect(error.kind == .unusableInput)
            #expect(error.singleLine.contains("/nonexistent/k.pub"))
        }
    }

    @Test func legacySignatureNeedsExplicitConsent() throws {
        let message = Array("legacy message".utf8)
        let comment = "legacy comment"
        // Build a legacy (Ed) signature by hand: Ed25519 over the raw message.
        let keyText = key.fileText(password: nil)
        let raw = try #require(Sodium.unbase64(keyText.split(separator: "\n")[1]))
        let secret = Array(raw[62..<126])
        let sig = secret.withUnsafeBufferPointer { Ed25519.sign(message, secretKey: $0) }
        let global = secret.withUnsafeBufferPointer { Ed25519.sign(sig + Array(comment.utf8), secretKey: $0) }
        let signature = MinisignSignature(
            algorithm: .legacy, keyID: key.keyID, signature: sig, untrustedComment: "x",
            trustedComment: comment, globalSignature: global)
        let parsed = try MinisignSignature(fileBytes: Array(signature.fileText.utf8), file: "m.minisig")
        #expect(parsed.algorithm == .legacy)
        #expect(throws: SigningError.legacySignature(file: "m.minisig")) {
            _ = try SignatureVerifier.verify(
                .bytes(message, name: "m"), signature: parsed, signatureFile: "m.minisig", key: key.publicKey, keyFile: "k.pub")
        }
        let verified = try SignatureVerifier.verify(
            .bytes(message, name: "m"), signature: parsed, signatureFile: "m.minisig", key: key.publicKey,
            keyFile: "k.pub", allowLegacy: true)
        #expect(verified.trustedComment == comment)
    }

    @Test func keyIDMismatchNamesBothIdsAndFiles() throws {
        let other = MinisignSecretKey.generate()
        let signature = try FileSigner.sign(bytes: [1], with: key, trustedComment: "c", name: "f")
        do {
            _ = try SignatureVerifier.verify(
                .bytes([1], name: "f"), signature: signature, signatureFile: "f.minisig", key: other.publicKey,
                keyFile: "other.pub")
            Issue.record("expected a mismatch")
        } catch {
            #expect(error.kind == .verificationFailed)
            #expect(error.description.contains(key.keyID.hex) && error.description.contains(other.keyID.hex))
            #expect(error.description.contains("f.minisig") && error.description.contains("other.pub"))
        }
    }
}
