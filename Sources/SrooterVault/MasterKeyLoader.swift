/// Where the master key comes from, in order: `SROOTER_MASTER_KEY` (base64 of 32 bytes), the
/// configured key file, else `master.key` in the data folder, generated (mode 0600) on the first
/// start of a database that has no encrypted data yet. Never overwritten.
public struct MasterKeySource: Sendable {
    /// The environment variable that may hold the key.
    public static let variable = "SROOTER_MASTER_KEY"
    public var environment: [String: String]
    /// `vault.master_key_file` from the config: must exist, mode 0600.
    public var keyFile: String?
    /// The folder of the database (`./data`), where the default key file lives.
    public var dataFolder: String

    public init(environment: [String: String], keyFile: String?, dataFolder: String) {
        self.environment = environment
        self.keyFile = keyFile
        self.dataFolder = dataFolder
    }

    /// The default key file.
    public var defaultKeyFile: String { "\(dataFolder)/master.key" }

    /// The folder of a database path (`.` for a bare file name).
    public static func folder(ofDatabase path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Loads the key. `expectedCheck` is the database's key check value (nil on a fresh database,
    /// which alone allows generating the default key file).
    func load(expectedCheck: String?) throws(VaultError) -> MasterKey {
        if let text = environment[Self.variable], !text.isEmpty {
            return try MasterKey(base64: text, source: Self.variable)
        }
        if let keyFile {
            return try Self.read(keyFile)
        }
        let path = defaultKeyFile
        if SecretFile.exists(path) {
            let key = try Self.read(path)
            // A master key rotation that stopped between the database commit and the file switch.
            if let expectedCheck, key.checkValue != expectedCheck, SecretFile.exists(path + ".new") {
                let pending = try Self.read(path + ".new")
                if pending.checkValue == expectedCheck {
                    try SecretFile.rename(path + ".new", to: path)
                    return try MasterKey(base64: pendingText(pending), source: path)
                }
            }
            return key
        }
        guard expectedCheck == nil else { throw VaultError.missingMasterKey(expected: path) }
        let key = MasterKey.generate(source: path)
        SecretFile.makeFolder(of: path)
        try SecretFile.create(path, Array((key.base64() + "\n").utf8))
        return key
    }

    private func pendingText(_ key: MasterKey) -> String { key.base64() }

    static func read(_ path: String) throws(VaultError) -> MasterKey {
        var bytes = try SecretFile.read(path)
        defer { SecretBytes.zero(&bytes) }
        return try MasterKey(base64: String(decoding: bytes, as: UTF8.self), source: path)
    }
}
