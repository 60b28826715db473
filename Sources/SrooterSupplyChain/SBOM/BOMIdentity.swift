import SrooterEncoding

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The serial number and timestamp of an SBOM: reproducible under `SOURCE_DATE_EPOCH`,
/// fresh otherwise.
public enum BOMIdentity {
    /// `urn:uuid:` + a UUID derived from `content`: the first 16 bytes of its SHA-256, marked as
    /// an RFC 9562 version 8 (custom, name-based with SHA-256) UUID.
    public static func derivedSerialNumber(content: [UInt8]) -> String {
        serialNumber(uuidBytes: Array(SHA256.hash(content).prefix(16)), version: 8)
    }

    /// `urn:uuid:` + a random (version 4) UUID.
    public static func randomSerialNumber() -> String {
        serialNumber(uuidBytes: Sodium.randomBytes(16), version: 4)
    }

    /// Formats 16 bytes as a lower-case UUID URN with the given version and the RFC variant.
    static func serialNumber(uuidBytes: [UInt8], version: UInt8) -> String {
        var bytes = uuidBytes
        bytes[6] = (bytes[6] & 0x0F) | (version << 4)
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Hex.encode(bytes)
        let utf8 = Array(hex.utf8)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(decoding: utf8[$0], as: UTF8.self) }
        return "urn:uuid:" + groups.joined(separator: "-")
    }

    /// Parses `SOURCE_DATE_EPOCH`: nil when unset, an error when set to anything but seconds.
    public static func sourceDateEpoch(_ value: String?) throws(InventoryError) -> Int? {
        guard let value else { return nil }
        guard let seconds = Int(value), seconds >= 0, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .badSourceDateEpoch(value: value)
        }
        return seconds
    }

    /// The environment's `SOURCE_DATE_EPOCH`, parsed.
    public static func sourceDateEpochFromEnvironment() throws(InventoryError) -> Int? {
        try sourceDateEpoch(getenv("SOURCE_DATE_EPOCH").map { String(cString: $0) })
    }

    /// RFC 3339 UTC (`2023-11-14T22:13:20Z`) for seconds since 1970.
    public static func timestamp(secondsSince1970 seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = Int(parts.tm_year) + 1900
        let yearText = year < 1000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        return "\(yearText)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// The current time in seconds since 1970.
    public static func now() -> Int { Int(time(nil)) }
}
