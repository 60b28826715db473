/// How much a resolved reference counts in the ranking. References are found by name, so a common
/// name (`value`, `context`, `run`) resolves to whichever declaration is unique in its scope, often one
/// the code never meant. As aider's repository map does, a name declared in many places counts less
/// (1/√definitions), and, for Swift, a reference counts only as much as the language lets that name
/// be seen from the referring file: an internal declaration of a module the file does not import
/// cannot be what it names.
enum ReferenceWeight {
    /// Where the referenced declaration lies, seen from the referring file.
    enum Reach {
        case sameFile
        case sameModule
        /// In a module the file imports.
        case imported
        /// In a module one of the file's imported modules imports (re-exported, or seen through them).
        case importedThrough
        /// In a module neither the file nor its imports import.
        case notImported
        /// Not decided (another language, or a file outside any module).
        case unknown
    }

    /// The weight of a reference to one of `definitions` declarations of a name.
    /// `visibleOutsideModule`: the declaration is public (``CortexGraph/visibleOutsideModule``).
    static func of(definitions: Int, reach: Reach, visibleOutsideModule: Bool) -> Double {
        if reach == .sameFile { return 1 }
        let base = 1 / Double(max(1, definitions)).squareRoot()
        switch reach {
        case .sameFile, .sameModule, .unknown: return base
        case .imported: return visibleOutsideModule ? base : base * 0.1  // internal: only through `@testable import`
        case .importedThrough: return visibleOutsideModule ? base * 0.5 : 0
        case .notImported: return visibleOutsideModule ? base * 0.1 : 0
        }
    }
}
