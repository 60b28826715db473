import Foundation
import SrooterTestSupport
import Testing
@testable import SrooterGateway

/// The README's worked example of the prompt hash is what srooter records: the body, the
/// canonical text and the digest are read from README.md itself, the digest checked against
/// `sha256sum` of the canonical text and against srooter's hash of the body.
@Suite struct PromptHashReadmeTests {
    static let readme: String = {
        var path = #filePath
        for _ in 0..<3 { path = (path as NSString).deletingLastPathComponent }
        return (try? String(contentsOfFile: path + "/README.md", encoding: .utf8)) ?? ""
    }()

    /// The text between the first `start` after `anchor` and the next `end`.
    static func between(_ start: String, _ end: String, after anchor: String) -> String? {
        guard let at = readme.range(of: anchor), let open = readme.range(of: start, range: at.upperBound..<readme.endIndex),
            let close = readme.range(of: end, range: open.upperBound..<readme.endIndex)
        else { return nil }
        return String(readme[open.upperBound..<close.lowerBound])
    }

    @Test func theWorkedExampleIsWhatSrooterRecords() async throws {
        let body = try #require(Self.between("Responses body\n`", "` is hashed as", after: "Worked example"))
        let canonical = try #require(Self.between("printf '%s' '", "' | sha256sum", after: "Worked example"))
        let digest = try #require(Self.between("# ", "  -", after: "| sha256sum"))
        #expect(digest.count == 64)
        #expect(try await IndependentDigest.sha256Hex(canonical) == digest)
        #expect(try RequestSummary(body: Array(body.utf8), surface: .openAIResponses).promptSHA256 == digest)
        // Hashed under `system` and `messages`, not under the Responses names.
        #expect(canonical.contains(#""system":"#) && canonical.contains(#""messages":"#) && !canonical.contains("instructions"))
    }
}
