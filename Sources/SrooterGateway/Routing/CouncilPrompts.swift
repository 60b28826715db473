import SrooterRouting
import SrooterWire

/// The requests a council makes besides the members' answers, built from the client's request:
/// the ranking each member is asked for (stage 2) and the chair's (stage 3). Both keep the
/// client's system prompt, earlier turns and settings, and replace the last user turn with a
/// fixed prompt that quotes its text, the anonymous answers and, for the chair, the aggregate
/// ranking. The texts exist in memory only, for the time of the request.
enum CouncilPrompts {
    /// The last user turn's text (its text parts, joined).
    static func question(_ request: WireRequest) -> String {
        guard let last = request.messages.lastIndex(where: { $0.role == .user }) else { return "" }
        return request.messages[last].parts.compactMap { part -> String? in
            if case .text(let text) = part { return text }
            return nil
        }.joined(separator: "\n\n")
    }

    /// The anonymous answers, each as `Response A:` and its text between `<<<` and `>>>`.
    static func quoted(_ answers: [String]) -> String {
        answers.enumerated().map { "\(CouncilRanking.label($0.offset)):\n<<<\n\($0.element)\n>>>" }.joined(separator: "\n\n")
    }

    /// Stage 2: the ranking a member is asked for.
    static func ranking(_ request: WireRequest, answers: [String]) -> WireRequest {
        let text = """
            You are reviewing answers that several assistants gave, independently, to the same question. \
            The assistants are anonymous.

            Question:
            <<<
            \(question(request))
            >>>

            \(quoted(answers))

            Judge each response in a few sentences: is it correct, complete and clear? Then end your reply \
            with the line "\(CouncilRanking.marker)" followed by every response, best first, one per line, \
            numbered, with nothing else on those lines. For example:

            \(CouncilRanking.marker)
            1. Response B
            2. Response A
            """
        return replacingLastTurn(request, with: text, stream: false)
    }

    /// Stage 3: the chair's request, from the question, the answers and the aggregate ranking.
    static func chair(_ request: WireRequest, answers: [String], standings: [CouncilRanking.Standing], rankings: Int) -> WireRequest {
        let ranking = standings.isEmpty
            ? "No usable peer ranking was given."
            : "Peer ranking, best first (mean position over \(rankings) ranking\(rankings == 1 ? "" : "s")): "
                + standings.map { "\(CouncilRanking.label($0.index)) (\(mean($0.meanPosition)))" }.joined(separator: ", ") + "."
        let text = """
            You chair a council of assistants. Each answered the question below on its own; then each \
            ranked all the answers without knowing whose they were.

            Question:
            <<<
            \(question(request))
            >>>

            \(quoted(answers))

            \(ranking)

            Write the final answer to the question for the person who asked it. Draw on the best of the \
            responses and correct what they got wrong. Do not mention the council, the responses or the ranking.
            """
        return replacingLastTurn(request, with: text, stream: request.stream)
    }

    /// `request` with its last user turn's text replaced by `text` (its images kept) and the turns
    /// after it left out.
    private static func replacingLastTurn(_ request: WireRequest, with text: String, stream: Bool) -> WireRequest {
        var out = request
        out.stream = stream
        let last = request.messages.lastIndex(where: { $0.role == .user })
        var parts: [WireRequest.Part] = []
        if let last {
            parts = request.messages[last].parts.filter { if case .image = $0 { return true } else { return false } }
            out.messages = Array(request.messages[..<last])
        }
        out.messages.append(WireRequest.Message(role: .user, parts: parts + [.text(text)]))
        return out
    }

    private static func mean(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
