/// What a council spent before its chair answered, call by call, and which members were dropped
/// or had their ranking ignored, and why. Metadata only (models, statuses, token counts, costs):
/// the answers themselves are never kept here. The finish stage charges ``costUSD`` and records
/// ``note(chair:usage:)`` with the chair's own call.
struct CouncilLedger: Sendable {
    enum Stage: String, Sendable {
        case answer, ranking
    }

    /// One member call that was answered (its usage is charged, whatever became of its text).
    struct Call: Sendable {
        let model: ModelConfig
        let stage: Stage
        let usage: Usage
    }

    /// Members in seat order (the note lists them so).
    var members: [String] = []
    var calls: [Call] = []
    /// Why a member was dropped, or its ranking ignored, by member name (`answer: 529`, `ranking: unparsable`).
    var setbacks: [String: [String]] = [:]
    /// Members whose answer did not reach the chair (failed, timed out, or without text).
    var dropped: Set<String> = []

    mutating func charge(_ model: ModelConfig, _ stage: Stage, _ usage: Usage) {
        calls.append(Call(model: model, stage: stage, usage: usage))
    }

    mutating func note(_ member: String, _ what: String) { setbacks[member, default: []].append(what) }

    mutating func drop(_ member: String, _ why: String) {
        dropped.insert(member)
        note(member, why)
    }

    /// The tokens of every member call.
    var usage: Usage {
        calls.reduce(into: Usage()) { $0.add($1.usage) }
    }

    /// The cost of every member call, each at its own model's prices.
    var costUSD: Double { calls.reduce(0) { $0 + $1.model.prices.cost(of: $1.usage) } }

    /// `council: a (in 350, out 84, $0.000210); b dropped (answer: 529); chair a (in 500, out 42, $0.000300)`.
    func note(chair: ModelConfig, usage chairUsage: Usage) -> String {
        func figures(_ usage: Usage, _ cost: Double) -> String {
            "in \(usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens), out \(usage.outputTokens), $\(Self.dollars(cost))"
        }
        var parts: [String] = []
        for member in members {
            let own = calls.filter { $0.model.name == member }
            let spent = own.reduce(into: Usage()) { $0.add($1.usage) }
            let cost = own.reduce(0) { $0 + $1.model.prices.cost(of: $1.usage) }
            let setbacks = self.setbacks[member] ?? []
            var text = member
            if dropped.contains(member) { text += " dropped" }
            var inside: [String] = own.isEmpty ? [] : [figures(spent, cost)]
            inside += setbacks
            if !inside.isEmpty { text += " (" + inside.joined(separator: "; ") + ")" }
            parts.append(text)
        }
        parts.append("chair \(chair.name) (\(figures(chairUsage, chair.prices.cost(of: chairUsage))))")
        return "council: " + parts.joined(separator: ", ")
    }

    /// Six decimals, as the audit trail's costs are micro-dollars.
    static func dollars(_ usd: Double) -> String {
        let micros = Int((usd * 1_000_000).rounded())
        let whole = micros / 1_000_000, fraction = micros % 1_000_000
        let digits = String(fraction)
        return "\(whole)." + String(repeating: "0", count: 6 - digits.count) + digits
    }
}

extension Usage {
    mutating func add(_ other: Usage) {
        inputTokens += other.inputTokens
        outputTokens += other.outputTokens
        cacheReadTokens += other.cacheReadTokens
        cacheWriteTokens += other.cacheWriteTokens
    }
}
