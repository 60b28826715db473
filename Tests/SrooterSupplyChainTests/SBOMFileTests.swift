import Glibc
import Testing

@testable import SrooterSupplyChain

/// Reading SBOM files: the size limit comes before parsing, and non-JSON is unusable input.
@Suite struct SBOMFileTests {
    @Test func notJSONIsUnusableInput() throws {
        let folder = TemporaryFolder()
        let file = try folder.write("bad.json", "{\"bomFormat\": \"CycloneDX\",")
        #expect(throws: SBOMError.self) { _ = try SBOMFile.read(file) }
        do {
            _ = try SBOMFile.read(file)
        } catch {
            guard case .notJSON(let path, _) = error else { Issue.record("\(error)"); return }
            #expect(path == file)
            #expect(error.kind.exitCode == 2)
        }
    }

    @Test func topLevelArrayIsNotADocument() throws {
        let folder = TemporaryFolder()
        let file = try folder.write("array.json", "[]")
        do {
            _ = try SBOMFile.read(file)
            Issue.record("an array was accepted")
        } catch {
            guard case .notJSON = error else { Issue.record("\(error)"); return }
        }
    }

    @Test func fileOverSixtyFourMebibytesIsRefusedBeforeParsing() throws {
        let folder = TemporaryFolder()
        let file = try folder.write("huge.json", "{}")
        // A sparse file: large on paper, cheap on disk.
        #expect(truncate(file, off_t(SBOMError.sizeLimit + 1)) == 0)
        do {
            _ = try SBOMValidator.validate(file: file)
            Issue.record("a file over the limit was read")
        } catch {
            guard case .file(.tooLarge(let path, let size, let limit)) = error else { Issue.record("\(error)"); return }
            #expect(path == file && size == SBOMError.sizeLimit + 1 && limit == 64 << 20)
            #expect(error.kind.exitCode == 2)
        }
    }

    @Test func missingFileNamesThePath() throws {
        do {
            _ = try SBOMFile.read("/nonexistent/sbom.json")
            Issue.record("a missing file was read")
        } catch {
            #expect(error.singleLine == "/nonexistent/sbom.json: no such file")
        }
    }
}
