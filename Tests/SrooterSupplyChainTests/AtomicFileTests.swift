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

    @Test func aMissingFolderIsNamedInTheError() {
        #expect(throws: FileError.unwritable(path: "/nonexistent-dir/f", reason: "No such file or directory")) {
            try AtomicFile.write("x", to: "/nonexistent-dir/f")
        }
    }

    /// The rename fails after the temporary file was written (a folder is in the way): the error
    /// says why, the folder is untouched, and no temporary file is left beside it.
    @Test func aFailedRenameLeavesNoTemporaryFile() throws {
        let dir = TemporaryDirectory()
        let target = dir.file("target")
        #expect(mkdir(target, 0o755) == 0)
        _ = dir.write("target/inside", "kept")
        #expect(throws: FileError.unwritable(path: target, reason: "Is a directory")) {
            try AtomicFile.write("replacement", to: target)
        }
        #expect(dir.names() == ["target"])
        #expect(dir.read("target/inside") == Array("kept".utf8))
    }
}
