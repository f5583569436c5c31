/// The entry point of the spec front end: text in, syntax tree and
/// diagnostics out.
public enum SpecParser {
    /// Parses `text` (read from `file`, the name diagnostics print). Returns
    /// the tree when there is no error, and every diagnostic found, sorted by
    /// position.
    public static func parse(text: String, file: String,
                             vocabulary: SetVocabulary = .standard) -> (SpecAST?, [Diagnostic]) {
        var bag = DiagnosticBag(source: SourceFile(name: file, text: text))
        let ast = parse(into: &bag, vocabulary: vocabulary)
        return (bag.hasErrors ? nil : ast, bag.sorted)
    }

    /// Parses `bag.source`, reporting into `bag`; returns the tree, which
    /// leaves out what could not be parsed when there were errors. For
    /// callers (elaboration) that go on to report more in the same run.
    public static func parse(into bag: inout DiagnosticBag, vocabulary: SetVocabulary = .standard) -> SpecAST {
        let tokens = Lexer.tokenize(bag.source, diagnostics: &bag)
        var parser = Parser(tokens: tokens, diagnostics: bag, vocabulary: vocabulary)
        let ast = parser.parseSpec()
        bag = parser.diagnostics
        return ast
    }

    /// Parses `text` or throws every error found.
    public static func parseOrThrow(text: String, file: String,
                                    vocabulary: SetVocabulary = .standard) throws(SpecErrors) -> SpecAST {
        let (ast, diagnostics) = parse(text: text, file: file, vocabulary: vocabulary)
        guard let ast else { throw SpecErrors(diagnostics) }
        return ast
    }
}
