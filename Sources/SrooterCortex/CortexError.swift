import SrooterStore

/// Why a Cortex command could not run; each message names what to fix.
public enum CortexError: Error, Sendable, CustomStringConvertible {
    case notAFolder(String)
    case ctagsFailed(String)
    case unknownRepository(String)
    case notFound(String)
    /// An MCP tool argument that is missing or unusable.
    case badArgument(String)
    case store(StoreError)

    public var description: String {
        switch self {
        case .notAFolder(let path): "\(path) is not a readable folder (give the repository's root)"
        case .ctagsFailed(let reason): "ctags failed: \(reason) (install Universal Ctags: apt-get install universal-ctags)"
        case .unknownRepository(let name): "repository '\(name)' is not indexed (run srooter cortex index PATH --repo \(name))"
        case .notFound(let what): "\(what) is not in the index"
        case .badArgument(let what): "argument '\(what)' must be a non-empty string of at most 4096 bytes"
        case .store(let error): error.description
        }
    }
}
