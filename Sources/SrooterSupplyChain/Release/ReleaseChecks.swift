/// Checks shared by packing and verifying a release, on already-parsed documents.
public enum ReleaseChecks {
    /// The SHA-256 values the SBOM's `metadata.component.hashes` names for the binary.
    public static func sbomBinaryHashes(_ document: JSONValue) -> Set<String> {
        let hashes = document["metadata"]?["component"]?["hashes"]?.array ?? []
        return Set(hashes.compactMap { hash in
            hash["alg"]?.string == "SHA-256" ? hash["content"]?.string : nil
        })
    }

    /// Every pinned Swift package must appear in the SBOM with the same purl (URL and version);
    /// returns one line per disagreement.
    public static func pinsDisagreements(_ pins: PinsManifest, sbom document: JSONValue) -> [String] {
        let purls = Set((document["components"]?.array ?? []).compactMap { $0["purl"]?.string })
        var problems: [String] = []
        for pin in pins.swiftPackages {
            guard let purl = PackageURL.swift(location: pin.url, version: pin.version) else {
                problems.append("pin \(pin.identity) has no usable URL")
                continue
            }
            if !purls.contains(purl.description) { problems.append("pin \(purl) is not among the SBOM's components") }
        }
        let swiftComponents = purls.filter { $0.hasPrefix("pkg:swift/") }
        if swiftComponents.count != pins.swiftPackages.count {
            problems.append("the SBOM lists \(swiftComponents.count) Swift packages, the pins \(pins.swiftPackages.count)")
        }
        return problems
    }
}
