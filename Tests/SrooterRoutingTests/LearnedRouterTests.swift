import Foundation
import SrooterRouting
import SrooterStore
import SrooterTestSupport
import SrooterVault
import Synchronization
import Testing
@testable import SrooterGateway

/// The learned router: its decisions, its weights file, training and evaluation on the shipped
/// synthetic set (routing/synthetic-labelled.jsonl, made by scripts/make-synthetic-routing-set.py
/// with a known ground truth), and the session's earlier outcomes through the request path.
@Suite struct LearnedRouterTests {
    static var root: String {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
        return path
    }

    static func synthetic() throws -> [LabelledSample] {
        let data = try #require(FileManager.default.contents(atPath: root + "/routing/synthetic-labelled.jsonl"))
        return try LabelledSamples.parse(Array(data))
    }

    /// Weights with only a bias (and optionally the session failure rate's weight).
    static func model(bias: Double, sessionFailureRate: Double = 0, version: Int = 1) -> LearnedModel {
        var weights = [Double](repeating: 0, count: LearnedModel.featureNames.count)
        weights[0] = bias
        weights[LearnedModel.featureNames.firstIndex(of: "session_failure_rate")!] = sessionFailureRate
        return LearnedModel(weights: weights, version: version)
    }

    let route = Route(name: "smart", strategy: .learned, candidates: ["dear", "cheap"], learned: LearnedSettings(weightsFile: "w.json", threshold: 0.7))
    let candidates = [Candidate(model: "dear", provider: "p", price: 18, allowed: true), Candidate(model: "cheap", provider: "p", price: 6, allowed: true)]

    @Test func theProbabilityAgainstTheThresholdDecides() async throws {
        // sigmoid(2) = 0.8808 ≥ 0.7; sigmoid(-2) = 0.1192 < 0.7
        let yes = try RoutePlanner.plan(route, candidates: candidates, features: RequestFeatures(), affinity: nil, learned: Self.model(bias: 2))
        #expect(yes.model == "cheap" && yes.kind == .learned && yes.reason == "learned: p 0.881 ≥ 0.7 (weights v1)")
        let no = try RoutePlanner.plan(route, candidates: candidates, features: RequestFeatures(), affinity: nil, learned: Self.model(bias: -2))
        #expect(no.model == "dear" && no.kind == .direct && no.reason == "learned: p 0.119 < 0.7 (weights v1)")
        let none = try RoutePlanner.plan(route, candidates: candidates, features: RequestFeatures(), affinity: nil, learned: nil)
        #expect(none.model == "dear" && none.reason == "learned: no weights loaded; the default")
    }

    /// Trained on the first 70% of the synthetic set and evaluated on the other 30%: at a
    /// threshold whose quality is at least the trivial heuristic's, the learned router costs less.
    /// The trivial heuristic's figures on the held-out part were computed independently by a Python
    /// replay of the set (2.52% saved, 99.03% kept).
    @Test func learnedBeatsTrivialCostAtTheSameQuality() async throws {
        let samples = try Self.synthetic()
        #expect(samples.count == 2400)
        let split = samples.count * 7 / 10
        let model = LearnedModel(weights: LearnedModel.fit(samples[..<split].map { ($0.features, $0.cheapSuffices) }), version: 1)
        let points = RouterEvaluation.compare(Array(samples[split...]), model: model, cutoffs: [0.5, 0.6, 0.7, 0.8, 0.9])
        let trivial = try #require(points.first)
        #expect(abs(trivial.costSaved - 0.0252) < 0.0005 && abs(trivial.qualityKept - 0.9903) < 0.0005, "\(trivial)")
        let matching = points.dropFirst().filter { $0.qualityKept >= trivial.qualityKept }
        let best = try #require(matching.max { $0.costSaved < $1.costSaved }, "no learned threshold keeps the trivial quality: \(points)")
        #expect(best.costSaved > trivial.costSaved * 2, "learned \(best) against trivial \(trivial)")
    }

    /// A metadata key of a fresh database (what seals the weights file).
    static func key() async throws -> MetadataKeys {
        let folder = TemporaryDirectory()
        let store = try Store(path: folder.file("srooter.db"))
        return try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path)).metadata
    }

    @Test func theWeightsFileRoundTripsAndRefusesOthers() async throws {
        let key = try await Self.key()
        let model = Self.model(bias: 0.25, sessionFailureRate: -3.5, version: 7)
        let text = WeightsFile.text(model, samples: 12, key: key)
        #expect(try WeightsFile.parse(Array(text.utf8), key: key) == model)
        #expect(!text.contains("0.25") && !text.contains("-3.5"), "the weights are sealed: \(text)")
        let shorter = text.replacingOccurrences(of: #""bias","#, with: "")
        #expect(throws: WeightsFile.Problem.self) { try WeightsFile.parse(Array(shorter.utf8), key: key) }
        #expect(throws: WeightsFile.Problem.invalid("\"format\" is not \"srooter-router-weights/2\"")) {
            try WeightsFile.parse(Array(#"{"format":"other","version":1}"#.utf8), key: key)
        }
    }

    /// The seal covers the weights, the version, the sample count and the feature list: a file
    /// with any of them changed, or sealed with another database's key, is refused.
    @Test func aTamperedOrForeignWeightsFileIsRefused() async throws {
        let key = try await Self.key()
        let text = WeightsFile.text(Self.model(bias: 1, version: 3), samples: 12, key: key)
        let foreign = WeightsFile.text(Self.model(bias: 1, version: 3), samples: 12, key: try await Self.key())
        #expect(throws: WeightsFile.Problem.sealedElsewhere) { try WeightsFile.parse(Array(foreign.utf8), key: key) }
        let raised = text.replacingOccurrences(of: #""version":3"#, with: #""version":9"#)
        #expect(raised != text)
        #expect(throws: WeightsFile.Problem.sealedElsewhere) { try WeightsFile.parse(Array(raised.utf8), key: key) }
        let resized = text.replacingOccurrences(of: #""samples":12"#, with: #""samples":13"#)
        #expect(throws: WeightsFile.Problem.sealedElsewhere) { try WeightsFile.parse(Array(resized.utf8), key: key) }
        // One hex digit of the sealed weights flipped.
        let sealed = try #require(text.range(of: #""sealed":""#)).upperBound
        let at = text.index(sealed, offsetBy: 40)
        let flipped = text.replacingCharacters(in: at...at, with: text[at] == "0" ? "1" : "0")
        #expect(throws: WeightsFile.Problem.sealedElsewhere) { try WeightsFile.parse(Array(flipped.utf8), key: key) }
        // The old plain format (weights in the clear) is not read.
        let plain = #"{"format":"srooter-router-weights/1","version":4,"samples":1,"features":[],"weights":[]}"#
        #expect(throws: WeightsFile.Problem.self) { try WeightsFile.parse(Array(plain.utf8), key: key) }
        #expect(WeightsFile.Problem.sealedElsewhere.description.contains("altered or sealed with another database's key"))
    }

    @Test func anOversizedWeightsFileIsRefused() async throws {
        let folder = TemporaryDirectory()
        let path = folder.file("huge.json")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 64 << 20)  // sparse: 64 MiB of nothing
        try handle.close()
        let key = try await Self.key()
        #expect(throws: WeightsFile.Problem.invalid("larger than 1048576 bytes")) { try WeightsFile.read(path, key: key) }
    }

    @Test func labelledSamplesNameTheirBadLine() {
        let text = """
            {"features":{"token_estimate":10},"cheap_suffices":true,"cost_default_usd":0.3,"cost_cheap_usd":0.1}

            {"features":{"token_estimate":-1},"cheap_suffices":true,"cost_default_usd":0.3,"cost_cheap_usd":0.1}
            """
        #expect(throws: LabelledSamples.Problem.self) { try LabelledSamples.parse(Array(text.utf8)) }
        do {
            _ = try LabelledSamples.parse(Array(text.utf8))
        } catch {
            #expect(error.description == "line 3: features.token_estimate must be a whole number of at least 0")
        }
    }

    @Test func serveReadsNewWeightsWhenTheFileChanges() async throws {
        let folder = TemporaryDirectory()
        let key = try await Self.key()
        let path = folder.file("weights.json")
        try WeightsFile.text(Self.model(bias: 1, version: 1), samples: 1, key: key).write(toFile: path, atomically: true, encoding: .utf8)
        let reports = Mutex<[String]>([])
        let live = LiveWeights(path: path, key: key, recheckSeconds: 0, report: { line in reports.withLock { $0.append(line) } })
        #expect(live.current()?.version == 1)
        try WeightsFile.text(Self.model(bias: 1, version: 2), samples: 1, key: key).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(live.current()?.version == 2)
        try "not weights".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(live.current()?.version == 2, "a broken file keeps the weights already loaded")
        // A file sealed with another database's key, or altered, is refused with one line; v2 stays.
        try WeightsFile.text(Self.model(bias: -1, version: 3), samples: 1, key: try await Self.key()).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(live.current()?.version == 2)
        #expect(live.current()?.version == 2)
        let lines = reports.withLock { $0 }
        #expect(lines.count == 2, "one report per refused version of the file: \(lines)")
        #expect(lines.last == "learned weights \(path) refused, keeping v2: \(WeightsFile.Problem.sealedElsewhere.description)")
        #expect(lines.allSatisfy { !$0.contains("\n") })
    }

    /// The session's earlier outcomes reach the learned model: the cheap model fails the
    /// conversation's first turn, so its second goes to the default (weights: bias +2, session
    /// failure rate -10: p = 0.88 without failures, 0.0003 after one failure in one request).
    @Test func aSessionsFailuresMoveItToTheDefault() async throws {
        var harness = try await RoutingHarness()
        harness.model("dear", provider: "local", input: 3, output: 15)
        harness.model("cheap", provider: "local", input: 1, output: 5)
        let weights = harness.folder.file("weights.json")
        try WeightsFile.text(Self.model(bias: 2, sessionFailureRate: -10, version: 4), samples: 1, key: harness.metadata)
            .write(toFile: weights, atomically: true, encoding: .utf8)
        harness.config.routes.routes["smart"] = Route(name: "smart", strategy: .learned, candidates: ["dear", "cheap"],
                                                      learned: LearnedSettings(weightsFile: weights, threshold: 0.7))
        let provider = ScriptedProvider(name: "local", answers: ["cheap-up": .status(500, headers: [])])
        var config = harness.config
        config.providers["local"] = provider.config
        let router = TableRouter(config: config, weightsKey: harness.metadata)
        let finish = Finish(audit: harness.records, feedback: RouterFeedback(learner: router))
        let wired = Pipeline(config: config, providers: ["local": provider], keys: harness.keys, finish: finish, logger: .init(label: "test"), router: router)
        let first = #"{"model":"smart","messages":[{"role":"user","content":"start"}]}"#
        let second = #"{"model":"smart","messages":[{"role":"user","content":"start"},{"role":"assistant","content":"a"},{"role":"user","content":"again"}]}"#
        let failed = await wired.handle(harness.chat(first), surface: .openAIChat)
        #expect(failed.status.code == 500)
        let served = await wired.handle(harness.chat(second), surface: .openAIChat)
        #expect(served.status == .ok)
        let records = harness.records.all
        #expect(records.map(\.routing) == ["learned", "direct"] && records.map(\.servedModel) == ["cheap-up", "dear-up"])
        #expect(records.first?.note == "route smart: learned: p 0.881 ≥ 0.7 (weights v4)")
        #expect(records.last?.note == "route smart: learned: p 0.0 < 0.7 (weights v4)")
    }
}
