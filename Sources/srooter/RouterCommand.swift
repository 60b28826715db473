import ArgumentParser
import Foundation
import SrooterGateway
import SrooterRouting
import SrooterAudit
import SrooterStore
import SrooterSupplyChain
import SrooterVault

/// `srooter router ...`: the learned router's weights.
struct RouterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "router",
        abstract: "Train and evaluate the learned router.",
        discussion: """
            Example:
              srooter router eval --samples routing/synthetic-labelled.jsonl
              srooter router train --samples labelled.jsonl --config srooter.yaml --output ./data/router-weights.json
              srooter router train --from-audit --config srooter.yaml --output ./data/router-weights.json
            """,
        subcommands: [Train.self, Eval.self, Bench.self]
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

    /// `srooter router train (--samples F | --from-audit [--since T]) [--config F] --output W`
    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train",
            abstract: "Fit the learned router's weights (logistic regression) to a labelled set or to the audit trail's outcomes.",
            discussion: """
                Fits from zero weights by full-batch gradient descent (deterministic: the same set gives \
                the same weights) and writes the weights file a learned route names in `learned.weights`, \
                sealed with the metadata key of the configuration's database (so the gateway refuses a \
                file that was altered or made for another database), replacing it atomically; its version \
                is one more than the file it replaces. A running `srooter serve` reads the new weights \
                within 5 seconds.

                --from-audit labels the routing features the gateway stored for requests through trivial \
                and learned routes with the audit trail's outcomes (errors, retries, escalation to the \
                default within a conversation, and scores posted to POST /v1/srooter/feedback); the \
                README's "Training from the audit trail" gives the rule.

                Example:
                  srooter router train --samples labelled.jsonl --config srooter.yaml --output ./data/router-weights.json
                  srooter router train --from-audit --config srooter.yaml --since 2026-12-01T00:00:00Z --output ./data/router-weights.json
                """
        )

        @OptionGroup var source: LabelledSource

        @OptionGroup var location: Access.Location

        @Option(help: "The weights file to write.")
        var output: String

        @Option(help: "Passes of gradient descent over the set.")
        var epochs: Int = 600

        func run() async throws {
            try await reportingFailures {
                guard (1...100_000).contains(epochs) else { throw UsageError(description: "--epochs must be from 1 to 100000") }
                try source.check()
                let (store, vault) = try await location.openVault()
                let set = try await source.read(store: store, vault: vault, location: location, purpose: "to train on")
                let weights = LearnedModel.fit(set.map { ($0.features, $0.cheapSuffices) }, epochs: epochs)
                let model = LearnedModel(weights: weights, version: WeightsFile.version(at: output) + 1)
                do {
                    try WeightsFile.write(WeightsFile.text(model, samples: set.count, key: vault.metadata), to: output)
                } catch {
                    throw UsageError(description: "cannot write \(output): \(error.localizedDescription)")
                }
                print("trained on \(set.count) samples; wrote \(output) (version \(model.version))")
            }
        }
    }

    /// The stored features labelled from the audit trail (see `AuditLabels`), with a line on what was found.
    static func auditSamples(store: Store, vault: Vault, location: Access.Location, since: String?, purpose: String) async throws -> [LabelledSample] {
        let path = try location.databasePath()
        let gateway = FileReader.exists(location.config) ? try RoutingInputs.config(location.config) : GatewayConfig()
        let bound = since.flatMap(Timestamp.parse).map { Timestamp.format(seconds: $0, milliseconds: 0) }
        let rows: [RoutingFeatureRow]
        do throws(StoreError) { rows = try await store.routingFeatures(since: bound) } catch { throw UsageError(description: error.description) }
        let folder = MasterKeySource.folder(ofDatabase: path)
        let signer = try AuditSigningKey.loadOrCreate(path: gateway.security.auditKeyFile ?? AuditSigningKey.defaultPath(dataFolder: folder))
        let log = AuditLog(store: store, vault: vault, signer: signer)
        var records: [AuditRecord] = []
        var after = 0
        while true {
            let page: [ChainedRecord]
            do throws(AuditError) {
                page = try await log.records(after: after, limit: 10_000, filter: AuditRowFilter(since: bound))
            } catch { throw UsageError(description: "cannot read the audit trail of \(path): \(error.description)") }
            guard let last = page.last else { break }
            records += page.map(\.record)
            after = last.seq
        }
        let labelled = AuditLabels.label(rows, records: records, config: gateway)
        let negative = labelled.samples.filter { !$0.cheapSuffices }.count
        print("from the audit trail: \(labelled.rows) requests with features, \(labelled.samples.count) labelled "
            + "(\(labelled.samples.count - negative) cheap sufficed, \(negative) not: \(labelled.byFeedback) by feedback, "
            + "\(labelled.failed) failed, \(labelled.retried) retried, \(labelled.escalated) escalated), \(labelled.skipped) left out")
        guard !labelled.samples.isEmpty else { throw UsageError(description: "the audit trail of \(path) gives no labelled requests \(purpose)") }
        return labelled.samples
    }

    /// `srooter router eval (--samples F | --from-audit [--since T]) [--weights W] [--config F]`
    struct Eval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval",
            abstract: "Print the cost saved against the quality kept, for the trivial heuristic and the learned router at several thresholds.",
            discussion: """
                Cost saved: the share of cost below serving every request with the route's default. \
                Quality kept: the share of requests answered well enough (the default always is; the \
                cheapest candidate when the sample's label says it suffices). Without --weights, the \
                learned router is trained on the first --train-share of the set and both routers are \
                evaluated on the rest (held out); with --weights, on the whole set.

                --from-audit evaluates on the organisation's own traffic: the routing features the \
                gateway stored, labelled from the audit trail and the feedback posted to \
                /v1/srooter/feedback exactly as `router train --from-audit` labels them. Use --since \
                to evaluate weights on requests newer than the ones they were trained on.

                Example:
                  srooter router eval --samples routing/synthetic-labelled.jsonl
                  srooter router eval --from-audit --since 2026-12-01T00:00:00Z --weights ./data/router-weights.json --config srooter.yaml
                """
        )

        @OptionGroup var source: LabelledSource

        @Option(help: "A weights file to evaluate (default: train on part of the set); its key is the --config database's.")
        var weights: String?

        @OptionGroup var location: Access.Location

        @Option(help: "The share of the set trained on when no weights are given.")
        var trainShare: Double = 0.7

        @Option(help: "The learned router's thresholds, comma-separated.")
        var thresholds: String = "0.5,0.6,0.7,0.8,0.9"

        func run() async throws {
            try await reportingFailures {
                let cutoffs = thresholds.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                guard !cutoffs.isEmpty, cutoffs.allSatisfy({ (0...1).contains($0) }) else {
                    throw UsageError(description: "--thresholds must be probabilities from 0 to 1, comma-separated")
                }
                guard trainShare > 0, trainShare < 1 else { throw UsageError(description: "--train-share must be between 0 and 1") }
                try source.check()
                // The database is opened only when the audit trail is read or the weights' key is needed.
                let opened = source.fromAudit || weights != nil ? try await location.openVault() : nil
                let set = try await source.read(store: opened?.store, vault: opened?.vault, location: location, purpose: "to evaluate")
                let model: LearnedModel
                let evaluated: ArraySlice<LabelledSample>
                if let weights, let key = opened?.vault.metadata {
                    do throws(WeightsFile.Problem) { model = try WeightsFile.read(weights, key: key) } catch { throw UsageError(description: error.description) }
                    evaluated = set[...]
                    print("weights v\(model.version) from \(weights); evaluated on all \(set.count) samples")
                } else {
                    let split = Int(Double(set.count) * trainShare)
                    guard split > 0, split < set.count else { throw UsageError(description: "\(source.name) is too small to split") }
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

    /// `srooter router bench --config F --model M --body request.json [--iterations N]`
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Time the routing decision for one body on one route (p50 and p99), sending nothing.",
            discussion: """
                Runs --iterations decisions by the router `srooter serve` runs, each timed alone: the \
                request's features measured (as the route stage does; the body is parsed once before, as \
                decode parses it), the strategy's decision, and for a learned route the weights' \
                probability. Every candidate counts as allowed. Prints one line: the route, the decision, \
                and p50, p99 and the slowest in microseconds. bench/router-decision.sh runs it on a release \
                build for a trivial and a learned route.

                Example:
                  srooter router bench --config srooter.yaml --model srooter/auto --body request.json --iterations 100000
                """
        )

        @Option(help: "The configuration file.")
        var config: String

        @Option(help: "The route (or model) to decide for.")
        var model: String

        @Option(help: "The request body (JSON) as a client would send it.")
        var body: String

        @Option(help: "The wire of the body: anthropic-messages, openai-chat or openai-responses.")
        var surface: String = "anthropic-messages"

        @Option(help: "How many decisions to time.")
        var iterations: Int = 100_000

        func run() async throws {
            try await reportingFailures {
                guard (1...10_000_000).contains(iterations) else { throw UsageError(description: "--iterations must be from 1 to 10000000") }
                let surface = try RoutingInputs.surface(self.surface)
                for file in [config, body] where !FileReader.exists(file) { throw UsageError(description: "\(file) does not exist") }
                let gateway = try RoutingInputs.config(config)
                var key: (any MetadataCipher)?
                if gateway.routes[model]?.strategy == .learned {
                    guard FileReader.exists(gateway.databasePath) else {
                        throw UsageError(description: "\(gateway.databasePath) does not exist: the learned route's weights are sealed with its key")
                    }
                    key = try await Access.Location.parse(["--config", config]).openVault().vault.metadata
                }
                let bytes = try FileReader.read(body, limit: 32 << 20)
                let figures: DecisionBench.Figures
                do throws(RouteExplanation.Problem) {
                    figures = try DecisionBench.run(config: gateway, model: model, body: bytes, surface: surface, iterations: iterations, weightsKey: key)
                } catch {
                    throw UsageError(description: error.description)
                }
                func micros(_ nanoseconds: Int) -> String { String(format: "%.2f", Double(nanoseconds) / 1000) }
                print("route \(model): \(figures.kind) → \(figures.model); \(figures.iterations) decisions: p50 \(micros(figures.p50)) µs, p99 \(micros(figures.p99)) µs, max \(micros(figures.max)) µs")
            }
        }
    }
}
