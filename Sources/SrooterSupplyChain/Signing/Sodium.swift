import CSodium

/// The few libsodium primitives minisign is built from, wrapped for Swift.
///
/// Do not add `crypto_sign_init/update/final` here: that is Ed25519ph over SHA-512, which is
/// not what minisign's prehashed (`ED`) signatures are.
enum Sodium {
    /// libsodium must be initialised once before use; `sodium_init` is idempotent and thread-safe.
    static let ready: Bool = sodium_init() >= 0

    static func randomBytes(_ count: Int) -> [UInt8] {
        precondition(ready, "libsodium failed to initialise")
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) }
        return bytes
    }

    /// Overwrites secret bytes in place with zeros in a way the compiler may not elide.
    static func wipe(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeMutableBytes { sodium_memzero($0.baseAddress!, $0.count) }
    }

    /// Constant-time equality for secrets and checksums.
    static func equal(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.isEmpty { return true }
        return lhs.withUnsafeBytes { l in
            rhs.withUnsafeBytes { r in sodium_memcmp(l.baseAddress!, r.baseAddress!, l.count) == 0 }
        }
    }

    /// Standard base64 with padding (libsodium's ORIGINAL variant).
    static func base64(_ bytes: [UInt8]) -> String {
        let variant = Int32(sodium_base64_VARIANT_ORIGINAL)
        let length = sodium_base64_encoded_len(bytes.count, variant)
        var out = [CChar](repeating: 0, count: length)
        bytes.withUnsafeBytes { input in
            _ = sodium_bin2base64(&out, length, input.bindMemory(to: UInt8.self).baseAddress, bytes.count, variant)
        }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Decodes strict standard base64; nil when any character, the padding or the length is wrong.
    static func unbase64(_ text: Substring) -> [UInt8]? {
        let input = Array(text.utf8)
        if input.isEmpty { return nil }
        var out = [UInt8](repeating: 0, count: input.count)
        var decoded = 0
        var end: UnsafePointer<CChar>?
        let status = input.withUnsafeBytes { raw in
            raw.withMemoryRebound(to: CChar.self) { chars in
                sodium_base642bin(
                    &out, out.count, chars.baseAddress, chars.count, nil, &decoded, &end,
                    Int32(sodium_base64_VARIANT_ORIGINAL))
            }
        }
        guard status == 0 else { return nil }
        // libsodium stops at the first character it cannot use; the whole input must be consumed.
        let consumed = input.withUnsafeBytes { raw -> Bool in
            guard let end, let base = raw.baseAddress else { return false }
            return UnsafeRawPointer(end) == base + raw.count
        }
        return consumed ? Array(out.prefix(decoded)) : nil
    }
}

/// Wiping secrets (passwords, key bytes) held in memory, for callers outside this module.
public enum SecretMemory {
    /// Overwrites the bytes with zeros in a way the compiler may not elide.
    public static func wipe(_ bytes: inout [UInt8]) { Sodium.wipe(&bytes) }
}
