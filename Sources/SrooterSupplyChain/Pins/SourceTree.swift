/// The git tree hash of a package's source: the id git gives the directory tree of a commit.
///
/// It depends only on the files' names, modes and contents, so it is the same on every machine
/// and every mirror, even where the commit ids differ (a re-imported history, say).
public enum SourceTree {
    /// The tree hash of `revision` in the git checkout at `checkout`.
    public static func treeHash(checkout: String, revision: String, identity: String) throws(InventoryError) -> String {
        guard FileReader.exists(checkout) else { throw .checkoutMissing(identity: identity, path: checkout) }
        let arguments = ["-C", checkout, "rev-parse", "--verify", "--quiet", "\(revision)^{tree}"]
        let command = "git " + arguments.joined(separator: " ")
        let outcome: Subprocess.Outcome
        do { outcome = try Subprocess.run("git", arguments) } catch { throw .commandFailed(command: command, message: error.description) }
        guard outcome.status == 0 else {
            let message = outcome.firstErrorLine.isEmpty ? "revision \(revision) is not in the checkout" : outcome.firstErrorLine
            throw .commandFailed(command: command, message: message)
        }
        let hash = String(outcome.output.trimmedOfWhitespaceString)
        guard isObjectID(hash) else { throw .unexpectedOutput(command: command, reason: "not a git object id") }
        return hash
    }

    /// Whether the text is a git object id: 40 (SHA-1) or 64 (SHA-256) lower-case hex digits.
    public static func isObjectID(_ text: String) -> Bool {
        (text.utf8.count == 40 || text.utf8.count == 64) && Hex.isLowerHex(text)
    }
}

extension String {
    /// The text without leading and trailing whitespace (Foundation-free).
    var trimmedOfWhitespaceString: String { String(Substring(self).trimmedOfWhitespace) }
}
