/// A CycloneDX 1.6 bill of materials, as srooter writes it: the subset of the specification
/// srooter fills in, with field names exactly as in the JSON schema.
///
/// Encode it with ``StableJSON/encode(_:)`` so that equal documents give equal bytes.
public struct CycloneDXDocument: Codable, Sendable, Equatable {
    /// The JSON schema the document claims.
    public var schema: String? = "http://cyclonedx.org/schema/bom-1.6.schema.json"
    public var bomFormat: String = "CycloneDX"
    public var specVersion: String = "1.6"
    /// `urn:uuid:` followed by a lower-case RFC 4122 UUID.
    public var serialNumber: String?
    public var version: Int = 1
    public var metadata: CycloneDXMetadata
    public var components: [CycloneDXComponent]
    public var dependencies: [CycloneDXDependency]
    public var compositions: [CycloneDXComposition]

    /// Builds a document; the serial number is set afterwards (it may derive from the content).
    public init(
        metadata: CycloneDXMetadata, components: [CycloneDXComponent], dependencies: [CycloneDXDependency],
        compositions: [CycloneDXComposition]
    ) {
        self.metadata = metadata
        self.components = components
        self.dependencies = dependencies
        self.compositions = compositions
    }

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case bomFormat, specVersion, serialNumber, version, metadata, components, dependencies, compositions
    }
}

/// `metadata`: when, by what tool, and about which component the document was made.
public struct CycloneDXMetadata: Codable, Sendable, Equatable {
    /// RFC 3339 UTC time (`2024-01-01T00:00:00Z`).
    public var timestamp: String
    public var tools: CycloneDXTools
    /// The thing the SBOM describes (srooter itself).
    public var component: CycloneDXComponent

    public init(timestamp: String, tools: CycloneDXTools, component: CycloneDXComponent) {
        self.timestamp = timestamp
        self.tools = tools
        self.component = component
    }
}

/// `metadata.tools` in its 1.5+ object form (the bare array form is deprecated).
public struct CycloneDXTools: Codable, Sendable, Equatable {
    public var components: [CycloneDXComponent]

    public init(components: [CycloneDXComponent]) { self.components = components }
}

/// One component: a Swift package, a Debian package, the toolchain, or srooter itself.
public struct CycloneDXComponent: Codable, Sendable, Equatable {
    /// The component types srooter uses.
    public enum Kind: String, Codable, Sendable {
        case application, library, platform, framework
    }

    public var type: Kind
    public var bomRef: String?
    public var name: String
    public var version: String?
    public var description: String?
    public var purl: String?
    public var hashes: [CycloneDXHash]?
    public var licenses: [CycloneDXLicenseChoice]?
    public var externalReferences: [CycloneDXExternalReference]?
    public var properties: [CycloneDXProperty]?

    public init(
        type: Kind, bomRef: String? = nil, name: String, version: String? = nil, description: String? = nil,
        purl: String? = nil, hashes: [CycloneDXHash]? = nil, licenses: [CycloneDXLicenseChoice]? = nil,
        externalReferences: [CycloneDXExternalReference]? = nil, properties: [CycloneDXProperty]? = nil
    ) {
        self.type = type
        self.bomRef = bomRef
        self.name = name
        self.version = version
        self.description = description
        self.purl = purl
        self.hashes = hashes
        self.licenses = licenses
        self.externalReferences = externalReferences
        self.properties = properties
    }

    enum CodingKeys: String, CodingKey {
        case type, name, version, description, purl, hashes, licenses, externalReferences, properties
        case bomRef = "bom-ref"
    }
}

/// A digest: `alg` is a CycloneDX algorithm name (`SHA-256`, `BLAKE2b-512`), `content` lower-case hex.
public struct CycloneDXHash: Codable, Sendable, Equatable {
    public var alg: String
    public var content: String

    public init(alg: String, content: String) {
        self.alg = alg
        self.content = content
    }
}

/// A license entry: either a single license (SPDX id or free name) or an SPDX expression.
public struct CycloneDXLicenseChoice: Codable, Sendable, Equatable {
    /// `{"id": ...}` for an SPDX license id, `{"name": ...}` otherwise.
    public struct License: Codable, Sendable, Equatable {
        public var id: String?
        public var name: String?
    }

    public var license: License?
    public var expression: String?

    /// An SPDX license id (`MIT`).
    public static func spdx(_ id: String) -> Self { Self(license: License(id: id, name: nil), expression: nil) }
    /// A license that has no SPDX id, by name.
    public static func named(_ name: String) -> Self { Self(license: License(id: nil, name: name), expression: nil) }
    /// A detected license, as an id when it has one.
    public static func detected(_ license: DetectedLicense) -> Self {
        switch license {
        case .spdx(let id): .spdx(id)
        case .expression(let expression): Self(license: nil, expression: expression)
        case .named(let name): .named(name)
        }
    }
}

/// A link to somewhere the component lives (`vcs`, `website`, `distribution`).
public struct CycloneDXExternalReference: Codable, Sendable, Equatable {
    public var type: String
    public var url: String

    public init(type: String, url: String) {
        self.type = type
        self.url = url
    }
}

/// A name/value pair for facts CycloneDX has no field for (`srooter:deb:source`).
public struct CycloneDXProperty: Codable, Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// One node of the dependency graph: `ref` depends directly on each of `dependsOn`.
public struct CycloneDXDependency: Codable, Sendable, Equatable {
    public var ref: String
    /// Always written, empty when the component depends on nothing.
    public var dependsOn: [String]

    public init(ref: String, dependsOn: [String]) {
        self.ref = ref
        self.dependsOn = dependsOn
    }
}

/// A statement of how complete part of the inventory is.
public struct CycloneDXComposition: Codable, Sendable, Equatable {
    /// `complete`, `incomplete`, `unknown`, ...
    public var aggregate: String
    /// Components whose constituent parts are all listed.
    public var assemblies: [String]?
    /// Components whose dependencies are all listed.
    public var dependencies: [String]?

    public init(aggregate: String, assemblies: [String]? = nil, dependencies: [String]? = nil) {
        self.aggregate = aggregate
        self.assemblies = assemblies
        self.dependencies = dependencies
    }
}
