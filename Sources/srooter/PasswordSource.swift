import SrooterSupplyChain

#if canImport(Glibc)
import Glibc
#endif

/// Where a secret key's password comes from, in order: `--password-file`, the
/// `SROOTER_KEY_PASSWORD` environment variable, or a prompt without echo when stdin is a terminal.
struct PasswordSource {
    static let environmentVariable = "SROOTER_KEY_PASSWORD"
    let passwordFile: String?

    /// The password, or ``SigningError/passwordRequired(keyFile:)`` when no source is available.
    /// - Parameter confirm: ask twice at a prompt (when creating a key).
    func password(for keyFile: String, confirm: Bool = false) throws(SigningError) -> [UInt8] {
        var password: [UInt8]
        if let passwordFile {
            do { password = try FileReader.read(passwordFile, limit: 4096) } catch { throw .file(error) }
            if password.last == 0x0A { password.removeLast() }
            if password.last == 0x0D { password.removeLast() }
        } else if let value = getenv(Self.environmentVariable) {
            password = Array(String(cString: value).utf8)
        } else if isatty(STDIN_FILENO) == 1 {
            password = Self.prompt("Password for \(keyFile): ")
            if confirm {
                var again = Self.prompt("Password (again): ")
                defer { SecretMemory.wipe(&again) }
                guard again == password else {
                    SecretMemory.wipe(&password)
                    throw .malformed(file: keyFile, reason: "the two passwords differ")
                }
            }
        } else {
            throw .passwordRequired(keyFile: keyFile)
        }
        guard !password.isEmpty else { throw .malformed(file: passwordFile ?? keyFile, reason: "the password is empty") }
        return password
    }

    /// Reads one line from the terminal with echo turned off. Echo goes off before the prompt is
    /// shown, and without flushing, so a password typed right after the prompt is never lost.
    private static func prompt(_ text: String) -> [UInt8] {
        var stderr = StandardError()
        var saved = termios()
        let haveTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
        if haveTerminal {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        }
        defer {
            if haveTerminal { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
            stderr.write("\n")
        }
        stderr.write(text)
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(STDIN_FILENO, &byte, 1) == 1, byte != 0x0A {
            if line.count < 4096 { line.append(byte) }
        }
        if line.last == 0x0D { line.removeLast() }
        return line
    }
}
