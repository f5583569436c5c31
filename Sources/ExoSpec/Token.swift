/// The kinds of token the spec lexer produces. Layout is explicit: the lexer
/// turns line ends and indentation changes into `newline`, `indent` and
/// `dedent`, so the parser never looks at columns.
enum TokenKind: Equatable, Sendable {
    /// A word: letters, digits, `_` and `-`, starting with a letter or `_`.
    case identifier
    /// A decimal or `0x` hexadecimal integer.
    case integer
    /// A `"..."` literal (escapes decoded, line breaks folded to one space).
    case string
    /// The indented text block that follows a `|` at the end of a line.
    case raw
    case colon
    case comma
    case equals
    /// `..` in a range such as `0..3`.
    case dotDot
    /// The end of a logical line.
    case newline
    case indent
    case dedent
    case endOfFile

    /// How the kind is named in "expected ..., found ..." messages.
    public var spelling: String {
        switch self {
        case .identifier: return "a name"
        case .integer: return "an integer"
        case .string: return "a string"
        case .raw: return "a text block"
        case .colon: return "':'"
        case .comma: return "','"
        case .equals: return "'='"
        case .dotDot: return "'..'"
        case .newline: return "end of line"
        case .indent: return "an indented block"
        case .dedent: return "the end of the block"
        case .endOfFile: return "end of file"
        }
    }
}

/// One token with its text and range, plus the comments that belong to it:
/// comments on lines of their own before the token (kept on the first token
/// of the next line) and a comment at the end of a line (kept on that line's
/// `newline` token). The formatter puts them back.
struct Token: Equatable, Sendable {
    public var kind: TokenKind
    /// The identifier's spelling, the decoded string or text block, or the
    /// integer's source spelling.
    public var text: String
    /// The value of an `integer` token.
    public var value: Int
    public var range: SourceRange
    /// Own-line comments before this token, without the `#`.
    public var leadingComments: [String]
    /// For a `newline` token: the comment ending that line, without the `#`.
    public var trailingComment: String?

    public init(kind: TokenKind, text: String = "", value: Int = 0, range: SourceRange,
                leadingComments: [String] = [], trailingComment: String? = nil) {
        self.kind = kind
        self.text = text
        self.value = value
        self.range = range
        self.leadingComments = leadingComments
        self.trailingComment = trailingComment
    }

    /// How this token is named in messages: `'alloc'`, `'4'`, `end of line`.
    public var shown: String {
        switch kind {
        case .identifier, .integer: return "'\(text)'"
        case .string: return "a string"
        default: return kind.spelling
        }
    }

    public func isWord(_ w: String) -> Bool { kind == .identifier && text == w }
}
