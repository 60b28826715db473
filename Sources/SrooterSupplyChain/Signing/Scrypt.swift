import CSodium

/// The scrypt key derivation minisign uses to encrypt secret keys.
enum Scrypt {
    /// minisign's defaults: about 1 GiB of memory and a few seconds to derive.
    static let defaultOpsLimit: UInt64 = 33_554_432
    static let defaultMemLimit: UInt64 = 1_073_741_824

    /// Derives `length` bytes from the password; nil when libsodium refuses the limits
    /// (for example a memory limit the machine cannot allocate).
    static func derive(
        password: [UInt8], salt: [UInt8], opsLimit: UInt64, memLimit: UInt64, length: Int
    ) -> [UInt8]? {
        precondition(Sodium.ready, "libsodium failed to initialise")
        guard salt.count == Int(crypto_pwhash_scryptsalsa208sha256_SALTBYTES) else { return nil }
        var out = [UInt8](repeating: 0, count: length)
        let status = (password + [0]).withUnsafeBufferPointer { pw in
            pw.withMemoryRebound(to: CChar.self) { chars in
                crypto_pwhash_scryptsalsa208sha256(
                    &out, UInt64(length), chars.baseAddress!, UInt64(password.count),
                    salt, opsLimit, Int(memLimit))
            }
        }
        return status == 0 ? out : nil
    }
}
