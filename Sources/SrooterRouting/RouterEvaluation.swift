/// One labelled request: its features, whether the cheapest candidate sufficed, and what it
/// cost (or would have cost) on the default and on the cheapest candidate.
public struct LabelledSample: Sendable, Equatable {
    public var features: RequestFeatures
    public var cheapSuffices: Bool
    public var costDefaultUSD: Double
    public var costCheapUSD: Double

    public init(features: RequestFeatures, cheapSuffices: Bool, costDefaultUSD: Double, costCheapUSD: Double) {
        self.features = features
        self.cheapSuffices = cheapSuffices
        self.costDefaultUSD = costDefaultUSD
        self.costCheapUSD = costCheapUSD
    }
}

/// A router's result on a labelled set: the share of cost saved against serving every request
/// with the default, and the share of requests answered well enough (the default always is; the
/// cheapest candidate when its label says it suffices).
public struct EvaluationPoint: Sendable, Equatable {
    public let router: String
    public let threshold: Double?
    public let costSaved: Double
    public let qualityKept: Double
    /// The share of requests sent to the cheapest candidate.
    public let cheapShare: Double
}

public enum RouterEvaluation {
    /// `router`'s point on `samples`, sending a request to the cheapest candidate when `sendsCheap` says so.
    public static func evaluate(_ samples: [LabelledSample], router: String, threshold: Double? = nil,
                                sendsCheap: (RequestFeatures) -> Bool) -> EvaluationPoint {
        var cost = 0.0, baseline = 0.0, good = 0, cheap = 0
        for sample in samples {
            baseline += sample.costDefaultUSD
            if sendsCheap(sample.features) {
                cheap += 1
                cost += sample.costCheapUSD
                if sample.cheapSuffices { good += 1 }
            } else {
                cost += sample.costDefaultUSD
                good += 1
            }
        }
        let count = Double(max(1, samples.count))
        return EvaluationPoint(router: router, threshold: threshold, costSaved: baseline > 0 ? 1 - cost / baseline : 0,
                               qualityKept: Double(good) / count, cheapShare: Double(cheap) / count)
    }

    /// The trivial heuristic at `thresholds`, then the learned model at each of `cutoffs`.
    public static func compare(_ samples: [LabelledSample], model: LearnedModel, cutoffs: [Double],
                               trivial thresholds: TrivialThresholds = TrivialThresholds()) -> [EvaluationPoint] {
        [evaluate(samples, router: "trivial") { TrivialScore.judge($0, thresholds).isTrivial }]
            + cutoffs.map { cutoff in evaluate(samples, router: "learned", threshold: cutoff) { model.probability($0) >= cutoff } }
    }
}
