import ArgumentParser
import Foundation
import SrooterGateway
import SrooterRouting
import SrooterSupplyChain

/// `srooter router ...`: the learned router's weights.
struct RouterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "router",
        abstract: "Train and evaluate the learned router.",
        discussion: """
            Example:
              srooter router eval --samples routing/synthetic-labelled.jsonl
              srooter router train --samples labelled.jsonl --output ./data/router-weights.json
            """,
        subcommands: [Train.self, Eval.self]
    )

    /// Reads a labelled set (JSON Lines; see `LabelledSamples`).
    static func samples(_ path: String) throws -> [LabelledSample] {
        guard FileReader.exists(path) else { throw UsageError(description: "\(path) does not exist") }
        let bytes = try FileReader.read(path, limit: 512 << 20)
        let samples: [LabelledSample]
        do throws(LabelledSamples.Problem) {
            samples = try LabelledSamples.parse(bytes)
        } catch {
            throw UsageError(description: "\(path): \(error.description)")
        }
        guard !samples.isEmpty else { throw UsageError(description: "\(path) holds no samples") }
        return samples
    }

    /// `srooter router train --samples F --output W`
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train",
            abstract: "Fit the learned router's weights (logistic regression) to a labelled set.",
            discussion: """
                Fits from zero weights by full-batch gradient descent (deterministic: the same set gives \
                the same weights) and writes the weights file a learned route names in `learned.weights`, \
                replacing it atomically; its version is one more than the file it replaces. A running \
                `srooter serve` reads the new weights within 5 seconds.

                Example:
                  srooter router train --samples labelled.jsonl --output ./data/router-weights.json
                """
        )

        @Option(help: "The labelled set (JSON Lines).")
        var samples: String

        @Option(help: "The weights file to write.")
        var output: String

        @Option(help: "Passes of gradient descent over the set.")
        var epochs: Int = 600

        func run() throws {
            try reportingFailures {
                guard (1...100_000).contains(epochs) else { throw UsageError(description: "--epochs must be from 1 to 100000") }
                let set = try RouterCommand.samples(samples)
                let previous = FileReader.exists(output) ? (try? WeightsFile.read(output))?.version ?? 0 : 0
                let weights = LearnedModel.fit(set.map { ($0.features, $0.cheapSuffices) }, epochs: epochs)
                let model = LearnedModel(weights: weights, version: previous + 1)
                do {
                    try Data(WeightsFile.text(model, samples: set.count).utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw UsageError(description: "cannot write \(output): \(error.localizedDescription)")
                }
                print("trained on \(set.count) samples; wrote \(output) (version \(model.version))")
            }
        }
    }

    /// `srooter router eval --samples F [--weights W]`
    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval",
            abstract: "Print the cost saved against the quality kept, for the trivial heuristic and the learned router at several thresholds.",
            discussion: """
                Cost saved: the share of cost below serving every request with the route's default. \
                Quality kept: the share of requests answered well enough (the default always is; the \
                cheapest candidate when the sample's label says it suffices). Without --weights, the \
                learned router is trained on the first --train-share of the set and both routers are \
                evaluated on the rest (held out); with --weights, on the whole set.

                Example:
                  srooter router eval --samples routing/synthetic-labelled.jsonl
                  srooter router eval --samples feedback.jsonl --weights ./data/router-weights.json
                """
        )

        @Option(help: "The labelled set (JSON Lines).")
        var samples: String

        @Option(help: "A weights file to evaluate (default: train on part of the set).")
        var weights: String?

        @Option(help: "The share of the set trained on when no weights are given.")
        var trainShare: Double = 0.7

        @Option(help: "The learned router's thresholds, comma-separated.")
        var thresholds: String = "0.5,0.6,0.7,0.8,0.9"

        func run() throws {
            try reportingFailures {
                let cutoffs = thresholds.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                guard !cutoffs.isEmpty, cutoffs.allSatisfy({ (0...1).contains($0) }) else {
                    throw UsageError(description: "--thresholds must be probabilities from 0 to 1, comma-separated")
                }
                guard trainShare > 0, trainShare < 1 else { throw UsageError(description: "--train-share must be between 0 and 1") }
                let set = try RouterCommand.samples(samples)
                let model: LearnedModel
                let evaluated: ArraySlice<LabelledSample>
                if let weights {
                    do throws(WeightsFile.Problem) { model = try WeightsFile.read(weights) } catch { throw UsageError(description: error.description) }
                    evaluated = set[...]
                    print("weights v\(model.version) from \(weights); evaluated on all \(set.count) samples")
                } else {
                    let split = Int(Double(set.count) * trainShare)
                    guard split > 0, split < set.count else { throw UsageError(description: "\(samples) is too small to split") }
                    model = LearnedModel(weights: LearnedModel.fit(set[..<split].map { ($0.features, $0.cheapSuffices) }), version: 0)
                    evaluated = set[split...]
                    print("trained on the first \(split) samples; evaluated on the other \(set.count - split) (held out)")
                }
                print("router     threshold  cost saved  quality kept  to cheapest")
                for point in RouterEvaluation.compare(Array(evaluated), model: model, cutoffs: cutoffs) {
                    func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
                    let threshold = point.threshold.map { String(format: "%.2f", $0) } ?? "-"
                    print(point.router.padding(toLength: 11, withPad: " ", startingAt: 0) + threshold.padding(toLength: 11, withPad: " ", startingAt: 0)
                        + percent(point.costSaved).padding(toLength: 12, withPad: " ", startingAt: 0)
                        + percent(point.qualityKept).padding(toLength: 14, withPad: " ", startingAt: 0) + percent(point.cheapShare))
                }
            }
        }
    }
}
