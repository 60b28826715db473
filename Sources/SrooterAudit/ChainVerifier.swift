import SrooterStore

/// Recomputes a hash chain record by record, pure and I/O-free, with memory independent of the
/// chain's length.
///
/// Feed records in the order given (the file's, or the database's by id) and each checkpoint
/// after the record it covers (an anchor checkpoint before the first record), then `finish`.
///
/// The `scope` says what the input claims to be; see `Scope`.
public struct ChainVerifier: Sendable {
    /// How much of the chain the input holds.
    public enum Scope: String, Sendable {
        /// The whole retained chain (the database, or an export without filters): the first record
        /// must be id 1 from the genesis hash or follow a signed anchor checkpoint.
        case complete
        /// A contiguous run (an export limited by time): links are checked within it.
        case range
        /// Selected records (an export limited to one user): each record's own hash, checkpoint
        /// signatures, and the heads of checkpoints whose record is present; not the links.
        case subset
    }

    /// Problems kept in full; more are only counted.
    public static let problemLimit = 100

    private let trustedKey: String?
    private let scope: Scope
    private var complete: Bool { scope == .complete }
    private var report = ChainReport()
    private var lastHash: String?
    private var anchor: CheckpointRow?
    private var pending: [CheckpointRow] = []
    private var lastCheckpointSeq: Int?
    private var keySeen: String?

    /// - Parameters:
    ///   - trustedKey: base64 Ed25519 public key every checkpoint must be signed with; nil to accept
    ///     the key the first checkpoint names (then only consistency is proven, not authorship).
    ///   - scope: what the input holds.
    public init(trustedKey: String?, scope: Scope) {
        self.trustedKey = trustedKey
        self.scope = scope
    }

    /// Checks the next record.
    public mutating func record(_ entry: ChainedRecord) {
        report.records += 1
        let computed = entry.computedHash
        if computed != entry.hash { problem(.altered(seq: entry.seq, expected: entry.hash, found: computed)) }
        if scope == .subset {
            if let last = report.lastSeq, entry.seq <= last { problem(.outOfOrder(seq: entry.seq, after: last)) }
            if report.firstSeq == nil { report.firstSeq = entry.seq }
        } else if let last = report.lastSeq, let lastHash {
            if entry.seq <= last {
                problem(.outOfOrder(seq: entry.seq, after: last))
            } else if entry.seq > last + 1 {
                problem(.gap(expected: last + 1, found: entry.seq))
            } else if entry.prevHash != lastHash {
                problem(.brokenLink(seq: entry.seq, expected: lastHash, found: entry.prevHash))
            }
        } else {
            report.firstSeq = entry.seq
            if let anchor, anchor.seq == entry.seq - 1 {
                if anchor.head != entry.prevHash {
                    problem(.brokenLink(seq: entry.seq, expected: anchor.head, found: entry.prevHash))
                }
            } else if entry.seq == 1 {
                if entry.prevHash != ChainedRecord.genesis { problem(.badGenesis(seq: entry.seq, found: entry.prevHash)) }
            } else if complete {
                // Not pruned (no anchor), so the chain must start at record 1.
                problem(.gap(expected: 1, found: entry.seq))
            }
        }
        if report.lastSeq.map({ entry.seq > $0 }) ?? true { report.lastSeq = entry.seq }
        lastHash = entry.hash
        while let next = pending.first, next.seq <= entry.seq {
            pending.removeFirst()
            if next.seq == entry.seq { compareHead(next, with: entry.hash) }
        }
    }

    /// Checks a checkpoint (fed after the record it covers).
    public mutating func checkpoint(_ checkpoint: CheckpointRow) {
        report.checkpoints += 1
        guard Checkpoints.signatureIsValid(checkpoint) else { return problem(.badSignature(seq: checkpoint.seq)) }
        if let trustedKey, checkpoint.publicKey != trustedKey {
            return problem(.untrustedKey(seq: checkpoint.seq, key: checkpoint.publicKey))
        }
        if trustedKey == nil {
            if let keySeen, keySeen != checkpoint.publicKey { return problem(.untrustedKey(seq: checkpoint.seq, key: checkpoint.publicKey)) }
            keySeen = checkpoint.publicKey
        }
        if scope == .subset {
            // Checkpoints between the selected records are all present; records are not.
        } else if let previous = lastCheckpointSeq, checkpoint.previousSeq != previous {
            problem(.checkpointGap(seq: checkpoint.seq, expectedPrevious: previous, foundPrevious: checkpoint.previousSeq))
        } else if lastCheckpointSeq == nil, complete, report.lastSeq != nil, report.firstSeq == 1, checkpoint.previousSeq != 0 {
            problem(.checkpointGap(seq: checkpoint.seq, expectedPrevious: 0, foundPrevious: checkpoint.previousSeq))
        }
        lastCheckpointSeq = checkpoint.seq
        guard let last = report.lastSeq, let lastHash else {
            anchor = checkpoint
            report.lastCheckpoint = checkpoint
            return
        }
        if checkpoint.seq == last {
            compareHead(checkpoint, with: lastHash)
        } else if checkpoint.seq > last {
            pending.append(checkpoint)
        }
    }

    /// The report, once everything has been fed.
    public mutating func finish() -> ChainReport {
        if scope != .subset {
            for checkpoint in pending { problem(.truncated(checkpoint: checkpoint.seq, lastRecord: report.lastSeq)) }
        }
        pending.removeAll()
        return report
    }

    private mutating func compareHead(_ checkpoint: CheckpointRow, with hash: String) {
        if checkpoint.head != hash {
            problem(.checkpointMismatch(seq: checkpoint.seq, expected: checkpoint.head, found: hash))
        } else {
            report.lastCheckpoint = checkpoint
        }
    }

    private mutating func problem(_ problem: ChainProblem) {
        report.problemCount += 1
        if report.problems.count < Self.problemLimit { report.problems.append(problem) }
    }
}
