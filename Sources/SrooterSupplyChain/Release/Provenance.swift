/// SLSA provenance v1 in an in-toto Statement v1, wrapped in a DSSE envelope signed with the
/// release key (raw Ed25519 over DSSE's pre-authentication encoding, key id = the minisign id).
public enum Provenance {
    public static let payloadType = "application/vnd.in-toto+json"
    public static let statementType = "https://in-toto.io/Statement/v1"
    public static let predicateType = "https://slsa.dev/provenance/v1"
    public static let buildType = "urn:srooter:release-build:v1"
    public static let builderID = "urn:srooter:builder:make-release"
    public static let fileName = "provenance.intoto.json"

    /// The DSSE envelope.
    public struct Envelope: Codable, Sendable, Equatable {
        public struct Signature: Codable, Sendable, Equatable {
            public var keyid: String
            public var sig: String
        }
        public var payloadType: String
        /// Base64 of the statement's JSON.
        public var payload: String
        public var signatures: [Signature]
    }

    /// An in-toto subject: a name and its SHA-256.
    public struct Subject: Codable, Sendable, Equatable {
        public var name: String
        public var digest: [String: String]
    }

    /// A resolved dependency (from the pins).
    public struct Dependency: Codable, Sendable, Equatable {
        public var uri: String
        public var name: String?
        public var digest: [String: String]
    }

    /// The statement, with only the fields srooter writes and checks.
    public struct Statement: Codable, Sendable, Equatable {
        public struct Predicate: Codable, Sendable, Equatable {
            public struct BuildDefinition: Codable, Sendable, Equatable {
                public var buildType: String
                public var externalParameters: [String: String]
                public var internalParameters: [String: String]
                public var resolvedDependencies: [Dependency]
            }
            public struct RunDetails: Codable, Sendable, Equatable {
                public struct Builder: Codable, Sendable, Equatable { public var id: String }
                public var builder: Builder
            }
            public var buildDefinition: BuildDefinition
            public var runDetails: RunDetails
        }
        public var _type: String
        public var subject: [Subject]
        public var predicateType: String
        public var predicate: Predicate
    }

    /// DSSE's pre-authentication encoding: `"DSSEv1" SP len(type) SP type SP len(body) SP body`.
    public static func preAuthenticationEncoding(type: String, body: [UInt8]) -> [UInt8] {
        Array("DSSEv1 \(type.utf8.count) \(type) \(body.count) ".utf8) + body
    }

    /// Signs a statement into an envelope.
    public static func envelope(for statement: Statement, key: MinisignSecretKey) throws(ReleaseError) -> Envelope {
        let body: [UInt8]
        do { body = try StableJSON.encode(statement) } catch {
            throw .unusableInput("cannot encode provenance: \(error.reason)")
        }
        let signature = key.sign(preAuthenticationEncoding(type: payloadType, body: body))
        return Envelope(
            payloadType: payloadType, payload: Sodium.base64(body),
            signatures: [.init(keyid: key.keyID.hex, sig: Sodium.base64(signature))])
    }

    /// Checks an envelope's signature with `key` and returns its statement, parsed only after
    /// the signature verified.
    public static func open(_ envelope: Envelope, key: MinisignPublicKey) -> Statement? {
        guard envelope.payloadType == payloadType,
            let body = Sodium.unbase64(Substring(envelope.payload)),
            let entry = envelope.signatures.first(where: { $0.keyid == key.keyID.hex }),
            let signature = Sodium.unbase64(Substring(entry.sig)),
            Ed25519.verify(signature, message: preAuthenticationEncoding(type: payloadType, body: body), publicKey: key.key),
            let statement = try? StableJSON.decodeStrict(Statement.self, from: body),
            statement._type == statementType, statement.predicateType == predicateType
        else { return nil }
        return statement
    }
}
