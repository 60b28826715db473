import SrooterStore
import SwiftParser
import SwiftSyntax

/// Swift declarations through swift-syntax: types, members, functions, properties, cases, aliases,
/// macros; imports; inheritance clauses; identifier tokens (comments and string literals are not tokens).
/// Bodies of functions and accessors are not walked for declarations: locals are not symbols.
final class SwiftDeclarations: SyntaxVisitor {
    private let converter: SourceLocationConverter
    private var scopes: [(index: Int, name: String)] = []
    private(set) var parsed = ParsedFile()

    static func parse(_ text: String, path: String) -> ParsedFile {
        let tree = Parser.parse(source: text)
        let visitor = SwiftDeclarations(converter: SourceLocationConverter(fileName: path, tree: tree))
        visitor.walk(tree)
        for token in tree.tokens(viewMode: .sourceAccurate) {
            guard case .identifier(let name) = token.tokenKind, !Self.namesNoDeclaration(token) else { continue }
            visitor.parsed.identifiers.append((name.hasPrefix("`") ? String(name.dropFirst().dropLast()) : name, visitor.line(token.positionAfterSkippingLeadingTrivia)))
        }
        return visitor.parsed.compacted()
    }

    /// Identifiers the language itself owns: a built-in attribute's name (`@available`, `@inlinable`: lower-case,
    /// where a custom attribute names a property wrapper, global actor or macro) and availability's platforms,
    /// labels and flags. A declaration of the same name elsewhere (`case available`) is not what they mean.
    static func namesNoDeclaration(_ token: TokenSyntax) -> Bool {
        guard let parent = token.parent else { return false }
        if parent.is(PlatformVersionSyntax.self) || parent.is(AvailabilityArgumentSyntax.self) || parent.is(AvailabilityLabeledArgumentSyntax.self) { return true }
        guard parent.is(IdentifierTypeSyntax.self), parent.parent?.is(AttributeSyntax.self) == true else { return false }
        return token.text.first?.isLowercase ?? false
    }

    private init(converter: SourceLocationConverter) {
        self.converter = converter
        super.init(viewMode: .sourceAccurate)
    }

    private func line(_ position: AbsolutePosition) -> Int { converter.location(for: position).line }

    @discardableResult
    private func declare(_ name: String, kind: String, node: some SyntaxProtocol, modifiers: DeclModifierListSyntax?, inherits: InheritanceClauseSyntax? = nil, opensScope: Bool) -> Int {
        let exported = modifiers?.contains { ["public", "open"].contains($0.name.text) } ?? false
        let index = parsed.symbols.count
        parsed.symbols.append(CortexSymbolEntry(
            name: name, kind: kind, lineStart: line(node.positionAfterSkippingLeadingTrivia), lineEnd: line(node.endPositionBeforeTrailingTrivia),
            scope: scopes.isEmpty ? nil : scopes.map(\.name).joined(separator: "."), parent: scopes.last?.index, exported: exported))
        for type in inherits?.inheritedTypes ?? [] {
            if let base = Self.typeName(type.type) { parsed.inherits.append((index, base)) }
        }
        if opensScope { scopes.append((index, name)) }
        return index
    }

    /// The last component of a (possibly qualified or generic) type name.
    static func typeName(_ type: TypeSyntax) -> String? {
        if let simple = type.as(IdentifierTypeSyntax.self) { return simple.name.text }
        if let member = type.as(MemberTypeSyntax.self) { return member.name.text }
        if let attributed = type.as(AttributedTypeSyntax.self) { return typeName(attributed.baseType) }
        return nil
    }

    override func visit(_ node: ImportDeclSyntax) -> SyntaxVisitorContinueKind {
        if let first = node.path.first { parsed.imports.append(first.name.text) }
        return .skipChildren
    }

    override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind {
        declare(node.name.text, kind: "class", node: node, modifiers: node.modifiers, inherits: node.inheritanceClause, opensScope: true)
        return .visitChildren
    }
    override func visitPost(_ node: ClassDeclSyntax) { scopes.removeLast() }

    override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind {
        declare(node.name.text, kind: "struct", node: node, modifiers: node.modifiers, inherits: node.inheritanceClause, opensScope: true)
        return .visitChildren
    }
    override func visitPost(_ node: StructDeclSyntax) { scopes.removeLast() }

    override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind {
        declare(node.name.text, kind: "enum", node: node, modifiers: node.modifiers, inherits: node.inheritanceClause, opensScope: true)
        return .visitChildren
    }
    override func visitPost(_ node: EnumDeclSyntax) { scopes.removeLast() }

    override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind {
        declare(node.name.text, kind: "actor", node: node, modifiers: node.modifiers, inherits: node.inheritanceClause, opensScope: true)
        return .visitChildren
    }
    override func visitPost(_ node: ActorDeclSyntax) { scopes.removeLast() }

    override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind {
        declare(node.name.text, kind: "protocol", node: node, modifiers: node.modifiers, inherits: node.inheritanceClause, opensScope: true)
        return .visitChildren
    }
    override func visitPost(_ node: ProtocolDeclSyntax) { scopes.removeLast() }

    override func visit(_ node: ExtensionDeclSyntax) -> SyntaxVisitorContinueKind {
        let name = Self.typeName(node.extendedType) ?? node.extendedType.trimmedDescription
        declare(name, kind: "extension", node: node, modifiers: node.modifiers, inherits: node.inheritanceClause, opensScope: true)
        return .visitChildren
    }
    override func visitPost(_ node: ExtensionDeclSyntax) { scopes.removeLast() }

    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
        declare(node.name.text, kind: "func", node: node, modifiers: node.modifiers, opensScope: false)
        return .skipChildren
    }

    override func visit(_ node: InitializerDeclSyntax) -> SyntaxVisitorContinueKind {
        declare("init", kind: "init", node: node, modifiers: node.modifiers, opensScope: false)
        return .skipChildren
    }

    override func visit(_ node: SubscriptDeclSyntax) -> SyntaxVisitorContinueKind {
        declare("subscript", kind: "subscript", node: node, modifiers: node.modifiers, opensScope: false)
        return .skipChildren
    }

    override func visit(_ node: VariableDeclSyntax) -> SyntaxVisitorContinueKind {
        let kind = node.bindingSpecifier.tokenKind == .keyword(.let) ? "let" : "var"
        for binding in node.bindings {
            if let pattern = binding.pattern.as(IdentifierPatternSyntax.self) {
                declare(pattern.identifier.text, kind: kind, node: node, modifiers: node.modifiers, opensScope: false)
            }
        }
        return .skipChildren
    }

    override func visit(_ node: TypeAliasDeclSyntax) -> SyntaxVisitorContinueKind {
        declare(node.name.text, kind: "typealias", node: node, modifiers: node.modifiers, opensScope: false)
        return .skipChildren
    }

    override func visit(_ node: AssociatedTypeDeclSyntax) -> SyntaxVisitorContinueKind {
        declare(node.name.text, kind: "associatedtype", node: node, modifiers: node.modifiers, opensScope: false)
        return .skipChildren
    }

    override func visit(_ node: EnumCaseDeclSyntax) -> SyntaxVisitorContinueKind {
        for element in node.elements {
            declare(element.name.text, kind: "case", node: element, modifiers: node.modifiers, opensScope: false)
        }
        return .skipChildren
    }

    override func visit(_ node: MacroDeclSyntax) -> SyntaxVisitorContinueKind {
        declare(node.name.text, kind: "macro", node: node, modifiers: node.modifiers, opensScope: false)
        return .skipChildren
    }
}
