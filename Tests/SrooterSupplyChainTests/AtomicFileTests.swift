import Glibc
import SrooterTestSupport
import Testing
@testable import SrooterSupplyChain

@Suite struct AtomicFileTests {
    @Test func refusesToOverwriteAndLeavesNoTemporaryFile() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("k.key", "original")
        #expect(throws: FileError.exists(path: path)) {
            try AtomicFile.write("replacement", to: path, mode: 0o600, overwrite: false)
        }
        #expect(dir.read("k.key") == Array("original".utf8))
        #expect(dir.names() == ["k.key"])
    }

    @Test func writesWithTheRequestedMode() throws {
        let dir = TemporaryDirectory()
        try AtomicFile.write("secret", to: dir.file("s.key"), mode: 0o600, overwrite: false)
        var info = stat()
        #expect(lstat(dir.file("s.key"), &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        try AtomicFile.write("new", to: dir.file("s.key"))
        #expect(dir.read("s.key") == Array("new".utf8))
        #expect(dir.names() == ["s.key"])
    }

    @Test func failedWriteLeavesNothing() {
        #expect(throws: FileError.self) { try AtomicFile.write("x", to: "/nonexistent-dir/f") }
    }
}
