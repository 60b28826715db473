import ArgumentParser
import SrooterSupplyChain

#if canImport(Glibc)
import Glibc
#endif

/// `srooter verify FILE` and `srooter verify --self`
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a release archive, a signed file, or (with --self) the running srooter itself.",
        discussion: """
            A release archive (a name ending in .tar.gz) gets the full check, each step named when it \
            fails: its signature against the trust folder (revocations honoured) before anything inside \
            is read; size and entry limits; release.json's signature and trusted comment; every file's \
            size and hashes; the SBOM (valid, naming the binary) and pins; the provenance envelope; expiry; \
            that it is not older than the newest release this machine accepted (--state-dir), and \
            that it is not dated more than --max-clock-skew ahead of the clock. The acceptance is then \
            recorded in --state-dir; failing to record it fails verification.

            --self checks the running srooter against a root of trust outside its release folder: the \
            keys and release that `install` pinned in PREFIX/state/trust.json, and the trust folder \
            (--trust-dir; else the one pinned at install; else /etc/srooter/keys).

            Any other file gets a minisign signature check: the key id against --pubkey or the trust \
            folder's *.pub keys, the signature over the file's BLAKE2b-512, then the trusted comment.

            What is verified is told by the file's name (.tar.gz: a release archive) or --self; an \
            option that does not apply to it (--pubkey, --allow-legacy or --sig with a release or \
            --self; the release options --state-dir, --max-clock-skew, --allow-downgrade, --scan-db, \
            --fail-on and --json with a signed file or --self) is refused, never ignored.

            Exit code 1 means verification failed; 2 means unusable input.

            Example:
              srooter verify srooter-1.0.0-linux-x86_64.tar.gz --trust-dir keys/
              srooter verify notes.txt --pubkey release.pub --sig notes.txt.minisig
              srooter verify --self
            """
    )

    @Argument(help: "The release archive or signed file to verify.")
    var file: String?

    @Option(help: "Verify a plain file against this public key only (NAME.pub).")
    var pubkey: String?

    @OptionGroup var trust: ReleaseTrustOptions

    @Flag(help: "Accept legacy non-prehashed (Ed) signatures on plain files.")
    var allowLegacy = false

    @Flag(name: .customLong("self"), help: "Check that the running executable is the binary its release folder signed.")
    var checkSelf = false

    @Flag(help: "Print the release report as JSON.")
    var json = false

    func validate() throws {
        if checkSelf == (file != nil) { throw ValidationError("give either a FILE or --self") }
    }

    /// What is being verified.
    enum Subject: String {
        case release = "a release archive (a name ending in .tar.gz)"
        case signedFile = "a signed file"
        case running = "--self"
    }

    var subject: Subject { checkSelf ? .running : file?.hasSuffix(".tar.gz") == true ? .release : .signedFile }

    /// The first option given that `subject`'s check would not use, or nil.
    func misplacedOption() -> String? {
        var given: [(name: String, usedBy: Set<Subject>)] = []
        if pubkey != nil { given.append(("--pubkey", [.signedFile])) }
        if allowLegacy { given.append(("--allow-legacy", [.signedFile])) }
        if trust.sig != nil { given.append(("--sig", [.signedFile, .release])) }
        if json { given.append(("--json", [.release])) }
        given += trust.releaseOnly.map { ($0, [.release]) }
        return given.first { !$0.usedBy.contains(subject) }?.name
    }

    func run() throws {
        try reportingFailures {
            if let option = misplacedOption() {
                let hint = subject == .release && option == "--pubkey" ? " (a release is checked against the trust folder: --trust-dir)" : ""
                throw UsageError(description: "\(option) does not apply to \(subject.rawValue)\(hint)")
            }
            if checkSelf {
                let result = try SelfCheck.run(trustDir: trust.trustDir)
                print("Self-check passed: srooter \(result.version) in \(result.releaseDir), signed by \(result.signer) (trust folder \(result.trustDir))")
            } else if let file, file.hasSuffix(".tar.gz") {
                try verifyRelease(file)
            } else if let file {
                try verifyFile(file)
            }
        }
    }

    private func verifyRelease(_ archive: String) throws {
        let verifier = ReleaseVerifier(archive: archive, options: try trust.options(now: Int64(time(nil))))
        let (report, manifest) = try verifier.verify()
        try verifier.recordAcceptance(manifest)
        if json {
            writeStandardOutput(try StableJSON.encode(report))
        } else {
            print("Release verified: srooter \(report.version) (seq \(report.sequence))")
            print("  signed by key \(report.signer) (\(report.signerKeyFile))")
            print("  \(report.files) files, \(report.components) SBOM components, expires \(report.expires)")
        }
    }

    private func verifyFile(_ file: String) throws {
        let signatureFile = trust.sig ?? "\(file).minisig"
        guard FileReader.exists(file) else { throw FileError.missing(path: file) }
        let signature = try MinisignSignature(contentsOf: signatureFile)
        let verified: VerifiedSignature
        if let pubkey {
            let key = try MinisignPublicKey(contentsOf: pubkey)
            // The revocation list applies even when a key is named directly; a trust folder that
            // was named must exist, and without one the output says revocations went unchecked.
            let revocationsChecked = FileReader.exists(trust.trustFolder)
            if !revocationsChecked, let named = trust.trustDir { throw FileError.missing(path: named) }
            if try TrustStore.revocations(in: trust.trustFolder).contains(signature.keyID) {
                throw SigningError.revokedKey(id: signature.keyID, list: "\(trust.trustFolder)/revoked")
            }
            if !revocationsChecked {
                printWarning("revocations were not checked: no trust folder \(trust.trustFolder) (pass --trust-dir DIR)")
            }
            verified = try SignatureVerifier.verify(
                .file(file), signature: signature, signatureFile: signatureFile, key: key, keyFile: pubkey,
                allowLegacy: allowLegacy)
        } else {
            verified = try SignatureVerifier.verify(
                .file(file), signature: signature, signatureFile: signatureFile,
                trust: try TrustStore(directory: trust.trustFolder), allowLegacy: allowLegacy)
        }
        print("Signature and comment signature verified")
        print("Key id: \(verified.keyID.hex) (\(verified.keyFile))")
        print("Trusted comment: \(verified.trustedComment)")
    }
}
