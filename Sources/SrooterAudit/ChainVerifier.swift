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
        link(seq: entry.seq, prevHash: entry.prevHash, hash: entry.hash)
    }

    /// Checks the next record, whose content is already known to hash to `hash` (the export
    /// reader's fast path, ``CanonicalRecordLine``).
    mutating func record(seq: Int, prevHash: String, verifiedHash hash: String) {
        report.records += 1
        link(seq: seq, prevHash: prevHash, hash: hash)
    }

    /// The record's place in the chain: its id and link after the previous record or the anchor,
    /// and the heads of the checkpoints waiting for it.
    private mutating func link(seq: Int, prevHash: String, hash: String) {
        if scope == .subset {
            if let last = report.lastSeq, seq <= last { problem(.outOfOrder(seq: seq, after: last)) }
            if report.firstSeq == nil { report.firstSeq = seq }
        } else if let last = report.lastSeq, let lastHash {
            if seq <= last {
                problem(.outOfOrder(seq: seq, after: last))
            } else if seq > last + 1 {
                problem(.gap(expected: last + 1, found: seq))
            } else if prevHash != lastHash {
                problem(.brokenLink(seq: seq, expected: lastHash, found: prevHash))
            }
        } else {
            report.firstSeq = seq
            if let anchor, anchor.seq == seq - 1 {
                if anchor.head != prevHash {
                    problem(.brokenLink(seq: seq, expected: anchor.head, found: prevHash))
                }
            } else if seq == 1 {
                if prevHash != ChainedRecord.genesis { problem(.badGenesis(seq: seq, found: prevHash)) }
            } else if complete {
                // Not pruned (no anchor), so the chain must start at record 1.
                problem(.gap(expected: 1, found: seq))
            }
        }
        if report.lastSeq.map({ seq > $0 }) ?? true { report.lastSeq = seq }
        lastHash = hash
        while let next = pending.first, next.seq <= seq {
            pending.removeFirst()
            if next.seq == seq { compareHead(next, with: hash) }
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
