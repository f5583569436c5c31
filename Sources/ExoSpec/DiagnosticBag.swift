/// Collects the diagnostics of one run over one source file: the lexer, the
/// parser and elaboration all report here, so a run shows every problem it
/// found, not only the first.
///
/// `sorted` orders them by position, ties kept in reporting order, so the
/// output is stable whatever the phase that found them.
public struct DiagnosticBag {
    public let source: SourceFile
    public private(set) var diagnostics: [Diagnostic] = []
    /// Reporting stops after this many errors (one more line says so), so a
    /// badly broken file cannot flood a terminal.
    public var errorLimit: Int
    public private(set) var errorCount = 0
    private var truncated = false

    public init(source: SourceFile, errorLimit: Int = 50) {
        self.source = source
        self.errorLimit = errorLimit
    }

    public var hasErrors: Bool { errorCount > 0 }

    /// Reports an error at `range`.
    public mutating func error(_ message: String, at range: SourceRange, hints: [String] = [], notes: [DiagnosticNote] = []) {
        report(.error, message, at: range, hints: hints, notes: notes)
    }

    public mutating func warning(_ message: String, at range: SourceRange, hints: [String] = [], notes: [DiagnosticNote] = []) {
        report(.warning, message, at: range, hints: hints, notes: notes)
    }

    /// A located note for a diagnostic: it quotes the line `range` starts on.
    public func note(_ message: String, at range: SourceRange) -> DiagnosticNote {
        DiagnosticNote(message: message, range: range, sourceLine: source.line(range.start.line))
    }

    public mutating func report(_ severity: DiagnosticSeverity, _ message: String, at range: SourceRange,
                                hints: [String] = [], notes: [DiagnosticNote] = []) {
        if truncated { return }
        // The same message at the same place is said once (identical actors
        // elaborate the same body once per entity).
        if diagnostics.contains(where: { $0.severity == severity && $0.range == range && $0.message == message }) {
            return
        }
        if severity == .error {
            if errorCount == errorLimit {
                truncated = true
                diagnostics.append(Diagnostic(file: source.name, range: range,
                                              message: "too many errors; stopping after \(errorLimit)",
                                              sourceLine: source.line(range.start.line)))
                errorCount += 1
                return
            }
            errorCount += 1
        }
        diagnostics.append(Diagnostic(severity: severity, file: source.name, range: range, message: message,
                                      sourceLine: source.line(range.start.line), hints: hints, notes: notes))
    }

    /// The diagnostics by position; equal positions keep reporting order.
    /// A "too many errors" line, if any, stays last.
    public var sorted: [Diagnostic] {
        var indexed = Array(diagnostics.enumerated())
        let limitLine = truncated ? indexed.popLast() : nil
        indexed.sort { a, b in
            if a.element.range.start.offset != b.element.range.start.offset {
                return a.element.range.start.offset < b.element.range.start.offset
            }
            return a.offset < b.offset
        }
        var out = indexed.map(\.element)
        if let limitLine { out.append(limitLine.element) }
        return out
    }
}
