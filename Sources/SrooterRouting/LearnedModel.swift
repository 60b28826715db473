#if canImport(Glibc)
import Glibc
#endif

/// The learned strategy's model: logistic regression over a request's ``RequestFeatures``,
/// giving the probability that the route's cheapest candidate answers as well as its default.
/// Pure: the weights are a value, trained by ``LearnedModel/fit(_:epochs:learningRate:l2:)``.
public struct LearnedModel: Sendable, Equatable {
    /// The names of the vector's entries, in order (the weights file lists them, so a file made
    /// for another vector is refused).
    public static let featureNames = [
        "bias", "log_tokens", "log_messages", "log_assistant_turns", "log_tools", "log_code_fences", "fence_languages",
        "images", "reasoning", "side_call", "session_failure_rate",
    ] + (0..<LearnedModel.languageBuckets).map { "fence_language_bucket_\($0)" }

    /// Fence language tags are hashed into this many buckets (a weight each).
    public static let languageBuckets = 8

    /// One weight per entry of ``featureNames``.
    public var weights: [Double]
    /// Increases by one each time `srooter router train` writes the file.
    public var version: Int

    public init(weights: [Double], version: Int) {
        self.weights = weights
        self.version = version
    }

    /// The vector of `features`, scaled to about 0...1 (logarithms for counts).
    public static func vector(_ features: RequestFeatures) -> [Double] {
        func log1p(_ count: Int) -> Double { Self.ln(1 + Double(max(0, count))) }
        var vector = [
            1, log1p(features.tokenEstimate) / 10, log1p(features.messageCount) / 4, log1p(features.assistantTurns) / 4,
            log1p(features.toolCount) / 3, log1p(features.codeFenceCount) / 3, Double(features.fenceLanguages.count) / 4,
            features.imageCount > 0 ? 1 : 0, features.reasoningAsked ? 1 : 0, features.sideCall ? 1 : 0,
            features.sessionRequests > 0 ? Double(features.sessionFailures) / Double(features.sessionRequests) : 0,
        ]
        var buckets = [Double](repeating: 0, count: languageBuckets)
        for language in features.fenceLanguages { buckets[bucket(language)] = 1 }
        vector += buckets
        return vector
    }

    /// FNV-1a of the tag, modulo ``languageBuckets`` (stable across runs and machines).
    static func bucket(_ language: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in language.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(hash % UInt64(languageBuckets))
    }

    /// The probability that the cheapest candidate suffices for `features`.
    public func probability(_ features: RequestFeatures) -> Double {
        Self.sigmoid(zip(weights, Self.vector(features)).reduce(0) { $0 + $1.0 * $1.1 })
    }

    /// Fits weights to `samples` (features, whether the cheapest candidate sufficed) by full-batch
    /// gradient descent on the L2-regularised log loss, from zero weights: deterministic.
    public static func fit(_ samples: [(features: RequestFeatures, cheapSuffices: Bool)], epochs: Int = 600, learningRate: Double = 1.0,
                           l2: Double = 1e-4) -> [Double] {
        let width = featureNames.count
        var weights = [Double](repeating: 0, count: width)
        guard !samples.isEmpty else { return weights }
        // One flat row-major matrix and plain loops over buffers: the same sums in the same order as
        // `probability`'s, without a closure per product (training ran ten times slower in debug builds).
        var matrix = [Double]()
        matrix.reserveCapacity(samples.count * width)
        for sample in samples { matrix += vector(sample.features) }
        let targets = samples.map { $0.cheapSuffices ? 1.0 : 0.0 }
        let count = Double(samples.count)
        var gradient = [Double](repeating: 0, count: width)
        matrix.withUnsafeBufferPointer { rows in
            weights.withUnsafeMutableBufferPointer { weights in
                gradient.withUnsafeMutableBufferPointer { gradient in
                    for _ in 0..<epochs {
                        for index in 0..<width { gradient[index] = 0 }
                        for (row, y) in targets.enumerated() {
                            let x = UnsafeBufferPointer(rebasing: rows[(row * width)..<(row * width + width)])
                            var z = 0.0
                            for index in 0..<width { z += weights[index] * x[index] }
                            let error = sigmoid(z) - y
                            for index in 0..<width { gradient[index] += error * x[index] }
                        }
                        for index in 0..<width {
                            let penalty = index == 0 ? 0 : l2 * weights[index]
                            weights[index] -= learningRate * (gradient[index] / count + penalty)
                        }
                    }
                }
            }
        }
        return weights
    }

    static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    private static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    private static func ln(_ x: Double) -> Double { Glibc.log(x) }
}
