/// An installed Debian package, as `dpkg-query` describes it.
public struct DebianPackage: Sendable, Equatable {
    public let name: String
    public let architecture: String
    public let version: String
    /// The source package it was built from (`libc6` comes from `glibc`): what advisories name.
    public let sourceName: String
    public let sourceVersion: String
    public var license: DetectedLicense?
    /// The shared libraries of this package the binary links, by file name (`libsodium.so.23`).
    public var linkedFiles: [String]

    public init(
        name: String, architecture: String, version: String, sourceName: String, sourceVersion: String,
        license: DetectedLicense? = nil, linkedFiles: [String] = []
    ) {
        self.name = name
        self.architecture = architecture
        self.version = version
        self.sourceName = sourceName
        self.sourceVersion = sourceVersion
        self.license = license
        self.linkedFiles = linkedFiles
    }

    /// `pkg:deb/debian/NAME@VERSION?arch=ARCH&distro=debian-12&upstream=SOURCE` (`+` written `%2B`).
    public func purl(distribution: Distribution) -> PackageURL {
        var qualifiers = ["arch": architecture, "upstream": sourceName]
        if let distro = distribution.distro { qualifiers["distro"] = distro }
        return PackageURL(type: "deb", namespace: [distribution.id], name: name, version: version, qualifiers: qualifiers)
    }

    /// The `dpkg-query -f` format ``parse(dpkgQueryOutput:)`` reads.
    public static let queryFormat = "${Package}\\t${Architecture}\\t${Version}\\t${source:Package}\\t${source:Version}\\t${db:Status-Abbrev}\\n"

    /// Parses `dpkg-query -W -f=<queryFormat>` output; packages not installed are left out.
    public static func parse(dpkgQueryOutput text: String) -> [DebianPackage] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 5, !fields[0].isEmpty, !fields[2].isEmpty else { return nil }
            if fields.count >= 6, !fields[5].hasPrefix("ii") { return nil }
            return DebianPackage(
                name: fields[0], architecture: fields[1], version: fields[2],
                sourceName: fields[3].isEmpty ? fields[0] : fields[3], sourceVersion: fields[4].isEmpty ? fields[2] : fields[4])
        }
    }

    /// Asks dpkg about installed packages by name; names not installed are absent from the result.
    public static func query(_ names: [String]) throws(InventoryError) -> [DebianPackage] {
        guard !names.isEmpty else { return [] }
        let arguments = ["-W", "-f=\(queryFormat)"] + names
        let outcome: Subprocess.Outcome
        do { outcome = try Subprocess.run("dpkg-query", arguments) } catch {
            throw .commandFailed(command: "dpkg-query -W", message: error.description)
        }
        // Exit status 1 only means some name is unknown; the known ones are still printed.
        guard outcome.status <= 1 else { throw .commandFailed(command: "dpkg-query -W", message: outcome.firstErrorLine) }
        return parse(dpkgQueryOutput: outcome.output)
    }
}

/// The operating system release, from `/etc/os-release`: the purl namespace and `distro` qualifier.
public struct Distribution: Sendable, Equatable {
    /// `debian`.
    public let id: String
    /// `debian-12`, or nil when the release has no version.
    public let distro: String?

    public init(id: String, versionID: String?) {
        self.id = id
        distro = versionID.map { "\(id)-\($0)" }
    }

    /// Parses the `KEY=value` lines of an os-release file.
    public init(osRelease text: String) {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            var value = Substring(parts[1]).trimmedOfWhitespace
            if value.count >= 2, value.first == "\"" || value.first == "'", value.last == value.first {
                value = value.dropFirst().dropLast()
            }
            values[String(parts[0])] = String(value)
        }
        self.init(id: values["ID"].flatMap { $0.isEmpty ? nil : $0 } ?? "debian", versionID: values["VERSION_ID"])
    }

    /// This machine's release (Debian without a version when `/etc/os-release` is unreadable).
    public static func current() -> Distribution {
        for path in ["/etc/os-release", "/usr/lib/os-release"] {
            if let bytes = try? FileReader.read(path, limit: 1 << 16) {
                return Distribution(osRelease: String(decoding: bytes, as: UTF8.self))
            }
        }
        return Distribution(id: "debian", versionID: nil)
    }
}
