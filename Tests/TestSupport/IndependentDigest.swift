/// SHA-256 computed outside srooter, by coreutils' `sha256sum`, for test vectors that must not
/// come from the code under test.
public enum IndependentDigest {
    /// Lower-case hex SHA-256 of `text`'s UTF-8 bytes.
    public static func sha256Hex(_ text: String) async throws -> String {
        let result = try await CommandRunner.run("sha256sum", [], stdin: text)
        guard result.status == 0, let hex = result.stdout.split(separator: " ").first, hex.count == 64 else {
            throw DigestFailed(output: result.stdout + result.stderr)
        }
        return String(hex)
    }

    /// Lower-case hex SHA-256 of the file at `path`.
    public static func sha256Hex(file path: String) async throws -> String {
        let result = try await CommandRunner.run("sha256sum", [path])
        guard result.status == 0, let hex = result.stdout.split(separator: " ").first, hex.count == 64 else {
            throw DigestFailed(output: result.stdout + result.stderr)
        }
        return String(hex)
    }

    /// `sha256sum` failed or printed something unexpected.
    public struct DigestFailed: Error, CustomStringConvertible {
        public let output: String
        public var description: String { "sha256sum: \(output)" }
    }
}
