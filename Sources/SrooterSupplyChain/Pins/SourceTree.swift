import Glibc
import SrooterEncoding

/// The git tree hash of a package's source: the id git gives the directory tree of a commit.
///
/// It depends only on the files' names, modes and contents, so it is the same on every machine
/// and every mirror, even where the commit ids differ (a re-imported history, say). It is
/// computed from the files on disk, untracked and ignored ones included (a scratch index,
/// `git add -A --force`, `git write-tree`), because those are what gets compiled; a checkout
/// whose files differ from the committed tree of its revision is refused, naming the files.
public enum SourceTree {
    /// The tree hash of the files in the git checkout at `checkout`, which must equal the tree
    /// of `revision`.
    public static func treeHash(checkout: String, revision: String, identity: String) throws(InventoryError) -> String {
        guard FileReader.exists(checkout) else { throw .checkoutMissing(identity: identity, path: checkout) }
        let committed = try git(["-C", checkout, "rev-parse", "--verify", "--quiet", "\(revision)^{tree}"]) { _ in
            "revision \(revision) is not in the checkout"
        }
        try withScratchRepository(checkout) { (env) throws(InventoryError) in
            _ = try run("env", env + ["git", "-C", checkout, "add", "--all", "--force", "--", "."], expectObjectID: false)
            let onDisk = try run("env", env + ["git", "-C", checkout, "write-tree"], expectObjectID: true)
            guard onDisk != committed else { return }
            let changed = try run(
                "env", env + ["git", "-C", checkout, "diff-tree", "-r", "--name-only", "--no-renames", committed, onDisk],
                expectObjectID: false)
            let files = changed.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
            throw .checkoutModified(identity: identity, path: checkout, files: files.isEmpty ? ["(file modes)"] : files)
        }
        return committed
    }

    /// Runs `body` with environment assignments (for `env`) that give git a scratch index and
    /// object folder in a private temporary folder, reading the checkout's objects as an
    /// alternate: the checkout's own index and objects are never read for the hash or written.
    private static func withScratchRepository(
        _ checkout: String, _ body: ([String]) throws(InventoryError) -> Void
    ) throws(InventoryError) {
        var objects = try git(["-C", checkout, "rev-parse", "--git-path", "objects"], expectObjectID: false)
        if !objects.hasPrefix("/") { objects = "\(checkout)/\(objects)" }
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/srooter-tree-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } != nil }
        guard made else { throw .file(.unwritable(path: base, reason: FileError.reason(errno))) }
        let scratch = template.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { String(cString: $0) } ?? base }
        defer { TreeRemoval.remove(scratch) }
        guard mkdir("\(scratch)/objects", 0o700) == 0 else { throw .file(.unwritable(path: scratch, reason: FileError.reason(errno))) }
        try body([
            "GIT_INDEX_FILE=\(scratch)/index", "GIT_OBJECT_DIRECTORY=\(scratch)/objects",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES=\(objects)",
        ])
    }

    private static func git(
        _ arguments: [String], expectObjectID: Bool = true, missing: ((String) -> String)? = nil
    ) throws(InventoryError) -> String {
        try run("git", arguments, expectObjectID: expectObjectID, missing: missing)
    }

    private static func run(
        _ program: String, _ arguments: [String], expectObjectID: Bool, missing: ((String) -> String)? = nil
    ) throws(InventoryError) -> String {
        let command = ([program] + arguments).joined(separator: " ")
        let outcome: Subprocess.Outcome
        do { outcome = try Subprocess.run(program, arguments) } catch { throw .commandFailed(command: command, message: error.description) }
        guard outcome.status == 0 else {
            let message = outcome.firstErrorLine.isEmpty ? (missing?(command) ?? "exit status \(outcome.status)") : outcome.firstErrorLine
            throw .commandFailed(command: command, message: message)
        }
        let text = String(outcome.output.trimmedOfWhitespaceString)
        if expectObjectID, !isObjectID(text) { throw .unexpectedOutput(command: command, reason: "not a git object id") }
        return text
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
