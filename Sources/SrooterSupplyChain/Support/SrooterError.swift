/// How a failed command ends. The CLI turns this into its exit code, so scripts can tell
/// "the thing was checked and is not trustworthy" from "the input could not be used at all".
public enum FailureKind: Sendable, Equatable {
    /// A check ran and failed: a bad signature, a revoked key, a tampered file. Exit code 1.
    case verificationFailed
    /// The input could not be used: a missing file, a malformed key, a wrong password. Exit code 2.
    case unusableInput

    /// The process exit code for this kind of failure.
    public var exitCode: Int32 {
        switch self {
        case .verificationFailed: 1
        case .unusableInput: 2
        }
    }
}

/// An error srooter reports to a person: one line that names the file and what is wrong.
public protocol SrooterError: Error, CustomStringConvertible, Sendable {
    /// Whether this is a failed check or unusable input.
    var kind: FailureKind { get }
}

extension SrooterError {
    /// The description folded onto one line, with control characters made visible, so that
    /// a hostile file name can never forge extra output lines.
    public var singleLine: String {
        var out = ""
        for scalar in description.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
