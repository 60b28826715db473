import Testing

@testable import SrooterGateway

@Suite("Byte search")
struct ByteSearchTests {
    @Test("finds a needle anywhere, including at both ends and after a false start")
    func finds() {
        #expect("{\"usage\":{}}".containsBytes("\"usage\""))
        #expect("abc".containsBytes("abc"))
        #expect("xxabc".containsBytes("abc"))
        #expect("abab\"usagx\"usage\"".containsBytes("\"usage\""))
        #expect("mock:hang".containsBytes(""))
    }

    @Test("reports absence, including a needle longer than the text and a cut-off match")
    func misses() {
        #expect(!"{\"usag\":1}".containsBytes("\"usage\""))
        #expect(!"ab".containsBytes("abc"))
        #expect(!"".containsBytes("a"))
        #expect(!"xxab".containsBytes("abc"))
    }

    @Test("matches bytes, so non-ASCII text around the needle does not matter")
    func unicode() {
        #expect("héllo \"usage\" wörld".containsBytes("\"usage\""))
        #expect(!"e\u{301}".containsBytes("é"))
    }
}
