import ArgumentParser
import SrooterSupplyChain
import SrooterVault

/// `srooter vault ...`: the master key.
struct VaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: "Manage the vault's master key.",
        discussion: """
            The master key (SROOTER_MASTER_KEY, vault.master_key_file, else ./data/master.key) wraps \
            every credential's data key and the metadata key. Rotation rewraps them in one \
            transaction; ciphertexts are untouched, and a running gateway keeps working.

            Example:
              srooter vault rotate-master
              srooter vault rotate-master --new-key-file /etc/srooter/master.key.2027
            """,
        subcommands: [RotateMaster.self]
    )

    /// `srooter vault rotate-master`
    struct RotateMaster: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-master",
            abstract: "Rewrap every data key under a new master key.",
            discussion: """
                With the default key file (./data/master.key), a new key is generated, written beside it \
                as master.key.new, the database switched, then the file renamed over the old one (a \
                start-up after an interruption finishes the switch). With SROOTER_MASTER_KEY or \
                vault.master_key_file, give --new-key-file (generated, mode 0600, when missing) and \
                point the gateway at it afterwards.

                Example:
                  srooter vault rotate-master
                """
        )
        @OptionGroup var location: SecurityLocation
        @Option(help: "The new master key file (base64 of 32 bytes, mode 0600); generated when missing.")
        var newKeyFile: String?

        func run() async throws {
            try await reportingFailures {
                let vault = try await location.openVault()
                let folder = try location.dataFolder()
                let defaultFile = MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder).defaultKeyFile
                let target: String
                var switchDefault = false
                if let newKeyFile {
                    target = newKeyFile
                } else if vault.master.source == defaultFile {
                    target = defaultFile + ".new"
                    switchDefault = true
                    if SecretFile.exists(target) {
                        throw UsageError(description: "\(target) exists from an unfinished rotation; start the gateway once (it finishes the switch) or remove it if the database still uses \(defaultFile)")
                    }
                } else {
                    throw UsageError(description: "the master key comes from \(vault.master.source): give --new-key-file PATH for the new key")
                }
                let new: MasterKey
                if SecretFile.exists(target) {
                    new = try MasterKey(base64: String(decoding: try SecretFile.read(target), as: UTF8.self), source: target)
                } else {
                    new = MasterKey.generate(source: target)
                    try SecretFile.create(target, Array((new.base64() + "\n").utf8))
                }
                guard new.checkValue != vault.master.checkValue else { throw UsageError(description: "the new master key is the current one") }
                let count = try await vault.rotateMaster(to: new)
                if switchDefault { try SecretFile.rename(target, to: defaultFile) }
                print("Rewrapped \(count) credential keys and the metadata key under master key \(new.id) (\(switchDefault ? defaultFile : target))")
            }
        }
    }
}
