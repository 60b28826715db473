/// A license recognised in a package's source: an SPDX id, an SPDX expression (for a license
/// with an exception), or, when it is not one srooter recognises, a name.
public enum DetectedLicense: Sendable, Equatable {
    case spdx(String)
    case expression(String)
    case named(String)
}

/// Finds and recognises the license file at the top of a source checkout.
///
/// Recognised as SPDX ids: Apache-2.0 (with the Swift runtime library exception as the
/// expression `Apache-2.0 WITH Swift-exception`), MIT, BSD-2-Clause, BSD-3-Clause, ISC and
/// MPL-2.0. Any other license is reported by name: the first line of its file.
public enum LicenseDetector {
    /// The file names looked for, in order.
    public static let fileNames = ["LICENSE", "LICENSE.txt", "LICENSE.md", "COPYING", "COPYING.txt", "COPYING.md"]

    /// The license of the checkout at `directory`, or nil when it has no license file.
    public static func detect(inDirectory directory: String) -> DetectedLicense? {
        for name in fileNames {
            guard let bytes = try? FileReader.read("\(directory)/\(name)", limit: 1 << 20) else { continue }
            return detect(text: String(decoding: bytes, as: UTF8.self))
        }
        return nil
    }

    /// Recognises a license from its text.
    public static func detect(text: String) -> DetectedLicense {
        let words = normalise(text)
        if words.contains("apache license") && words.contains("version 2.0") {
            return words.contains("runtime library exception") ? .expression("Apache-2.0 WITH Swift-exception") : .spdx("Apache-2.0")
        }
        if words.contains("mozilla public license") && (words.contains("version 2.0") || words.contains("v. 2.0")) {
            return .spdx("MPL-2.0")
        }
        if words.contains("permission is hereby granted, free of charge, to any person obtaining a copy") {
            return .spdx("MIT")
        }
        if words.contains("permission to use, copy, modify, and/or distribute this software for any purpose")
            || words.contains("permission to use, copy, modify, and distribute this software for any purpose")
        {
            return .spdx("ISC")
        }
        if words.contains("redistribution and use in source and binary forms") {
            let endorse = words.contains("may be used to endorse or promote products")
            return .spdx(endorse ? "BSD-3-Clause" : "BSD-2-Clause")
        }
        return .named(firstLine(of: text))
    }

    /// Lower case with every run of whitespace (and markdown emphasis) folded to one space.
    static func normalise(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in text.lowercased() {
            if character.isWhitespace || character == "*" || character == "#" || character == "_" {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.append(character)
        }
        return out
    }

    /// The first non-blank line, trimmed and shortened, to name an unrecognised license.
    static func firstLine(of text: String) -> String {
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = Substring(line.filter { $0 != "#" && $0 != "*" }).trimmedOfWhitespace
            if !trimmed.isEmpty { return String(trimmed.prefix(120)) }
        }
        return "unrecognised license"
    }
}
