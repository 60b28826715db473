import ArgumentParser
import SrooterSupplyChain
import SrooterVault

#if canImport(Glibc)
import Glibc
#endif

/// `srooter credentials ...`: provider credentials in the encrypted vault.
struct Credentials: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "Add, list, rotate and remove provider credentials in the encrypted vault.",
        discussion: """
            Each credential is sealed with AES-256-GCM under its own data key, which the master key \
            wraps; its name and provider are bound to the ciphertext. A provider uses one with \
            `credential: vault:NAME` in srooter.yaml. Secrets are never printed, not even by `list`.

            Example:
              srooter credentials add anthropic-prod --provider anthropic --from-env ANTHROPIC_API_KEY
              srooter credentials list
              printf %s "$NEW_KEY" | srooter credentials rotate anthropic-prod --stdin
              srooter credentials remove anthropic-prod
            """,
        subcommands: [Add.self, List.self, Rotate.self, Remove.self]
    )

    /// Exactly one place to read a secret from.
    struct SecretSource: ParsableArguments {
        @Option(help: "Read the secret from this environment variable.") var fromEnv: String?
        @Option(help: "Read the secret from this file (a trailing newline is dropped).") var fromFile: String?
        @Flag(help: "Read the secret from standard input (a trailing newline is dropped).") var stdin = false

        func read() throws -> SecretBytes {
            let chosen = [fromEnv != nil, fromFile != nil, stdin].filter { $0 }.count
            guard chosen == 1 else { throw UsageError(description: "give exactly one of --from-env VAR, --from-file FILE or --stdin") }
            var bytes: [UInt8]
            if let fromEnv {
                guard let value = ProcessInfoLite.environment[fromEnv], !value.isEmpty else {
                    throw UsageError(description: "environment variable \(fromEnv) is not set or empty")
                }
                bytes = Array(value.utf8)
            } else if let fromFile {
                bytes = try FileReader.read(fromFile, limit: 64 << 10)
            } else {
                bytes = []
                var chunk = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
                    if count <= 0 { break }
                    bytes += chunk[0..<count]
                    guard bytes.count <= 64 << 10 else { throw UsageError(description: "the secret on standard input is over 64 KiB") }
                }
                SecretBytes.zero(&chunk)
            }
            while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
            guard !bytes.isEmpty else { throw UsageError(description: "the secret is empty") }
            return SecretBytes(consuming: &bytes)
        }
    }

    /// `srooter credentials add`
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a provider credential, encrypted.",
            discussion: """
                Example:
                  srooter credentials add openai-prod --provider openai --from-file ./openai.key
                """
        )
        @OptionGroup var location: SecurityLocation
        @Argument(help: "The credential's name (letters, digits, '.', '-', '_').") var name: String
        @Option(help: "The provider it belongs to (as named in srooter.yaml).") var provider: String
        @OptionGroup var source: SecretSource

        func run() async throws {
            try await reportingFailures {
                let secret = try source.read()
                try await location.openVault().add(name: name, provider: provider, secret: secret)
                print("Stored credential \(name) for provider \(provider) (use `credential: vault:\(name)` in srooter.yaml)")
            }
        }
    }

    /// `srooter credentials list`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List credentials: names, providers, dates; never the secrets.",
            discussion: """
                Example:
                  srooter credentials list
                """
        )
        @OptionGroup var location: SecurityLocation

        func run() async throws {
            try await reportingFailures {
                let items = try await location.openVault().list()
                print("NAME                     PROVIDER         CREATED                   ROTATED                   LAST USED")
                for item in items {
                    print("\(pad(item.name, 24)) \(pad(item.provider, 16)) \(pad(item.createdAt, 25)) \(pad(item.rotatedAt ?? "-", 25)) \(item.lastUsedAt ?? "-")")
                }
            }
        }

        private func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
    }

    /// `srooter credentials rotate`
    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a credential's secret (sealed under a fresh data key).",
            discussion: """
                A running gateway keeps the secret it loaded at start; restart it to use the new one.

                Example:
                  srooter credentials rotate anthropic-prod --from-env NEW_ANTHROPIC_API_KEY
                """
        )
        @OptionGroup var location: SecurityLocation
        @Argument(help: "The credential's name.") var name: String
        @Option(help: "Move it to another provider.") var provider: String?
        @OptionGroup var source: SecretSource

        func run() async throws {
            try await reportingFailures {
                let secret = try source.read()
                try await location.openVault().rotate(name: name, provider: provider, secret: secret)
                print("Rotated credential \(name)")
            }
        }
    }

    /// `srooter credentials remove`
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a credential.",
            discussion: """
                Example:
                  srooter credentials remove anthropic-prod
                """
        )
        @OptionGroup var location: SecurityLocation
        @Argument(help: "The credential's name.") var name: String

        func run() async throws {
            try await reportingFailures {
                try await location.openVault().remove(name: name)
                print("Removed credential \(name)")
            }
        }
    }
}
