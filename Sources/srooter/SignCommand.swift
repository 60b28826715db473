import ArgumentParser
import SrooterSupplyChain

#if canImport(Glibc)
import Glibc
#endif

/// `srooter sign FILE...`
struct Sign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign files, writing FILE.minisig beside each (prehashed Ed25519, minisign-compatible).",
        discussion: """
            Each file is hashed as a stream with BLAKE2b-512, so memory stays flat for any size. The \
            trusted comment defaults to minisign's (timestamp, file name, hashed), plus version:LABEL \
            when --version-label is given. No signature is written unless every file could be signed.

            Example:
              srooter sign dist/srooter-1.0.0-linux-x86_64.tar.gz --key release.key --version-label 1.0.0
            """
    )

    @Argument(help: "The files to sign.")
    var files: [String]

    @Option(help: "The secret key file (NAME.key).")
    var key: String

    @Option(help: "The trusted comment to sign with each file, instead of the default.")
    var trustedComment: String?

    @Option(help: "Append version:LABEL to the default trusted comment.")
    var versionLabel: String?

    @Option(help: "Read the key's password from this file (its first line).")
    var passwordFile: String?

    func validate() throws {
        if trustedComment != nil, versionLabel != nil {
            throw ValidationError("--trusted-comment and --version-label cannot be combined; put version:LABEL in the comment")
        }
    }

    func run() throws {
        try reportingFailures {
            let source = PasswordSource(passwordFile: passwordFile)
            let secretKey = try MinisignSecretKey(contentsOf: key) { () throws(SigningError) in
                try source.password(for: key)
            }
            let now = Int(time(nil))
            var signatures: [(String, MinisignSignature)] = []
            for file in files {
                let comment = trustedComment
                    ?? FileSigner.defaultTrustedComment(forFile: file, timestamp: now, versionLabel: versionLabel)
                signatures.append((file, try FileSigner.sign(file: file, with: secretKey, trustedComment: comment)))
            }
            for (file, signature) in signatures {
                try AtomicFile.write(signature.fileText, to: "\(file).minisig")
                print("Signed \(file) -> \(file).minisig (key \(signature.keyID.hex))")
            }
        }
    }
}
