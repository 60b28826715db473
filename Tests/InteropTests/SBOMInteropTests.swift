import Testing

@testable import SrooterSupplyChain

/// This project's own SBOM, made by the built `srooter`, judged by the official CycloneDX
/// schema (cyclonedx-python-lib) and by the facts it claims.
@Suite(.serialized) struct SBOMInteropTests {
    @Test func validatesWithTheOfficialSchema() async throws {
        let folder = TemporaryFolder()
        let sbom = "\(folder.path)/srooter.cdx.json"
        let generated = try await Interop.generateSBOM(to: sbom)
        #expect(generated.status == 0, "\(Interop.errorLines(generated))")
        let script = """
            import sys
            from cyclonedx.validation.json import JsonStrictValidator
            from cyclonedx.schema import SchemaVersion
            print(repr(JsonStrictValidator(SchemaVersion.V1_6).validate_str(open(sys.argv[1]).read())))
            """
        let checked = try await Interop.run(Interop.python, ["-c", script, sbom], timeLimit: 120)
        #expect(checked.status == 0, "\(Interop.errorLines(checked)); run `make deps` for the Python environment")
        #expect(checked.output == "None\n")
        let ours = try await Interop.srooter(["sbom", "validate", sbom])
        #expect(ours.status == 0, "\(ours.output)")
    }

    @Test func swiftComponentsMatchPackageResolvedOneForOne() async throws {
        let folder = TemporaryFolder()
        let sbom = "\(folder.path)/srooter.cdx.json"
        #expect(try await Interop.generateSBOM(to: sbom).status == 0)
        let document = try StableJSON.decode(JSONValue.self, from: Array(try Interop.read(sbom).utf8))
        let resolved = try StableJSON.decode(JSONValue.self, from: Array(try Interop.read("\(Interop.packageRoot)/Package.resolved").utf8))

        // Expected purls, worked out here from each pin's location: no srooter code involved.
        var expected: [String: String] = [:]
        for pin in resolved["pins"]?.array ?? [] {
            var location = try #require(pin["location"]?.string)
            for prefix in ["https://", "http://"] where location.hasPrefix(prefix) { location.removeFirst(prefix.count) }
            if location.hasSuffix(".git") { location.removeLast(4) }
            let version = try #require(pin["state"]?["version"]?.string)
            expected["pkg:swift/\(location)@\(version)"] = pin["state"]?["revision"]?.string
        }
        let swiftComponents = (document["components"]?.array ?? []).filter { $0["purl"]?.string?.hasPrefix("pkg:swift/") == true }
        #expect(!expected.isEmpty)
        #expect(swiftComponents.count == expected.count)
        #expect(Set(swiftComponents.compactMap { $0["purl"]?.string }) == Set(expected.keys))
        for component in swiftComponents {
            let purl = component["purl"]?.string ?? ""
            let properties = (component["properties"]?.array ?? []).reduce(into: [String: String]()) {
                $0[$1["name"]?.string ?? ""] = $1["value"]?.string
            }
            #expect(properties["srooter:swift:revision"] == expected[purl], "\(purl)")
            #expect(SourceTree.isObjectID(properties["srooter:swift:tree-hash"] ?? ""), "\(purl)")
            #expect(component["externalReferences"]?.array?.first?["type"]?.string == "vcs")
        }
    }

    @Test func sameInputsGiveByteIdenticalSBOMs() async throws {
        let folder = TemporaryFolder()
        let first = "\(folder.path)/one.json"
        let second = "\(folder.path)/two.json"
        #expect(try await Interop.generateSBOM(to: first, epoch: "1234567890").status == 0)
        #expect(try await Interop.generateSBOM(to: second, epoch: "1234567890").status == 0)
        let text = try Interop.read(first)
        #expect(text == (try Interop.read(second)))
        #expect(text.contains("\"timestamp\" : \"2009-02-13T23:31:30Z\""))
        // A different epoch is a different document with a different serial number.
        let third = "\(folder.path)/three.json"
        #expect(try await Interop.generateSBOM(to: third, epoch: "1234567891").status == 0)
        let serials = try [first, third].map { try StableJSON.decode(JSONValue.self, from: Array(try Interop.read($0).utf8))["serialNumber"]?.string }
        #expect(serials[0] != nil && serials[0] != serials[1])
    }

    @Test func binaryHashesAndLinkedLibrariesAreTheRealOnes() async throws {
        let folder = TemporaryFolder()
        let sbom = "\(folder.path)/srooter.cdx.json"
        #expect(try await Interop.generateSBOM(to: sbom).status == 0)
        let document = try StableJSON.decode(JSONValue.self, from: Array(try Interop.read(sbom).utf8))
        // sha256sum is the oracle for the binary's hash.
        let sum = try Subprocess.run("sha256sum", [Interop.srooter])
        let expectedHash = String(sum.output.prefix(64))
        let hashes = document["metadata"]?["component"]?["hashes"]?.array ?? []
        #expect(hashes.first { $0["alg"]?.string == "SHA-256" }?["content"]?.string == expectedHash)
        #expect(hashes.first { $0["alg"]?.string == "BLAKE2b-512" }?["content"]?.string?.count == 128)
        // srooter links libsodium: its Debian package, at the installed version, with its source.
        let installed = try Subprocess.run("dpkg-query", ["-W", "-f=${Version}", "libsodium23"]).output
        let sodium = (document["components"]?.array ?? []).first { $0["name"]?.string == "libsodium23" }
        #expect(sodium?["version"]?.string == installed)
        let purl = try #require(sodium?["purl"]?.string.flatMap(PackageURL.init(parsing:)))
        #expect(purl.type == "deb" && purl.version == installed && purl.qualifier("upstream") == "libsodium")
        #expect(purl.qualifier("distro")?.hasPrefix("debian-") == true)
        let root = (document["dependencies"]?.array ?? []).first { $0["ref"] == document["metadata"]?["component"]?["bom-ref"] }
        #expect(root?["dependsOn"]?.array?.contains(.string(purl.description)) == true)
    }

    @Test func diffOfADocumentWithItselfIsEmpty() async throws {
        let folder = TemporaryFolder()
        let sbom = "\(folder.path)/srooter.cdx.json"
        #expect(try await Interop.generateSBOM(to: sbom).status == 0)
        let diff = try await Interop.srooter(["sbom", "diff", sbom, sbom])
        #expect(diff.status == 0 && diff.output == "no component changes\n")
    }
}
