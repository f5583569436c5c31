/// How bad a diagnostic is. Only errors make a spec invalid.
public enum DiagnosticSeverity: String, Equatable, Codable, Sendable {
    case error
    case warning
}

/// A secondary message attached to a diagnostic. With a location it renders
/// like a diagnostic of its own (`file:line:col: note: ...`, the line, a
/// caret), pointing at a related place such as an earlier declaration;
/// without one it is a single `note: ...` line.
public struct DiagnosticNote: Equatable, Codable, Sendable {
    public var message: String
    public var range: SourceRange?
    /// The quoted text of the note's line (empty when it has no location).
    public var sourceLine: String

    public init(message: String, range: SourceRange? = nil, sourceLine: String = "") {
        self.message = message
        self.range = range
        self.sourceLine = sourceLine
    }
}

/// One problem found in a spec, self-contained: it carries the file name and
/// the text of the offending line, so it renders without the source at hand.
///
/// Rendered form (`description`):
///
///     grant.exo:7:11: error: unknown operation 'grant_acess'
///       let g = grant_acess d1 f ro
///               ^~~~~~~~~~~
///     hint: did you mean 'grant_access'?
public struct Diagnostic: Equatable, Codable, Sendable, CustomStringConvertible {
    public var severity: DiagnosticSeverity
    public var file: String
    public var range: SourceRange
    public var message: String
    /// The text of the line `range` starts on.
    public var sourceLine: String
    /// Short suggestions, each rendered as `hint: ...`.
    public var hints: [String]
    public var notes: [DiagnosticNote]

    public init(severity: DiagnosticSeverity = .error, file: String, range: SourceRange, message: String,
                sourceLine: String, hints: [String] = [], notes: [DiagnosticNote] = []) {
        self.severity = severity
        self.file = file
        self.range = range
        self.message = message
        self.sourceLine = sourceLine
        self.hints = hints
        self.notes = notes
    }

    public var isError: Bool { severity == .error }

    /// The diagnostic in the `file:line:col: error: message` form, followed by
    /// the offending line, a caret under the range, then hints and notes. No
    /// trailing newline.
    public var description: String {
        var out = Diagnostic.located(file: file, range: range, label: severity.rawValue,
                                     message: message, sourceLine: sourceLine)
        for h in hints { out += "\nhint: " + h }
        for n in notes {
            if let r = n.range {
                out += "\n" + Diagnostic.located(file: file, range: r, label: "note",
                                                 message: n.message, sourceLine: n.sourceLine)
            } else {
                out += "\nnote: " + n.message
            }
        }
        return out
    }

    static func located(file: String, range: SourceRange, label: String, message: String, sourceLine: String) -> String {
        var out = "\(file):\(range.start.line):\(range.start.column): \(label): \(message)"
        // Tabs print as one space so the caret stays under the column it names.
        let shown = String(sourceLine.unicodeScalars.map { $0 == "\t" ? " " : Character($0) })
        out += "\n" + shown + "\n"
        let lineLength = shown.unicodeScalars.count
        let startCol = max(1, range.start.column)
        var width = 1
        if range.end.line == range.start.line, range.end.column > startCol {
            width = range.end.column - startCol
        } else if range.end.line > range.start.line {
            width = max(1, lineLength - startCol + 1)
        }
        out += String(repeating: " ", count: startCol - 1) + "^" + String(repeating: "~", count: width - 1)
        return out
    }
}

extension Array where Element == Diagnostic {
    /// Every diagnostic rendered, separated by newlines, with a closing count
    /// line such as `2 errors generated.`; empty when there are none.
    public var rendered: String {
        if isEmpty { return "" }
        let errors = filter(\.isError).count
        let warnings = count - errors
        var parts = map(\.description)
        var summary: [String] = []
        if errors > 0 { summary.append(errors == 1 ? "1 error" : "\(errors) errors") }
        if warnings > 0 { summary.append(warnings == 1 ? "1 warning" : "\(warnings) warnings") }
        parts.append(summary.joined(separator: " and ") + " generated.")
        return parts.joined(separator: "\n")
    }
}
