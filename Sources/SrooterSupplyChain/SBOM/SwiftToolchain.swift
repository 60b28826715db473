#if canImport(Glibc)
import Glibc
#endif

/// The Swift toolchain on `PATH`, from `swift --version`: a `platform` component of the SBOM
/// and the toolchain line of the pins.
public struct SwiftToolchain: Sendable, Equatable {
    /// `6.3.1`.
    public let version: String
    /// The whole first line (`Swift version 6.3.1 (swift-6.3.1-RELEASE)`).
    public let versionLine: String
    /// The target triple (`x86_64-unknown-linux-gnu`), when printed.
    public let target: String?

    public init(version: String, versionLine: String, target: String?) {
        self.version = version
        self.versionLine = versionLine
        self.target = target
    }

    /// Parses `swift --version` output; nil when it names no Swift version.
    public init?(versionOutput text: String) {
        var version: String?
        var line: String?
        var target: String?
        for raw in text.split(separator: "\n") {
            let trimmed = raw.trimmedOfWhitespace
            if version == nil, let range = trimmed.firstRange(of: "Swift version ") {
                let rest = trimmed[range.upperBound...]
                version = String(rest.prefix { !$0.isWhitespace })
                line = String(trimmed[range.lowerBound...])
            } else if trimmed.hasPrefix("Target: ") {
                target = String(trimmed.dropFirst(8))
            }
        }
        guard let version, !version.isEmpty, let line else { return nil }
        self.init(version: version, versionLine: line, target: target)
    }

    /// Asks the `swift` on `PATH`.
    public static func current() throws(InventoryError) -> SwiftToolchain {
        let outcome: Subprocess.Outcome
        do { outcome = try Subprocess.run("swift", ["--version"]) } catch {
            throw .commandFailed(command: "swift --version", message: error.description)
        }
        let text = outcome.output + "\n" + String(decoding: outcome.stderr, as: UTF8.self)
        guard outcome.status == 0, let toolchain = SwiftToolchain(versionOutput: text) else {
            throw .unexpectedOutput(command: "swift --version", reason: "no `Swift version` line")
        }
        return toolchain
    }

    /// The toolchain that built `binary`, from the `swift-version-*.txt` SwiftPM writes beside
    /// its products; nil when there is not exactly one such file (a copied binary, say).
    public static func thatBuilt(binary: String) -> SwiftToolchain? {
        let folder = PathName.directory(of: LinkedLibraries.realPath(binary) ?? binary)
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var found: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix("swift-version-"), name.hasSuffix(".txt") { found.append(name) }
        }
        guard found.count == 1, let bytes = try? FileReader.read("\(folder)/\(found[0])", limit: 4096) else { return nil }
        return SwiftToolchain(versionOutput: String(decoding: bytes, as: UTF8.self))
    }
}
