import Testing

@Suite struct ScanEndToEndTests {
    @Test func placeholder() {}
}
