import ArgumentParser
import SrooterSupplyChain

/// `srooter verify FILE`
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a file's minisign signature against one public key or the trusted keys folder.",
        discussion: """
            Checks, in order: the signature's key id against the key (or finds it among the *.pub files \
            of the trust folder, refusing ids listed in its revoked file), the signature over the file's \
            BLAKE2b-512 hash, then the signature over the trusted comment. Prints the signer's key id \
            and the trusted comment. Exit code 1 means verification failed; 2 means unusable input.

            Example:
              srooter verify srooter-1.0.0-linux-x86_64.tar.gz --trust-dir keys/
              srooter verify notes.txt --pubkey release.pub --sig notes.txt.minisig
            """
    )

    @Argument(help: "The file to verify.")
    var file: String

    @Option(help: "Verify against this public key only (NAME.pub).")
    var pubkey: String?

    @Option(help: "The folder of trusted *.pub keys and the revoked list.")
    var trustDir: String = "keys"

    @Option(help: "The signature file (default: FILE.minisig).")
    var sig: String?

    @Flag(help: "Accept legacy non-prehashed (Ed) signatures.")
    var allowLegacy = false

    func run() throws {
        try reportingFailures {
            let signatureFile = sig ?? "\(file).minisig"
            guard FileReader.exists(file) else { throw FileError.missing(path: file) }
            let signature = try MinisignSignature(contentsOf: signatureFile)
            let verified: VerifiedSignature
            if let pubkey {
                let key = try MinisignPublicKey(contentsOf: pubkey)
                // The revocation list applies even when a key is named directly.
                if try TrustStore.revocations(in: trustDir).contains(signature.keyID) {
                    throw SigningError.revokedKey(id: signature.keyID, list: "\(trustDir)/revoked")
                }
                verified = try SignatureVerifier.verify(
                    .file(file), signature: signature, signatureFile: signatureFile, key: key, keyFile: pubkey,
                    allowLegacy: allowLegacy)
            } else {
                let trust = try TrustStore(directory: trustDir)
                verified = try SignatureVerifier.verify(
                    .file(file), signature: signature, signatureFile: signatureFile, trust: trust,
                    allowLegacy: allowLegacy)
            }
            print("Signature and comment signature verified")
            print("Key id: \(verified.keyID.hex) (\(verified.keyFile))")
            print("Trusted comment: \(verified.trustedComment)")
        }
    }
}
