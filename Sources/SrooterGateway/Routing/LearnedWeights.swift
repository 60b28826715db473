import Foundation
import SrooterStore
import SrooterRouting
import Synchronization

/// The weights file `srooter router train` writes and a learned route reads (`learned.weights`),
/// sealed with the metadata key srooter seals stored names with (AES-256-GCM), so a file that was
/// altered, or made for another database, is refused:
///
/// ```json
/// {"format":"srooter-router-weights/2","version":3,"samples":1680,"features":["bias",...],"sealed":"<hex>"}
/// ```
///
/// `sealed` holds the weights (`[-0.42,...]`), sealed with `format`, `version`, `samples` and
/// `features` as associated data: changing any of them, or a weight, makes it fail to open.
/// `features` must list ``LearnedModel/featureNames`` exactly, so weights made for another
/// feature vector are refused rather than misread.
public enum WeightsFile {
    public static let format = "srooter-router-weights/2"
    /// Bigger files are refused unread.
    static let maxBytes = 1 << 20

    public enum Problem: Error, Sendable, CustomStringConvertible, Equatable {
        case unreadable(String)
        case invalid(String)
        /// The seal does not open: the file was altered, or sealed with another database's key.
        case sealedElsewhere

        public var description: String {
            switch self {
            case .unreadable(let reason): "the weights file cannot be read: \(reason)"
            case .invalid(let reason): "the weights file is not srooter router weights: \(reason)"
            case .sealedElsewhere:
                "the weights file was altered or sealed with another database's key (train it again with srooter router train --config for this gateway)"
            }
        }
    }

    /// The file's text for `model`, trained on `samples` samples, sealed with `key`.
    public static func text(_ model: LearnedModel, samples: Int, key: any MetadataCipher) -> String {
        let names = LearnedModel.featureNames.map { "\"\($0)\"" }.joined(separator: ",")
        let weights = "[" + model.weights.map { $0.isFinite ? String($0) : "0" }.joined(separator: ",") + "]"
        let sealed = key.seal(Array(weights.utf8), context: context(version: model.version, samples: samples, features: LearnedModel.featureNames))
        return #"{"format":"\#(format)","version":\#(model.version),"samples":\#(samples),"features":[\#(names)],"sealed":"\#(sealed)"}"# + "\n"
    }

    /// What the seal binds besides the weights.
    static func context(version: Int, samples: Int, features: [String]) -> [UInt8] {
        Array("\(format)\u{0}\(version)\u{0}\(samples)\u{0}\(features.joined(separator: ","))".utf8)
    }

    /// What a file says outside its seal: format, version, samples and features, checked.
    static func envelope(_ bytes: [UInt8]) throws(Problem) -> (version: Int, samples: Int, features: [String], sealed: String) {
        guard bytes.count <= maxBytes else { throw .invalid("larger than \(maxBytes) bytes") }
        let root: JSONNode
        do { root = try JSONParser.parse(bytes) } catch { throw .invalid("not JSON (\(error.description))") }
        guard root["format"]?.string == format else { throw .invalid("\"format\" is not \"\(format)\"") }
        guard let version = root["version"]?.int, version >= 1 else { throw .invalid("\"version\" must be a whole number of at least 1") }
        guard let samples = root["samples"]?.int, samples >= 0 else { throw .invalid("\"samples\" must be a whole number of at least 0") }
        guard let names = root["features"]?.array?.compactMap(\.string), names == LearnedModel.featureNames else {
            throw .invalid("\"features\" must be exactly [\(LearnedModel.featureNames.joined(separator: ", "))]")
        }
        guard let sealed = root["sealed"]?.string else { throw .invalid("\"sealed\" must be the sealed weights") }
        return (version, samples, names, sealed)
    }

    /// Checks a file's format without its key (`srooter config check`, which holds no key): the seal is not opened.
    public static func checkFormat(_ path: String) throws(Problem) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable("\(path) does not exist or is not readable") }
        _ = try envelope(Array(data.prefix(maxBytes + 1)))
    }

    public static func parse(_ bytes: [UInt8], key: any MetadataCipher) throws(Problem) -> LearnedModel {
        let (version, samples, names, sealed) = try envelope(bytes)
        // The seal is checked before its contents are parsed.
        guard let plain = key.open(sealed, context: context(version: version, samples: samples, features: names)) else { throw .sealedElsewhere }
        guard let list = try? JSONParser.parse(plain), let items = list.array else { throw .invalid("the sealed weights are not a list") }
        var weights: [Double] = []
        for item in items {
            guard case .number(_, let value) = item.value, value.isFinite else { throw .invalid("every weight must be a finite number") }
            weights.append(value)
        }
        guard weights.count == names.count else { throw .invalid("\(weights.count) weights for \(names.count) features") }
        return LearnedModel(weights: weights, version: version)
    }

    /// Reads and parses `path`; a file over ``maxBytes`` is refused before it is read.
    public static func read(_ path: String, key: any MetadataCipher) throws(Problem) -> LearnedModel {
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        if let size, size > maxBytes { throw .invalid("larger than \(maxBytes) bytes") }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable("\(path) does not exist or is not readable") }
        return try parse(Array(data), key: key)
    }

    /// The version a file at `path` has, read without its key (for `train`'s next version): 0
    /// when there is no readable file.
    public static func version(at path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path), data.count <= maxBytes,
              let root = try? JSONParser.parse(Array(data)), let version = root["version"]?.int, version >= 0 else { return 0 }
        return version
    }

    /// Writes `text` to `path` through a temporary file in the same folder, renamed over it.
    public static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// A learned route's weights as `serve` holds them: read at the first request, and read again
/// when the file changes (checked at most every `recheckSeconds`), so
/// `srooter router train --output` on the same path takes effect without a restart. A file that
/// cannot be read keeps the weights already loaded (none: the route's default serves).
final class LiveWeights: Sendable {
    let path: String
    /// The key the file is sealed with (nil: none was given, so no weights load).
    let key: (any MetadataCipher)?
    /// Told, once per version of the file, why it was refused (one line).
    let report: @Sendable (String) -> Void
    /// How often the file is looked at (5 s in `serve`).
    let recheckSeconds: Double
    private let state = Mutex<(model: LearnedModel?, stamp: FileStamp?, refused: FileStamp?, checked: Double)>((nil, nil, nil, -.infinity))

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

    init(path: String, key: (any MetadataCipher)?, recheckSeconds: Double = 5, report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.path = path
        self.key = key
        self.recheckSeconds = recheckSeconds
        self.report = report
    }

    func current() -> LearnedModel? {
        let now = PolicyStage.clock()
        return state.withLock { state in
            guard now - state.checked >= recheckSeconds else { return state.model }
            state.checked = now
            let stamp = FileStamp(path: path)
            guard stamp != state.stamp || state.model == nil, let stamp, stamp != state.refused, let key else { return state.model }
            do throws(WeightsFile.Problem) {
                state.model = try WeightsFile.read(path, key: key)
                state.stamp = stamp
            } catch {
                state.refused = stamp
                report("learned weights \(path) refused, \(state.model.map { "keeping v\($0.version)" } ?? "the default serves"): \(error.description)")
            }
            return state.model
        }
    }
}
