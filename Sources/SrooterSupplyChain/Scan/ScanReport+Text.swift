extension ScanReport {
    /// The report as an aligned text table (id, aliases, component, installed version, fixed
    /// version, severity), then the VEX-suppressed findings with their justification, then a
    /// summary line. Warnings are not included: print them to stderr.
    public func text(failOn threshold: Severity) -> String {
        var out = ""
        if findings.isEmpty {
            out += "No vulnerabilities found.\n"
        } else {
            var rows = [["ID", "ALIASES", "COMPONENT", "INSTALLED", "FIXED", "SEVERITY"]]
            for finding in findings {
                let aliases = finding.aliases.count > 2
                    ? finding.aliases.prefix(2).joined(separator: ",") + ",+\(finding.aliases.count - 2)"
                    : finding.aliases.joined(separator: ",")
                var severity = finding.rating.severity.rawValue
                if let score = finding.rating.score { severity += " (\(score))" }
                if let statement = finding.statement { severity += " [vex: \(statement.state.rawValue)]" }
                rows.append([
                    finding.id, aliases.isEmpty ? "-" : aliases, finding.component.name, finding.component.version ?? finding.component.revision ?? "-",
                    finding.fixed.isEmpty ? "-" : finding.fixed.joined(separator: ","), severity,
                ])
            }
            out += Self.table(rows)
        }
        if !suppressed.isEmpty {
            out += "\nSuppressed by VEX (\(suppressed.count)):\n"
            var rows = [["ID", "COMPONENT", "INSTALLED", "STATE", "JUSTIFICATION", "DETAIL"]]
            for finding in suppressed {
                let statement = finding.statement
                rows.append([
                    finding.id, finding.component.name, finding.component.version ?? "-", statement?.state.rawValue ?? "-",
                    statement?.justification ?? "-", statement?.detail ?? "-",
                ])
            }
            out += Self.table(rows)
        }
        var counts: [String] = []
        for level in Severity.allCases {
            let count = findings.filter { $0.rating.severity == level }.count
            if count > 0 { counts.append("\(count) \(level.rawValue)") }
        }
        let failing = failing(at: threshold).count
        out += "\n\(findings.count) finding\(findings.count == 1 ? "" : "s")"
        if !counts.isEmpty { out += " (\(counts.joined(separator: ", ")))" }
        out += ", \(suppressed.count) suppressed by VEX; \(componentsScanned) components against \(advisoriesLoaded) advisories"
        if advisoryFilesRead > 0 { out += " (of \(advisoryFilesRead) files read)" }
        if skippedAdvisoryFiles > 0 {
            out += "; \(skippedAdvisoryFiles) invalid advisory file\(skippedAdvisoryFiles == 1 ? "" : "s") SKIPPED (--skip-invalid), so this report is incomplete"
        }
        out += threshold == .none ? "; --fail-on none.\n" : "; \(failing) at or above \(threshold.rawValue).\n"
        return out
    }

    /// Left-aligned columns, two spaces apart; control characters from advisory data removed.
    static func table(_ rows: [[String]]) -> String {
        let clean = rows.map { $0.map(printable) }
        var widths = [Int](repeating: 0, count: clean.first?.count ?? 0)
        for row in clean { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return clean.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// Text from advisories and SBOMs is untrusted: no control characters in terminal output.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }
}
