import Glibc

/// The highest release this machine has accepted, kept in `STATE_DIR/accepted-release.json`
/// and written atomically under a lock on the folder, so `srooter verify` can refuse rollbacks
/// to older releases. Neither the version nor the sequence ever decreases.
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

    /// Whether a release is at least as new as this one: neither its version nor its sequence
    /// is lower (a higher version with a lower sequence is refused too).
    public func admits(version: String, sequence: UInt64) -> Bool {
        guard sequence >= self.sequence else { return false }
        guard let offered = SemanticVersion(version), let accepted = SemanticVersion(self.version) else {
            return version == self.version
        }
        return accepted <= offered
    }

    /// The recorded state, nil when none was recorded yet.
    public static func load(from directory: String) throws(ReleaseError) -> InstallState? {
        let path = "\(directory)/\(fileName)"
        do {
            guard let bytes = try StateFile.read(path, limit: 4096) else { return nil }
            return try StableJSON.decodeStrict(InstallState.self, from: bytes)
        } catch let error as FileError {
            throw .file(error)
        } catch {
            throw .unusableInput("\(path): unreadable anti-rollback state; remove it only if you know why it is broken")
        }
    }

    /// Records `offered` unless the recorded state is newer, holding the folder's lock from the
    /// load to the save so that concurrent verifications cannot lower it. Returns whether the
    /// offered release is at least as new as the recorded one.
    @discardableResult
    public static func record(_ offered: InstallState, in directory: String) throws(ReleaseError) -> Bool {
        do { try StateFile.makeFolder(directory, mode: 0o700) } catch { throw .file(error) }
        return try StateFile.locked(directory) { () throws(ReleaseError) -> Bool in
            if let current = try load(from: directory), !current.admits(version: offered.version, sequence: offered.sequence) {
                return false
            }
            try offered.save(to: directory)
            return true
        }
    }

    /// Writes this state (the folder must exist; callers hold its lock).
    func save(to directory: String) throws(ReleaseError) {
        do {
            try AtomicFile.write(try StableJSON.encode(self), to: "\(directory)/\(Self.fileName)", mode: 0o644)
        } catch let error as FileError {
            throw .file(error)
        } catch {
            throw .unusableInput("cannot encode the anti-rollback state")
        }
    }
}
