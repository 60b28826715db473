import Glibc

/// The highest release this machine has accepted, kept in `STATE_DIR/accepted-release.json`
/// and written atomically, so `srooter verify` can refuse rollbacks to older releases.
public struct InstallState: Codable, Sendable, Equatable {
    public var version: String
    public var sequence: UInt64

    public static let fileName = "accepted-release.json"
    /// The state folder when none is given.
    public static let defaultDirectory = "/var/lib/srooter"

    public init(version: String, sequence: UInt64) {
        self.version = version
        self.sequence = sequence
    }

    /// Whether a release is at least as new as this one: a higher version, or the same version
    /// with an equal or higher sequence.
    public func admits(version: String, sequence: UInt64) -> Bool {
        guard let offered = SemanticVersion(version), let accepted = SemanticVersion(self.version) else {
            return version == self.version && sequence >= self.sequence
        }
        if offered != accepted { return accepted < offered }
        return sequence >= self.sequence
    }

    /// The recorded state, nil when none was recorded yet.
    public static func load(from directory: String) throws(ReleaseError) -> InstallState? {
        let path = "\(directory)/\(fileName)"
        guard FileReader.exists(path) else { return nil }
        do {
            return try StableJSON.decode(InstallState.self, from: try FileReader.read(path, limit: 4096))
        } catch let error as FileError {
            throw .file(error)
        } catch {
            throw .unusableInput("\(path): unreadable anti-rollback state; remove it only if you know why it is broken")
        }
    }

    /// Records this state (creating the folder when needed).
    public func save(to directory: String) throws(ReleaseError) {
        if mkdir(directory, 0o755) != 0, errno != EEXIST {
            throw .file(.unwritable(path: directory, reason: FileError.reason(errno)))
        }
        do {
            try AtomicFile.write(try StableJSON.encode(self), to: "\(directory)/\(Self.fileName)", mode: 0o644)
        } catch let error as FileError {
            throw .file(error)
        } catch {
            throw .unusableInput("cannot encode the anti-rollback state")
        }
    }
}
