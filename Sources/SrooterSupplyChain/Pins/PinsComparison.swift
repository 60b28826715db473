/// One way the resolved dependencies differ from the pins.
public struct PinsDifference: Sendable, Equatable, CustomStringConvertible {
    /// Failures stop the build; warnings are printed (Debian security updates move versions).
    public enum Severity: Sendable, Equatable {
        case failure, warning
    }

    public let severity: Severity
    public let message: String

    public var description: String { "\(severity == .failure ? "error" : "warning"): \(message)" }
}

/// Compares what is pinned with what is resolved now.
public enum PinsComparison {
    /// Every difference: Swift packages added, removed, or with another URL, version or tree hash
    /// are failures, as are Debian build packages added or removed; a revision that moved while
    /// the tree hash stayed (a mirror), another toolchain, and other Debian versions are warnings.
    public static func compare(pinned: PinsManifest, actual: PinsManifest) -> [PinsDifference] {
        var differences: [PinsDifference] = []
        func fail(_ message: String) { differences.append(PinsDifference(severity: .failure, message: message)) }
        func warn(_ message: String) { differences.append(PinsDifference(severity: .warning, message: message)) }

        let old = Dictionary(pinned.swiftPackages.map { ($0.identity, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(actual.swiftPackages.map { ($0.identity, $0) }, uniquingKeysWith: { first, _ in first })
        for identity in Set(old.keys).union(new.keys).sorted() {
            switch (old[identity], new[identity]) {
            case (nil, let now?):
                fail("swift package \(identity) \(now.version ?? now.revision) (\(now.url)) is resolved but not pinned")
            case (let was?, nil):
                fail("swift package \(identity) \(was.version ?? was.revision) is pinned but no longer resolved")
            case (let was?, let now?):
                if was.url != now.url { fail("swift package \(identity): url \(was.url) is pinned, \(now.url) is resolved") }
                if was.version != now.version {
                    fail("swift package \(identity): version \(was.version ?? "none") is pinned, \(now.version ?? "none") is resolved")
                }
                if was.treeHash != now.treeHash {
                    fail("swift package \(identity): source tree \(was.treeHash) is pinned, \(now.treeHash) is resolved")
                } else if was.revision != now.revision {
                    warn("swift package \(identity): revision \(now.revision) differs from the pinned \(was.revision), with the same source tree")
                }
            case (nil, nil):
                break
            }
        }
        if pinned.swiftToolchain != actual.swiftToolchain {
            warn("swift toolchain \(actual.swiftToolchain) differs from the pinned \(pinned.swiftToolchain)")
        }

        let oldDebian = Dictionary(pinned.debianPackages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newDebian = Dictionary(actual.debianPackages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in Set(oldDebian.keys).union(newDebian.keys).sorted() {
            switch (oldDebian[name], newDebian[name]) {
            case (nil, let now?): fail("debian package \(name) \(now.version) is built against but not pinned")
            case (let was?, nil): fail("debian package \(name) \(was.version) is pinned but not installed or no longer used")
            case (let was?, let now?):
                if was.version != now.version || was.architecture != now.architecture {
                    warn("debian package \(name): \(now.version) (\(now.architecture)) installed, \(was.version) (\(was.architecture)) pinned")
                }
            case (nil, nil):
                break
            }
        }
        return differences
    }
}
