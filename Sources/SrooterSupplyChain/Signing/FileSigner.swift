/// Makes prehashed (`ED`) minisign signatures. The file is hashed as a stream, so memory stays
/// flat for any file size.
public enum FileSigner {
    /// minisign's default trusted comment, `timestamp:<unix>\tfile:<basename>\thashed`,
    /// with `\tversion:<label>` appended when a version label is given.
    public static func defaultTrustedComment(forFile path: String, timestamp: Int, versionLabel: String? = nil) -> String {
        var comment = "timestamp:\(timestamp)\tfile:\(PathName.base(of: path))\thashed"
        if let versionLabel { comment += "\tversion:\(versionLabel)" }
        return comment
    }

    /// Signs the file at `path`.
    public static func sign(
        file path: String, with key: MinisignSecretKey, trustedComment: String
    ) throws(SigningError) -> MinisignSignature {
        let digest: [UInt8]
        do { digest = try Blake2b.hashFile(path) } catch { throw .file(error) }
        return try sign(prehash: digest, with: key, trustedComment: trustedComment, file: path)
    }

    /// Signs bytes held in memory (a manifest, say).
    public static func sign(
        bytes: [UInt8], with key: MinisignSecretKey, trustedComment: String, name: String
    ) throws(SigningError) -> MinisignSignature {
        try sign(prehash: Blake2b.hash(bytes), with: key, trustedComment: trustedComment, file: name)
    }

    private static func sign(
        prehash: [UInt8], with key: MinisignSecretKey, trustedComment: String, file: String
    ) throws(SigningError) -> MinisignSignature {
        guard MinisignText.isPrintable(trustedComment),
            (MinisignText.trustedPrefix + trustedComment).utf8.count < MinisignSignature.maxTrustedLineLength
        else { throw .unprintableTrustedComment(file: file) }
        let signature = key.sign(prehash)
        let global = key.sign(signature + Array(trustedComment.utf8))
        return MinisignSignature(
            algorithm: .prehashed, keyID: key.keyID, signature: signature,
            untrustedComment: "signature from srooter secret key", trustedComment: trustedComment,
            globalSignature: global)
    }
}
