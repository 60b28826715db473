/// Turns ``SBOMInputs`` into a CycloneDX 1.6 document. Pure: no file or program is touched,
/// so the same inputs always give the same document.
public enum SBOMGenerator {
    /// How the serial number is chosen.
    public enum Serial: Sendable {
        /// Derived from the document's content, for reproducible output (`SOURCE_DATE_EPOCH`).
        case derived
        /// A fresh random UUID.
        case random
    }

    /// The name and version srooter writes into `metadata.tools`.
    public static var tool: CycloneDXComponent {
        CycloneDXComponent(
            type: .application, name: "srooter", version: SrooterVersion.current,
            description: "srooter sbom generate")
    }

    /// Builds the document, without its serial number.
    public static func document(_ inputs: SBOMInputs) -> CycloneDXDocument {
        let swiftRefs = Dictionary(uniqueKeysWithValues: inputs.swift.packages.map { ($0.identity, ref(of: $0)) })
        let swiftComponents = inputs.swift.packages.map { component(for: $0, ref: swiftRefs[$0.identity] ?? $0.identity) }
        let debianComponents = inputs.linked.packages.map { component(for: $0, distribution: inputs.distribution) }
        let platform = component(for: inputs.toolchain)
        let root = rootComponent(inputs)
        let rootRef = root.bomRef ?? root.name

        var rootDependsOn = inputs.swift.directDependencies.compactMap { swiftRefs[$0] }
        rootDependsOn += debianComponents.compactMap(\.bomRef)
        if inputs.linked.unowned.contains(where: { $0.name.hasPrefix("libswiftCore.") }) {
            rootDependsOn.append(platform.bomRef ?? platform.name)
        }
        var dependencies = [CycloneDXDependency(ref: rootRef, dependsOn: rootDependsOn.sorted())]
        for package in inputs.swift.packages {
            dependencies.append(
                CycloneDXDependency(
                    ref: swiftRefs[package.identity] ?? package.identity,
                    dependsOn: package.dependencies.compactMap { swiftRefs[$0] }.sorted()))
        }
        for component in debianComponents + [platform] {
            dependencies.append(CycloneDXDependency(ref: component.bomRef ?? component.name, dependsOn: []))
        }
        dependencies.sort { $0.ref < $1.ref }

        // Every Swift package and its dependencies are listed: SwiftPM's resolved graph is closed.
        let swiftGraph = swiftComponents.compactMap(\.bomRef).sorted()
        let composition = CycloneDXComposition(aggregate: "complete", assemblies: swiftGraph, dependencies: swiftGraph)
        return CycloneDXDocument(
            metadata: CycloneDXMetadata(
                timestamp: BOMIdentity.timestamp(secondsSince1970: inputs.timestamp),
                tools: CycloneDXTools(components: [tool]), component: root),
            components: swiftComponents + debianComponents + [platform],
            dependencies: dependencies,
            compositions: swiftGraph.isEmpty ? [] : [composition])
    }

    /// The document as byte-stable JSON, with its serial number set.
    public static func encode(_ document: CycloneDXDocument, serial: Serial) throws(SBOMError) -> [UInt8] {
        var document = document
        do {
            switch serial {
            case .derived:
                document.serialNumber = nil
                document.serialNumber = BOMIdentity.derivedSerialNumber(content: try StableJSON.encode(document))
            case .random:
                document.serialNumber = BOMIdentity.randomSerialNumber()
            }
            return try StableJSON.encode(document)
        } catch {
            throw .encoding(reason: error.reason)
        }
    }

    /// A Swift package's bom-ref: its purl, or `swift:IDENTITY` when it has none.
    static func ref(of package: ResolvedSwiftPackage) -> String {
        package.purl?.description ?? "swift:\(package.identity)"
    }

    static func rootComponent(_ inputs: SBOMInputs) -> CycloneDXComponent {
        let name = inputs.swift.rootName
        var properties: [CycloneDXProperty] = []
        if !inputs.linked.unowned.isEmpty {
            let names = inputs.linked.unowned.map(\.name).joined(separator: " ")
            properties.append(CycloneDXProperty(name: "srooter:linked:not-debian", value: names))
        }
        let hashes = inputs.binary.map {
            [CycloneDXHash(alg: "SHA-256", content: $0.sha256), CycloneDXHash(alg: "BLAKE2b-512", content: $0.blake2b512)]
        }
        return CycloneDXComponent(
            type: .application, bomRef: inputs.rootVersion.map { "\(name)@\($0)" } ?? name, name: name,
            version: inputs.rootVersion, hashes: hashes, properties: properties.isEmpty ? nil : properties)
    }

    static func component(for package: ResolvedSwiftPackage, ref: String) -> CycloneDXComponent {
        CycloneDXComponent(
            type: .library, bomRef: ref, name: package.name, version: package.displayVersion,
            purl: package.purl?.description, licenses: package.license.map { [.detected($0)] },
            externalReferences: [CycloneDXExternalReference(type: "vcs", url: package.location)],
            properties: [
                CycloneDXProperty(name: "srooter:swift:identity", value: package.identity),
                CycloneDXProperty(name: "srooter:swift:revision", value: package.revision),
                CycloneDXProperty(name: "srooter:swift:tree-hash", value: package.treeHash),
            ])
    }

    static func component(for package: DebianPackage, distribution: Distribution) -> CycloneDXComponent {
        let purl = package.purl(distribution: distribution).description
        var properties = [
            CycloneDXProperty(name: "srooter:deb:source", value: package.sourceName),
            CycloneDXProperty(name: "srooter:deb:source-version", value: package.sourceVersion),
        ]
        if !package.linkedFiles.isEmpty {
            properties.append(CycloneDXProperty(name: "srooter:linked:files", value: package.linkedFiles.joined(separator: " ")))
        }
        return CycloneDXComponent(
            type: .library, bomRef: purl, name: package.name, version: package.version, purl: purl,
            licenses: package.license.map { [.detected($0)] }, properties: properties)
    }

    static func component(for toolchain: SwiftToolchain) -> CycloneDXComponent {
        CycloneDXComponent(
            type: .platform, bomRef: "swift-toolchain@\(toolchain.version)", name: "swift", version: toolchain.version,
            description: toolchain.versionLine,
            externalReferences: [CycloneDXExternalReference(type: "website", url: "https://www.swift.org")],
            properties: toolchain.target.map { [CycloneDXProperty(name: "srooter:swift:target", value: $0)] })
    }
}
