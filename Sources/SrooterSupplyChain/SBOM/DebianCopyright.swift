/// Reads a Debian package's license from `/usr/share/doc/PACKAGE/copyright`.
///
/// Machine-readable (DEP-5) files give the `License:` of the header or of the `Files: *`
/// paragraph; Debian's short names are mapped to SPDX ids where they have one. Files in free
/// form are named by their path, so a reviewer knows where to read the terms.
public enum DebianCopyright {
    /// Where Debian keeps the copyright file of a package.
    public static func path(forPackage package: String) -> String { "/usr/share/doc/\(package)/copyright" }

    /// The license of an installed package, or nil when it has no copyright file.
    public static func license(ofPackage package: String) -> DetectedLicense? {
        let path = path(forPackage: package)
        guard let bytes = try? FileReader.read(path, limit: 4 << 20) else { return nil }
        return license(copyrightText: String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// The license stated by a copyright file's text.
    public static func license(copyrightText text: String, path: String) -> DetectedLicense {
        guard text.hasPrefix("Format:") || text.hasPrefix("Format-Specification:"),
            let short = machineReadableLicense(text)
        else { return .named("see \(path)") }
        return spdx(debianShortName: short).map(DetectedLicense.spdx) ?? .named(short)
    }

    /// The `License:` first line of the header paragraph, else of the `Files: *` paragraph.
    static func machineReadableLicense(_ text: String) -> String? {
        let paragraphs = text.split(separator: "\n\n", omittingEmptySubsequences: true)
        var fallback: String?
        for (index, paragraph) in paragraphs.enumerated() {
            var files: String?
            var license: String?
            for line in paragraph.split(separator: "\n") where !line.hasPrefix(" ") && !line.hasPrefix("\t") {
                if line.hasPrefix("Files:") { files = String(line.dropFirst(6).trimmedOfWhitespace) }
                if line.hasPrefix("License:") { license = String(line.dropFirst(8).trimmedOfWhitespace) }
            }
            guard let license, !license.isEmpty else { continue }
            if index == 0 { return license }
            if files == "*", fallback == nil { fallback = license }
        }
        return fallback
    }

    /// The SPDX id for a Debian license short name, when the two correspond exactly.
    public static func spdx(debianShortName name: String) -> String? {
        let table: [String: String] = [
            "apache-2.0": "Apache-2.0", "expat": "MIT", "mit": "MIT", "isc": "ISC",
            "bsd-2-clause": "BSD-2-Clause", "bsd-3-clause": "BSD-3-Clause", "mpl-2.0": "MPL-2.0",
            "zlib": "Zlib", "gpl-2": "GPL-2.0-only", "gpl-2+": "GPL-2.0-or-later", "gpl-3": "GPL-3.0-only",
            "gpl-3+": "GPL-3.0-or-later", "lgpl-2.1": "LGPL-2.1-only", "lgpl-2.1+": "LGPL-2.1-or-later",
            "lgpl-3": "LGPL-3.0-only", "lgpl-3+": "LGPL-3.0-or-later", "curl": "curl",
        ]
        return table[name.lowercased()]
    }
}
