import Glibc

/// Where things sit in a release, inside the archive and beside it.
public enum ReleaseLayout {
    public static let binary = "bin/srooter"
    public static let sbom = "sbom/srooter.cdx.json"
    public static let pins = "sbom/pins.json"
    public static let readme = "README.md"
    public static let license = "LICENSE"
    /// The trust folder shipped inside a release, used by the self-check.
    public static let trustDir = "keys"
    public static let signerKey = "keys/release.pub"
    public static let checksums = "SHA256SUMS"

    /// The folder every archive entry sits under.
    public static func topFolder(version: String) -> String { "srooter-\(version)" }

    /// `srooter-V-linux-ARCH.tar.gz`
    public static func archiveName(version: String, arch: String = machineArchitecture) -> String {
        "srooter-\(version)-linux-\(arch).tar.gz"
    }

    /// This machine's architecture as `uname -m` prints it (`x86_64`, `aarch64`).
    public static var machineArchitecture: String {
        var names = utsname()
        guard uname(&names) == 0 else { return "unknown" }
        return withUnsafeBytes(of: names.machine) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
