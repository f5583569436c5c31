/// Everything wrong with a spec, as one error: what `exocheck check`, `fmt`,
/// `explore` and `simulate` print (to stderr) before exiting with status 2.
public struct SpecErrors: Error, Equatable, Sendable, CustomStringConvertible {
    /// Sorted by position; at least one is an error.
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// All diagnostics rendered, then a count line (`3 errors generated.`).
    public var description: String { diagnostics.rendered }
}
