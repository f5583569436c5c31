import ExoStack

/// The names elaboration accepts in `expect violation`, `check` and
/// `mutant` lines. The standard set is the composed stack's catalogue;
/// tests and tools may pass their own. An empty list accepts any name (a
/// catalogue not published yet).
public struct SpecCatalogues: Sendable {
    public var invariants: [String]
    public var mutants: [String]

    public init(invariants: [String], mutants: [String]) {
        self.invariants = invariants
        self.mutants = mutants
    }

    /// What `exocheck list invariants` and `exocheck list mutants` print.
    public static var standard: SpecCatalogues {
        SpecCatalogues(invariants: Layers.invariants.map(\.name), mutants: Layers.mutants.map(\.name))
    }
}

/// The whole front end: text → tokens → tree → `SystemSpec`, with every
/// lexical, syntax and elaboration error of the run in one `SpecErrors`.
public enum SpecCompiler {
    /// Compiles a spec into the system description the world is built from.
    public static func compile(text: String, file: String,
                               catalogues: SpecCatalogues = .standard) throws(SpecErrors) -> SystemSpec {
        let (system, diagnostics) = check(text: text, file: file, catalogues: catalogues)
        guard let system else { throw SpecErrors(diagnostics) }
        return system
    }

    /// What `exocheck check` does: the system when the spec is valid, and
    /// every diagnostic (warnings too) sorted by position.
    public static func check(text: String, file: String,
                             catalogues: SpecCatalogues = .standard) -> (SystemSpec?, [Diagnostic]) {
        var bag = DiagnosticBag(source: SourceFile(name: file, text: text))
        let ast = SpecParser.parse(into: &bag)
        // After syntax errors the tree has holes (a broken `domain` line
        // would make every use of its names look undefined), so elaboration
        // only runs on a tree that parsed cleanly.
        if bag.hasErrors { return (nil, bag.sorted) }
        var elaborator = Elaborator(diagnostics: bag, catalogues: catalogues)
        let system = elaborator.elaborate(ast)
        bag = elaborator.diagnostics
        return (bag.hasErrors ? nil : system, bag.sorted)
    }

    /// Elaborates an already parsed tree, reporting into `bag`.
    public static func elaborate(_ ast: SpecAST, into bag: inout DiagnosticBag,
                                 catalogues: SpecCatalogues = .standard) -> SystemSpec {
        var elaborator = Elaborator(diagnostics: bag, catalogues: catalogues)
        let system = elaborator.elaborate(ast)
        bag = elaborator.diagnostics
        return system
    }
}
