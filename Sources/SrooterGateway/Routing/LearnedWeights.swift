import Foundation
import SrooterRouting
import Synchronization

/// The weights file `srooter router train` writes and a learned route reads (`learned.weights`):
///
/// ```json
/// {"format":"srooter-router-weights/1","version":3,"samples":1680,"features":["bias",...],"weights":[-0.42,...]}
/// ```
///
/// `features` must list ``LearnedModel/featureNames`` exactly, so weights made for another
/// feature vector are refused rather than misread.
public enum WeightsFile {
    public static let format = "srooter-router-weights/1"
    /// Bigger files are refused unread.
    static let maxBytes = 1 << 20

    public enum Problem: Error, Sendable, CustomStringConvertible, Equatable {
        case unreadable(String)
        case invalid(String)

        public var description: String {
            switch self {
            case .unreadable(let reason): "the weights file cannot be read: \(reason)"
            case .invalid(let reason): "the weights file is not srooter router weights: \(reason)"
            }
        }
    }

    /// The file's text for `model`, trained on `samples` samples.
    public static func text(_ model: LearnedModel, samples: Int) -> String {
        let names = LearnedModel.featureNames.map { "\"\($0)\"" }.joined(separator: ",")
        let weights = model.weights.map { $0.isFinite ? String($0) : "0" }.joined(separator: ",")
        return #"{"format":"\#(format)","version":\#(model.version),"samples":\#(samples),"features":[\#(names)],"weights":[\#(weights)]}"# + "\n"
    }

    public static func parse(_ bytes: [UInt8]) throws(Problem) -> LearnedModel {
        guard bytes.count <= maxBytes else { throw .invalid("larger than \(maxBytes) bytes") }
        let root: JSONNode
        do { root = try JSONParser.parse(bytes) } catch { throw .invalid("not JSON (\(error.description))") }
        guard root["format"]?.string == format else { throw .invalid("\"format\" is not \"\(format)\"") }
        guard let version = root["version"]?.int, version >= 1 else { throw .invalid("\"version\" must be a whole number of at least 1") }
        guard let names = root["features"]?.array?.compactMap(\.string), names == LearnedModel.featureNames else {
            throw .invalid("\"features\" must be exactly [\(LearnedModel.featureNames.joined(separator: ", "))]")
        }
        var weights: [Double] = []
        for item in root["weights"]?.array ?? [] {
            guard case .number(_, let value) = item.value, value.isFinite else { throw .invalid("every weight must be a finite number") }
            weights.append(value)
        }
        guard weights.count == names.count else { throw .invalid("\(weights.count) weights for \(names.count) features") }
        return LearnedModel(weights: weights, version: version)
    }

    /// Reads and parses `path`; a file over ``maxBytes`` is refused before it is read.
    public static func read(_ path: String) throws(Problem) -> LearnedModel {
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        if let size, size > maxBytes { throw .invalid("larger than \(maxBytes) bytes") }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable("\(path) does not exist or is not readable") }
        return try parse(Array(data))
    }
}

/// A learned route's weights as `serve` holds them: read at the first request, and read again
/// when the file changes (checked at most every `recheckSeconds`), so
/// `srooter router train --output` on the same path takes effect without a restart. A file that
/// cannot be read keeps the weights already loaded (none: the route's default serves).
final class LiveWeights: Sendable {
    let path: String
    /// How often the file is looked at (5 s in `serve`).
    let recheckSeconds: Double
    private let state = Mutex<(model: LearnedModel?, stamp: FileStamp?, checked: Double)>((nil, nil, -.infinity))

    /// What tells one version of the file from the next. The modification time alone does not:
    /// Linux stamps files with a clock that ticks every few milliseconds, so two writes in one tick
    /// look the same; `train --output` replaces the file by rename, so its inode changes each time.
    struct FileStamp: Equatable {
        let modified: Date?
        let inode: UInt64?
        let size: UInt64?

        init?(path: String) {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
            modified = attributes[.modificationDate] as? Date
            inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
            size = (attributes[.size] as? NSNumber)?.uint64Value
        }
    }

    init(path: String, recheckSeconds: Double = 5) {
        self.path = path
        self.recheckSeconds = recheckSeconds
    }

    func current() -> LearnedModel? {
        let now = PolicyStage.clock()
        return state.withLock { state in
            guard now - state.checked >= recheckSeconds else { return state.model }
            state.checked = now
            let stamp = FileStamp(path: path)
            guard stamp != state.stamp || state.model == nil else { return state.model }
            if let model = try? WeightsFile.read(path) {
                state.model = model
                state.stamp = stamp
            }
            return state.model
        }
    }
}
