import ArgumentParser
import SrooterSupplyChain

/// `srooter keys ...`: release signing keys.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create minisign-compatible Ed25519 release signing keys.",
        discussion: """
            Keys are in minisign's formats, so `minisign` and `srooter` can use each other's keys.

            Example:
              srooter keys generate --name release
            """,
        subcommands: [Generate.self]
    )

    /// `srooter keys generate`
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write a new key pair: NAME.pub (public) and NAME.key (secret, mode 0600).",
            discussion: """
                The secret key is scrypt-encrypted exactly as minisign does it, with the password from \
                --password-file, the SROOTER_KEY_PASSWORD environment variable, or a prompt when on a \
                terminal. Existing files are never overwritten. Put NAME.pub in keys/; never put NAME.key there.

                Example:
                  srooter keys generate --name release --output-dir ~/.srooter
                """
        )

        @Option(help: "The base name of the two files written.")
        var name: String

        @Option(help: "The folder to write the key files into.")
        var outputDir: String = "."

        @Flag(help: "Store the secret key without a password (for throwaway or CI keys).")
        var unencrypted = false

        @Option(help: "Read the password from this file (its first line).")
        var passwordFile: String?

        func run() throws {
            try reportingFailures {
                guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."),
                    name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F })
                else { throw UsageError(description: "--name \"\(name)\": use a plain file name without slashes or spaces") }
                let secretPath = "\(outputDir)/\(name).key"
                let publicPath = "\(outputDir)/\(name).pub"
                for path in [secretPath, publicPath] where FileReader.exists(path) {
                    throw FileError.exists(path: path)
                }
                var password = unencrypted
                    ? nil : try PasswordSource(passwordFile: passwordFile).password(for: secretPath, confirm: true)
                defer { if password != nil { SecretMemory.wipe(&password!) } }
                let key = MinisignSecretKey.generate()
                let secretText = key.fileText(password: password)
                try AtomicFile.write(secretText, to: secretPath, mode: 0o600, overwrite: false)
                do {
                    try AtomicFile.write(key.publicKey.fileText, to: publicPath, mode: 0o644, overwrite: false)
                } catch {
                    AtomicFile.remove(secretPath)
                    throw error
                }
                print("Key id \(key.keyID.hex)")
                print("Public key:  \(publicPath)  (\(key.publicKey.base64))")
                print("Secret key:  \(secretPath)  (\(unencrypted ? "unencrypted" : "scrypt-encrypted"), mode 0600)")
            }
        }
    }
}
