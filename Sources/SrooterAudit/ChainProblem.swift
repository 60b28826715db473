import SrooterStore

/// One thing `audit verify` found wrong, naming the record id.
public enum ChainProblem: Sendable, Equatable, CustomStringConvertible {
    /// The record's content does not hash to its stored hash: it was edited.
    case altered(seq: Int, expected: String, found: String)
    /// The record's `prev_hash` is not the previous record's hash: one of the two was replaced.
    case brokenLink(seq: Int, expected: String, found: String)
    /// Record ids jump: records `expected ..< found` were deleted (or moved further on).
    case gap(expected: Int, found: Int)
    /// A record id at or below the previous one: a record was inserted, duplicated or moved back.
    case outOfOrder(seq: Int, after: Int)
    /// The first record (id 1) does not start from the genesis hash.
    case badGenesis(seq: Int, found: String)
    /// A checkpoint's signed head is not the chain's hash at that record.
    case checkpointMismatch(seq: Int, expected: String, found: String)
    /// A checkpoint's signature does not verify.
    case badSignature(seq: Int)
    /// A checkpoint was signed by another key than the trusted one.
    case untrustedKey(seq: Int, key: String)
    /// A checkpoint does not follow the previous one: a checkpoint between them was deleted.
    case checkpointGap(seq: Int, expectedPrevious: Int, foundPrevious: Int)
    /// A checkpoint covers record `seq` but the records end at `lastRecord`: the tail was truncated.
    case truncated(checkpoint: Int, lastRecord: Int?)

    /// The record id the problem is at.
    public var seq: Int {
        switch self {
        case .altered(let seq, _, _), .brokenLink(let seq, _, _), .outOfOrder(let seq, _), .badGenesis(let seq, _),
            .checkpointMismatch(let seq, _, _), .badSignature(let seq), .untrustedKey(let seq, _),
            .checkpointGap(let seq, _, _):
            seq
        case .gap(let expected, _): expected
        case .truncated(let checkpoint, _): checkpoint
        }
    }

    public var description: String {
        switch self {
        case .altered(let seq, let expected, let found):
            "record \(seq) was altered: expected hash \(expected) (stored), found \(found) (recomputed from its content)"
        case .brokenLink(let seq, let expected, let found):
            "record \(seq): broken link: expected prev_hash \(expected) (the hash of record \(seq - 1)), found \(found); record \(seq - 1) or \(seq) was replaced"
        case .gap(let expected, let found):
            found - expected == 1
                ? "record \(expected) is missing: expected record \(expected) next, found record \(found) (deleted or moved)"
                : "records \(expected) to \(found - 1) are missing: expected record \(expected) next, found record \(found) (deleted or moved)"
        case .outOfOrder(let seq, let after):
            "record \(seq) appears after record \(after): inserted, duplicated or reordered"
        case .badGenesis(let seq, let found):
            "record \(seq): the first record must have prev_hash \(ChainedRecord.genesis), found \(found)"
        case .checkpointMismatch(let seq, let expected, let found):
            "checkpoint at record \(seq): expected head \(expected) (signed), found \(found) (the chain's hash): records up to \(seq) were rewritten"
        case .badSignature(let seq): "checkpoint at record \(seq): the signature does not verify"
        case .untrustedKey(let seq, let key): "checkpoint at record \(seq) is signed by \(key), not the trusted audit key"
        case .checkpointGap(let seq, let expected, let found):
            "checkpoint at record \(seq): expected it to follow the checkpoint at record \(expected), found \(found): a checkpoint was deleted"
        case .truncated(let checkpoint, let lastRecord):
            "the tail was truncated: a checkpoint covers record \(checkpoint) but the records end at \(lastRecord.map(String.init) ?? "none")"
        }
    }
}

/// What a verification found.
public struct ChainReport: Sendable {
    public var records = 0
    public var checkpoints = 0
    public var firstSeq: Int?
    public var lastSeq: Int?
    /// The newest valid checkpoint seen.
    public var lastCheckpoint: CheckpointRow?
    /// Problems in the order met (at most `ChainVerifier.problemLimit`); the first is the first broken link.
    public var problems: [ChainProblem] = []
    /// All problems counted, including those past the limit.
    public var problemCount = 0
    /// Records after the newest checkpoint: internally consistent, but not yet signed.
    public var unsignedTail: Int {
        guard let lastSeq else { return 0 }
        return lastSeq - (lastCheckpoint?.seq ?? (firstSeq.map { $0 - 1 } ?? 0))
    }

    public var ok: Bool { problemCount == 0 }
}
