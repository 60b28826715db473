import HTTPTypes
import ServiceLifecycle
import SrooterEncoding
import SrooterStore
import Synchronization

/// Who is calling: resolved from a srooter access key.
public struct Principal: Sendable, Equatable {
    public let keyID: String
    public let user: String
    public let team: String?
}

/// The access keys in memory (id → digest), reloaded from the store every few seconds so
/// `srooter access create|revoke` take effect on a running server. Keys are checked by id,
/// then by comparing SHA-256 digests in constant time.
public final class KeyRing: Service, Sendable {
    private struct Entry: Sendable {
        let digest: [UInt8]
        let principal: Principal
    }

    private let store: any AccessKeyRepository
    private let entries = Mutex<[String: Entry]>([:])
    private let refreshInterval: Duration

    /// - Parameter refreshInterval: how often `run` looks for another process's change. One second,
    ///   so a key revoked with the CLI is refused within the 2 s the README promises, reload included.
    public init(store: any AccessKeyRepository, refreshInterval: Duration = .seconds(1)) {
        self.store = store
        self.refreshInterval = refreshInterval
    }

    /// Loads the active keys now.
    public func reload() async throws(StoreError) {
        let keys = try await store.accessKeys()
        var fresh: [String: Entry] = [:]
        for key in keys where key.revokedAt == nil {
            guard let digest = Hex.decode(key.sha256) else { continue }
            fresh[key.id] = Entry(digest: digest, principal: Principal(keyID: key.id, user: key.user, team: key.team))
        }
        entries.withLock { $0 = fresh }
    }

    /// Reloads when another process (`srooter access create|revoke`) changed the database; the
    /// admin API reloads itself after its own writes.
    public func run() async throws {
        var seen = try? await store.dataVersion()
        await repeatUntilShutdown(every: refreshInterval) {
            let now = try? await store.dataVersion()
            guard now == nil || now != seen else { return }
            seen = now
            try? await reload()
        }
    }

    /// The principal for a presented key, or nil.
    public func principal(for presented: String) -> Principal? {
        guard let id = AccessKeyFormat.id(of: presented), let entry = entries.withLock({ $0[id] }) else { return nil }
        let digest = AccessKeyFormat.digest(presented)
        return AccessKeyFormat.constantTimeEqual(digest, entry.digest) ? entry.principal : nil
    }
}

/// Where the srooter key and any provider credential sit in a request's headers.
public struct PresentedCredentials: Sendable {
    /// The srooter key, if one was presented.
    public var srooterKey: String?
    /// A provider credential that is not a srooter key (for passthrough providers).
    public var clientCredential: ClientCredential?

    private static let srooterKeyName = HTTPField.Name("x-srooter-key")
    private static let apiKeyName = HTTPField.Name("x-api-key")

    /// Reads `x-srooter-key`, `Authorization: Bearer` and `x-api-key`, in one pass over the
    /// headers (a repeated one is joined with ", ", as `HTTPFields` does, so it matches no key).
    public init(headers: HTTPFields) {
        var explicit: String?
        var authorization: String?
        var apiKey: String?
        func join(_ value: String, to slot: inout String?) { slot = slot.map { $0 + ", " + value } ?? value }
        for field in headers {
            if field.name == .authorization {
                join(field.value, to: &authorization)
            } else if field.name == Self.apiKeyName {
                join(field.value, to: &apiKey)
            } else if field.name == Self.srooterKeyName {
                join(field.value, to: &explicit)
            }
        }
        var bearer: String?
        if let authorization, Self.hasBearerScheme(authorization) {
            bearer = String(authorization.dropFirst(7)).trimmingSpaces
        }
        func isSrooter(_ value: String?) -> Bool { value?.hasPrefix(AccessKeyFormat.prefix) == true }
        srooterKey = explicit ?? [bearer, apiKey].compactMap { $0 }.first(where: { isSrooter($0) })
        if let bearer, !isSrooter(bearer), !bearer.isEmpty {
            clientCredential = .bearer(bearer)
        } else if let apiKey, !isSrooter(apiKey), !apiKey.isEmpty {
            clientCredential = .apiKey(apiKey)
        }
    }

    /// Whether `value` starts with `bearer ` in any case (without lower-casing, and so copying, the secret).
    private static func hasBearerScheme(_ value: String) -> Bool {
        let scheme = "bearer ".utf8
        var bytes = value.utf8.makeIterator()
        for expected in scheme {
            guard let byte = bytes.next(), byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0) == expected else { return false }
        }
        return true
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
