/// Why a scan could not run: every case is unusable input (exit code 2), described in one line
/// that names the file.
public enum ScanError: SrooterError, Equatable {
    /// The SBOM, VEX document or advisory file could not be read.
    case file(FileError)
    /// The SBOM is not a CycloneDX 1.6 or 1.7 JSON document.
    case invalidSBOM(path: String, reason: String)
    /// The VEX document is malformed or a statement lacks what it needs.
    case invalidVEX(path: String, reason: String)
    /// A VEX statement names a component the SBOM does not have.
    case unknownVEXReference(path: String, id: String, ref: String)
    /// An advisory database path is neither a folder, a zip nor a JSON file.
    case unusableDatabase(path: String, reason: String)
    /// A zip export could not be read (corrupt, truncated, or over a limit).
    case corruptArchive(path: String, reason: String)

    public var kind: FailureKind { .unusableInput }

    public var description: String {
        switch self {
        case .file(let error): error.description
        case .invalidSBOM(let path, let reason): "\(path): not a usable CycloneDX SBOM: \(reason)"
        case .invalidVEX(let path, let reason): "\(path): not a usable VEX document: \(reason)"
        case .unknownVEXReference(let path, let id, let ref):
            "\(path): the statement for \(id) refers to \(ref), which is not a component of the SBOM"
        case .unusableDatabase(let path, let reason): "\(path): not an advisory database: \(reason)"
        case .corruptArchive(let path, let reason): "\(path): cannot read the zip archive: \(reason)"
        }
    }
}
