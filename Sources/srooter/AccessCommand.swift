import ArgumentParser
import SrooterGateway
import SrooterStore
import SrooterSupplyChain
import SrooterVault

/// `srooter access ...`: the access keys people use to call the gateway.
struct Access: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Create, list and revoke the access keys (sk-srt-...) that callers present.",
        discussion: """
            Keys are stored as SHA-256 only: the key itself is printed once, at creation. Ids, users \
            and teams are stored encrypted, so these commands need the master key (SROOTER_MASTER_KEY, \
            vault.master_key_file, or master.key beside the database). A running gateway picks up new \
            and revoked keys within two seconds.

            \(AdminCLI.actsAsOwner)

            Example:
              srooter access create --user ada --team platform
              srooter access list
              srooter access revoke 3f9a0c12b4d1
            """,
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Location: ParsableArguments {
        @Option(help: "The gateway configuration file (its `database:` is used).")
        var config = "srooter.yaml"

        @Option(help: "The database file (overrides the configuration's).")
        var database: String?

        @Flag(help: "Open a database that users other than its owner may read (normally refused: chmod 600 it and its -wal and -shm).")
        var allowInsecurePermissions = false

        /// The database file: `--database`, else the configuration's, else `./data/srooter.db`.
        func databasePath() throws -> String {
            var path = database ?? "./data/srooter.db"
            if database == nil, FileReader.exists(config) {
                let text = String(decoding: try FileReader.read(config, limit: 4 << 20), as: UTF8.self)
                path = ConfigLoader.databasePath(text: text) ?? path
            }
            return path
        }

        /// The master key's location: `SROOTER_MASTER_KEY`, the configuration's `vault.master_key_file`,
        /// else `master.key` beside the database (generated on a fresh database, as `serve` does).
        func masterKeySource() throws -> MasterKeySource {
            var keyFile: String?
            if FileReader.exists(config) {
                let text = String(decoding: try FileReader.read(config, limit: 4 << 20), as: UTF8.self)
                keyFile = ConfigLoader.security(text: text).security.masterKeyFile
            }
            return MasterKeySource(
                environment: ProcessInfoLite.environment, keyFile: keyFile, dataFolder: MasterKeySource.folder(ofDatabase: try databasePath()))
        }

        /// Opens the database and unlocks it: names are stored sealed, so the vault opens too (a
        /// wrong or missing master key fails here, with the vault's message, before anything is written).
        func open() async throws -> Store { try await openVault().store }

        /// The database and its vault (whose metadata key also seals the router's weights).
        func openVault() async throws -> (store: Store, vault: Vault) {
            let path = try databasePath()
            let store: Store
            switch Result(catching: { () throws(StoreError) -> Store in
                if !allowInsecurePermissions { try DatabaseFiles.checkPrivate(path) }
                return try Store(path: path)
            }) {
            case .success(let opened): store = opened
            case .failure(let error): throw UsageError(description: error.description)
            }
            return (store, try await Vault.open(store: store, source: try masterKeySource()))
        }
    }

    /// `srooter access create`
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an access key and print it once.",
            discussion: AdminCLI.help("Example:\n  srooter access create --user ada --team platform")
        )
        @OptionGroup var location: Location
        @Option(help: "Who the key belongs to (recorded in every audit record).")
        var user: String
        @Option(help: "The user's team (by default the directory's team of the user).")
        var team: String?

        func run() async throws {
            guard !user.isEmpty else {
                printError("--user must not be empty")
                throw ExitCode(2)
            }
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                let created = try await service.createKey(for: user, team: team, as: actor).value
                print(created.secret)
                printWarning("this key (id \(created.key.id), user \(user)) is shown once; srooter keeps only its SHA-256")
            }
        }
    }

    /// `srooter access list`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List access keys (ids, users, teams, dates; never the keys).",
            discussion: AdminCLI.help("Example:\n  srooter access list")
        )
        @OptionGroup var location: Location

        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                let keys = try await service.listKeys(as: actor).value
                print("ID            USER                 TEAM                 CREATED                   STATUS")
                for key in keys {
                    let status = key.revokedAt.map { "revoked \($0)" } ?? "active"
                    print("\(pad(key.id, 13)) \(pad(key.user, 20)) \(pad(key.team ?? "-", 20)) \(pad(key.createdAt, 25)) \(status)")
                }
            }
        }

        private func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
    }

    /// `srooter access revoke`
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke an access key by its id.",
            discussion: AdminCLI.help("Example:\n  srooter access revoke 3f9a0c12b4d1")
        )
        @OptionGroup var location: Location
        @Argument(help: "The key's id, as `access list` shows it.")
        var id: String

        func run() async throws {
            try await AdminCLI.run(location) { service, actor throws(AdminError) in
                print("Revoked \(try await service.revokeKey(id, as: actor).value.dropFirst("key:".count))")
            }
        }
    }
}
