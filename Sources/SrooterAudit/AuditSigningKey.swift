import Crypto
import SrooterStore
import SrooterVault

/// The gateway's audit key: Ed25519, signing checkpoints over the chain head. It lives in the data
/// folder as `audit.key` (base64 of the 32-byte seed, mode 0600), generated on first start;
/// `srooter audit key` prints its public half for auditors to pin.
public struct AuditSigningKey: Sendable {
    let key: Curve25519.Signing.PrivateKey

    /// A key from its 32-byte seed.
    public init(seed: [UInt8]) throws(AuditError) {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw AuditError.badKey(reason: "an Ed25519 seed must be 32 bytes")
        }
        self.key = key
    }

    /// A new random key.
    public static func generate() -> AuditSigningKey { AuditSigningKey(key: Curve25519.Signing.PrivateKey()) }

    private init(key: Curve25519.Signing.PrivateKey) { self.key = key }

    /// The default file in a data folder.
    public static func defaultPath(dataFolder: String) -> String { "\(dataFolder)/audit.key" }

    /// Reads the key file, or creates it (mode 0600) when it does not exist.
    public static func loadOrCreate(path: String) throws(AuditError) -> AuditSigningKey {
        if SecretFile.exists(path) { return try load(path: path) }
        let key = generate()
        SecretFile.makeFolder(of: path)
        do {
            try SecretFile.create(path, Array((Base64.encode(Array(key.key.rawRepresentation)) + "\n").utf8))
        } catch {
            // Another process made it first: use theirs.
            if SecretFile.exists(path) { return try load(path: path) }
            throw AuditError.badKey(reason: error.description)
        }
        return key
    }

    /// Reads an existing key file.
    public static func load(path: String) throws(AuditError) -> AuditSigningKey {
        let bytes: [UInt8]
        do { bytes = try SecretFile.read(path) } catch { throw AuditError.badKey(reason: error.description) }
        guard var seed = Base64.decode(String(decoding: bytes, as: UTF8.self)) else {
            throw AuditError.badKey(reason: "\(path) is not base64 of a 32-byte Ed25519 seed")
        }
        defer { SecretBytes.zero(&seed) }
        return try AuditSigningKey(seed: seed)
    }

    /// The public key, base64 of its 32 raw bytes.
    public var publicKey: String { Base64.encode(Array(key.publicKey.rawRepresentation)) }

    /// A checkpoint over the head `(seq, head)`, after the checkpoint at `previousSeq` (0 for none).
    public func checkpoint(seq: Int, head: String, previousSeq: Int, timestamp: String) -> CheckpointRow {
        let message = Checkpoints.message(seq: seq, head: head, previousSeq: previousSeq, timestamp: timestamp)
        // Signing with a valid Ed25519 key does not fail.
        let signature = (try? key.signature(for: message)).map { Array($0) } ?? []
        return CheckpointRow(
            seq: seq, head: head, timestamp: timestamp, previousSeq: previousSeq, publicKey: publicKey,
            signature: Base64.encode(signature))
    }
}

/// The checkpoint format: what is signed, and checking a signature.
public enum Checkpoints {
    /// The signed bytes: canonical JSON of
    /// `{"head", "previous_seq", "seq", "timestamp", "type": "srooter-audit-checkpoint-v1"}`.
    public static func message(seq: Int, head: String, previousSeq: Int, timestamp: String) -> [UInt8] {
        var fields = CanonicalFields()
        fields.add("type", .string("srooter-audit-checkpoint-v1"))
        fields.add("seq", .int(seq))
        fields.add("head", .string(head))
        fields.add("previous_seq", .int(previousSeq))
        fields.add("timestamp", .string(timestamp))
        return fields.bytes()
    }

    /// Whether the checkpoint's signature is valid for its own public key.
    public static func signatureIsValid(_ checkpoint: CheckpointRow) -> Bool {
        guard let raw = Base64.decode(checkpoint.publicKey), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw),
              let signature = Base64.decode(checkpoint.signature)
        else { return false }
        let message = message(seq: checkpoint.seq, head: checkpoint.head, previousSeq: checkpoint.previousSeq, timestamp: checkpoint.timestamp)
        return key.isValidSignature(signature, for: message)
    }
}
