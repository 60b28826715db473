/// Why a release could not be packed, verified or installed. Each message names the archive and
/// the check that failed, on one line.
public enum ReleaseError: SrooterError, Equatable {
    /// The archive is truncated, not gzip-compressed tar, or otherwise unreadable.
    case corruptArchive(archive: String, reason: String)
    /// An entry that must never be extracted: `..`, an absolute path, a link, a device, a FIFO.
    case unsafeEntry(archive: String, entry: String, reason: String)
    /// The archive exceeds a size or count limit.
    case limitExceeded(archive: String, reason: String)
    /// The archive's content does not match its signed manifest.
    case manifestMismatch(archive: String, reason: String)
    /// The signed manifest itself is unusable or inconsistent with its signature's comment.
    case badManifest(archive: String, reason: String)
    /// The SBOM or pins inside the release fail their checks.
    case badSBOM(archive: String, reason: String)
    /// The provenance envelope's signature or subjects do not match.
    case badProvenance(archive: String, reason: String)
    /// The manifest's expiry has passed.
    case expired(archive: String, expires: String)
    /// The release is older than one this machine has already accepted.
    case downgrade(archive: String, offered: String, accepted: String)
    /// The release's SBOM has known vulnerabilities at or above the threshold.
    case vulnerable(archive: String, count: Int, threshold: String, example: String)
    /// A signature check failed (archive or manifest).
    case signature(SigningError)
    /// Packing or installing could not proceed with the inputs given.
    case unusableInput(String)
    /// The running executable is not the one its release signed.
    case selfCheckFailed(reason: String)
    /// A file could not be read or written.
    case file(FileError)

    public var kind: FailureKind {
        switch self {
        case .signature(let error): error.kind == .unusableInput ? .verificationFailed : error.kind
        case .unusableInput, .file: .unusableInput
        default: .verificationFailed
        }
    }

    public var description: String {
        switch self {
        case .corruptArchive(let archive, let reason): "\(archive): truncated or corrupt archive: \(reason)"
        case .unsafeEntry(let archive, let entry, let reason): "\(archive): unsafe entry \"\(entry)\": \(reason)"
        case .limitExceeded(let archive, let reason): "\(archive): \(reason)"
        case .manifestMismatch(let archive, let reason): "\(archive): content does not match release.json: \(reason)"
        case .badManifest(let archive, let reason): "\(archive): release.json: \(reason)"
        case .badSBOM(let archive, let reason): "\(archive): SBOM check failed: \(reason)"
        case .badProvenance(let archive, let reason): "\(archive): provenance check failed: \(reason)"
        case .expired(let archive, let expires): "\(archive): the release manifest expired on \(expires)"
        case .downgrade(let archive, let offered, let accepted):
            "\(archive): release \(offered) is older than \(accepted), already accepted on this machine (--allow-downgrade to override)"
        case .vulnerable(let archive, let count, let threshold, let example):
            "\(archive): \(count) known vulnerabilities at or above \(threshold) in the release's SBOM (\(example)); run srooter scan on its SBOM for the list"
        case .signature(let error): error.description
        case .unusableInput(let message): message
        case .selfCheckFailed(let reason): "self-check failed: \(reason)"
        case .file(let error): error.description
        }
    }
}
