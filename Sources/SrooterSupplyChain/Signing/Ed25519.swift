import CSodium

/// Ed25519 signing over libsodium, with the key layout minisign uses
/// (a 64-byte secret key is the 32-byte seed followed by the 32-byte public key).
enum Ed25519 {
    static let publicKeyLength = 32
    static let secretKeyLength = 64
    static let signatureLength = 64

    /// A new random key pair.
    static func generate() -> (publicKey: [UInt8], secretKey: [UInt8]) {
        precondition(Sodium.ready, "libsodium failed to initialise")
        var pk = [UInt8](repeating: 0, count: publicKeyLength)
        var sk = [UInt8](repeating: 0, count: secretKeyLength)
        crypto_sign_keypair(&pk, &sk)
        return (pk, sk)
    }

    /// The public key a 64-byte secret key's seed derives, to check a decoded key is whole.
    static func publicKey(ofSecretKey secretKey: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        precondition(Sodium.ready, "libsodium failed to initialise")
        var pk = [UInt8](repeating: 0, count: publicKeyLength)
        var sk = [UInt8](repeating: 0, count: secretKeyLength)
        defer { Sodium.wipe(&sk) }
        crypto_sign_seed_keypair(&pk, &sk, secretKey.baseAddress!)
        return pk
    }

    static func sign(_ message: [UInt8], secretKey: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        precondition(Sodium.ready, "libsodium failed to initialise")
        var signature = [UInt8](repeating: 0, count: signatureLength)
        message.withUnsafeBufferPointer { m in
            _ = crypto_sign_detached(&signature, nil, m.baseAddress, UInt64(m.count), secretKey.baseAddress!)
        }
        return signature
    }

    static func verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        precondition(Sodium.ready, "libsodium failed to initialise")
        guard signature.count == signatureLength, publicKey.count == publicKeyLength else { return false }
        return message.withUnsafeBufferPointer { m in
            crypto_sign_verify_detached(signature, m.baseAddress, UInt64(m.count), publicKey) == 0
        }
    }
}
