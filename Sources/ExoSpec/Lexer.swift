/// The hand-written spec lexer. It reads UTF-8 bytes and produces tokens with
/// line:column ranges, turning layout into `newline`, `indent` and `dedent`
/// tokens (indentation is by spaces; blank and comment-only lines do not
/// count). Comments are kept on tokens for the formatter.
///
/// It never stops at a bad character: each problem is reported to the
/// diagnostic bag and lexing goes on, so one run shows every lexical error.
struct Lexer {
    private let source: SourceFile
    private let b: [UInt8]
    private var i = 0
    private var tokens: [Token] = []
    private var indentStack: [Int] = [0]
    private var pendingComments: [String] = []
    /// Indentation (in columns) of the logical line being lexed.
    private var lineIndent = 0
    private var lineComment: String?
    private var lineHasTokens = false
    private var lineStartOffset = 0
    /// When set, the string or text block starting at this byte offset
    /// records where each byte of its decoded text comes from (`recorded`).
    private var recordAt: Int?
    private var recorded: [Int]?

    private init(source: SourceFile) {
        self.source = source
        self.b = source.bytes
    }

    /// Splits `source` into tokens; the list always ends with `endOfFile`.
    static func tokenize(_ source: SourceFile, diagnostics: inout DiagnosticBag) -> [Token] {
        var lexer = Lexer(source: source)
        lexer.run(&diagnostics)
        return lexer.tokens
    }

    /// For the string or text-block literal whose token starts at byte
    /// `offset`: the source offset of each byte of its decoded text, then
    /// one more entry for its end (the closing quote, or just after the
    /// block's last character). Nil when no such literal starts there. It
    /// lexes the whole file again, with the literal decoders themselves, so
    /// it stays in step with them; meant for error paths.
    static func literalOffsets(_ source: SourceFile, tokenAt offset: Int) -> [Int]? {
        var lexer = Lexer(source: source)
        lexer.recordAt = offset
        var scratch = DiagnosticBag(source: source, errorLimit: Int.max)
        lexer.run(&scratch)
        return lexer.recorded
    }

    // MARK: character classes

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n"), hash = UInt8(ascii: "#"), quote = UInt8(ascii: "\"")

    private static func isLetter(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == UInt8(ascii: "_")
    }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isWordByte(_ c: UInt8) -> Bool { isLetter(c) || isDigit(c) || c == UInt8(ascii: "-") }
    private static func isBlank(_ c: UInt8) -> Bool { c == space || c == tab || c == cr }

    // MARK: driver

    private mutating func run(_ d: inout DiagnosticBag) {
        let n = b.count
        while i < n {
            // At the start of a physical line: measure its indentation.
            let start = i
            var col = 0
            var sawTab = false
            while i < n, Lexer.isBlank(b[i]) {
                if b[i] == Lexer.tab {
                    // An error, but read as the next multiple of 8 so the
                    // block structure survives.
                    sawTab = true
                    col = (col / 8 + 1) * 8
                } else if b[i] != Lexer.cr {
                    col += 1
                }
                i += 1
            }
            if i >= n { break }
            if b[i] == Lexer.lf { i += 1; continue }
            if b[i] == Lexer.hash {
                pendingComments.append(readComment())
                if i < n { i += 1 }
                continue
            }
            if sawTab {
                d.error("tab in indentation", at: source.range(start, i), hints: ["indent with spaces only"])
            }
            lineStartOffset = start
            setIndentation(col, &d)
            lineIndent = indentStack[indentStack.count - 1]
            lexLine(&d)
        }
        let end = source.range(n, n)
        while indentStack.count > 1 {
            indentStack.removeLast()
            tokens.append(Token(kind: .dedent, range: end))
        }
        tokens.append(Token(kind: .endOfFile, range: end, leadingComments: pendingComments))
        pendingComments = []
    }

    private mutating func setIndentation(_ col: Int, _ d: inout DiagnosticBag) {
        let here = source.range(i, i)
        if col > indentStack[indentStack.count - 1] {
            indentStack.append(col)
            tokens.append(Token(kind: .indent, range: here))
            return
        }
        if !indentStack.contains(col) {
            let levels = indentStack.map(String.init).joined(separator: ", ")
            d.error("indentation does not match any enclosing block", at: source.range(lineStartOffset, i),
                    hints: ["this line is indented \(col) space\(col == 1 ? "" : "s"); the open blocks are indented \(levels)"])
            // Read the line as part of the shallowest open block deeper than it.
            while indentStack.count > 2, indentStack[indentStack.count - 2] > col {
                indentStack.removeLast()
                tokens.append(Token(kind: .dedent, range: here))
            }
            return
        }
        while indentStack.count > 1, col < indentStack[indentStack.count - 1] {
            indentStack.removeLast()
            tokens.append(Token(kind: .dedent, range: here))
        }
    }

    /// Lexes one logical line (which continues across line breaks only inside
    /// a string) and ends it with a `newline` token.
    private mutating func lexLine(_ d: inout DiagnosticBag) {
        let n = b.count
        lineComment = nil
        lineHasTokens = false
        while true {
            while i < n, Lexer.isBlank(b[i]) { i += 1 }
            if i >= n {
                endLine(at: n, length: 0)
                return
            }
            let c = b[i]
            let start = i
            if c == Lexer.lf {
                endLine(at: i, length: 1)
                i += 1
                return
            }
            if c == Lexer.hash {
                lineComment = readComment()
                continue
            }
            if Lexer.isLetter(c) {
                while i < n, Lexer.isWordByte(b[i]) { i += 1 }
                emit(.identifier, text: String(decoding: b[start..<i], as: UTF8.self), start, i)
            } else if Lexer.isDigit(c) {
                lexInteger(&d)
            } else if c == Lexer.quote {
                lexString(&d)
            } else if c == UInt8(ascii: ":") {
                i += 1; emit(.colon, text: ":", start, i)
            } else if c == UInt8(ascii: ",") {
                i += 1; emit(.comma, text: ",", start, i)
            } else if c == UInt8(ascii: "=") {
                i += 1; emit(.equals, text: "=", start, i)
            } else if c == UInt8(ascii: "."), i + 1 < n, b[i + 1] == UInt8(ascii: ".") {
                i += 2; emit(.dotDot, text: "..", start, i)
            } else if c == UInt8(ascii: "|") {
                lexRawBlock(&d)
                return
            } else {
                skipScalar()
                let shown = Lexer.describeCharacter(b[start..<i])
                var hints: [String] = []
                if c == UInt8(ascii: ".") { hints.append("a range is written with two dots, as in 0..3") }
                if c == UInt8(ascii: "(") || c == UInt8(ascii: ")") {
                    hints.append("operands are separated by spaces; no parentheses are needed")
                }
                d.error("unexpected character \(shown)", at: source.range(start, i), hints: hints)
            }
        }
    }

    private mutating func endLine(at offset: Int, length: Int) {
        if lineHasTokens {
            tokens.append(Token(kind: .newline, range: source.range(offset, offset + length),
                                trailingComment: lineComment))
        } else if let c = lineComment {
            pendingComments.append(c)
        }
        lineComment = nil
    }

    private mutating func emit(_ kind: TokenKind, text: String, value: Int = 0, _ start: Int, _ end: Int) {
        tokens.append(Token(kind: kind, text: text, value: value, range: source.range(start, end),
                            leadingComments: pendingComments))
        pendingComments = []
        lineHasTokens = true
    }

    /// Reads a comment from `#` up to (not including) the line end; returns
    /// its text without the `#` and without trailing blanks.
    private mutating func readComment() -> String {
        let start = i + 1
        while i < b.count, b[i] != Lexer.lf { i += 1 }
        var end = i
        while end > start, Lexer.isBlank(b[end - 1]) { end -= 1 }
        return String(decoding: b[start..<end], as: UTF8.self)
    }

    private mutating func skipScalar() {
        i += 1
        while i < b.count, b[i] & 0xC0 == 0x80 { i += 1 }
    }

    static func describeCharacter(_ bytes: ArraySlice<UInt8>) -> String {
        let s = String(decoding: bytes, as: UTF8.self)
        guard let scalar = s.unicodeScalars.first else { return "''" }
        if scalar.value < 0x20 || scalar.value == 0x7F {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(s)'"
    }

    // MARK: literals

    private mutating func lexInteger(_ d: inout DiagnosticBag) {
        let n = b.count
        let start = i
        var radix = 10
        if b[i] == UInt8(ascii: "0"), i + 1 < n, b[i + 1] == UInt8(ascii: "x") || b[i + 1] == UInt8(ascii: "X") {
            radix = 16
            i += 2
        }
        let digitsStart = i
        var value = 0
        var overflow = false
        var bad: Int? = nil
        while i < n, Lexer.isWordByte(b[i]) {
            let c = b[i]
            var digit: Int? = nil
            if Lexer.isDigit(c) { digit = Int(c - 0x30) }
            else if radix == 16, c >= UInt8(ascii: "a"), c <= UInt8(ascii: "f") { digit = Int(c - UInt8(ascii: "a")) + 10 }
            else if radix == 16, c >= UInt8(ascii: "A"), c <= UInt8(ascii: "F") { digit = Int(c - UInt8(ascii: "A")) + 10 }
            if let digit {
                let (m, o1) = value.multipliedReportingOverflow(by: radix)
                let (s, o2) = m.addingReportingOverflow(digit)
                if o1 || o2 { overflow = true } else { value = s }
            } else if bad == nil {
                bad = i
            }
            i += 1
        }
        let text = String(decoding: b[start..<i], as: UTF8.self)
        if let bad {
            d.error("invalid digit '\(Character(UnicodeScalar(b[bad])))' in integer literal '\(text)'",
                    at: source.range(bad, bad + 1),
                    hints: ["names start with a letter or '_'; integers are decimal or 0x hexadecimal"])
            value = 0
        } else if digitsStart == i {
            d.error("hexadecimal literal '\(text)' has no digits", at: source.range(start, i))
        } else if overflow {
            d.error("integer literal '\(text)' is too large", at: source.range(start, i),
                    hints: ["the largest integer is \(Int.max)"])
            value = 0
        }
        emit(.integer, text: text, value: value, start, i)
    }

    /// A `"..."` literal. It may run over several lines: each line break,
    /// with the blanks around it, reads as one space.
    private mutating func lexString(_ d: inout DiagnosticBag) {
        let n = b.count
        let start = i
        i += 1
        var out: [UInt8] = []
        // Where each byte of `out` comes from, when this literal is recorded.
        var from: [Int]? = recordAt == start ? [] : nil
        defer { if from != nil { from!.append(max(start, i - 1)); recorded = from } }
        while true {
            if i >= n {
                // Unterminated: report at the opening quote, and resume at the
                // end of the line it opened on, so what follows still lexes.
                d.error("unterminated string literal", at: source.range(start, start + 1),
                        hints: ["close the string with '\"'"])
                i = start
                while i < n, b[i] != Lexer.lf { i += 1 }
                emit(.string, text: "", start, i)
                return
            }
            let c = b[i]
            if c == Lexer.quote {
                i += 1
                break
            }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < n else { i += 1; continue }
                let e = b[i + 1]
                from?.append(i)
                switch e {
                case UInt8(ascii: "n"): out.append(Lexer.lf)
                case UInt8(ascii: "t"): out.append(Lexer.tab)
                case UInt8(ascii: "\\"): out.append(e)
                case Lexer.quote: out.append(e)
                default:
                    let escStart = i
                    i += 1
                    let scalarStart = i
                    skipScalar()
                    let shown = String(decoding: b[scalarStart..<i], as: UTF8.self)
                    d.error("unknown escape sequence '\\\(shown)'", at: source.range(escStart, i),
                            hints: ["the escapes are \\\" \\\\ \\n \\t"])
                    from?.removeLast()
                    out.append(contentsOf: b[scalarStart..<i])
                    from?.append(contentsOf: scalarStart..<i)
                    continue
                }
                i += 2
                continue
            }
            if c == Lexer.lf {
                while let last = out.last, last == Lexer.space || last == Lexer.tab {
                    out.removeLast()
                    from?.removeLast()
                }
                out.append(Lexer.space)
                from?.append(i)
                i += 1
                while i < n, Lexer.isBlank(b[i]) { i += 1 }
                continue
            }
            if c == Lexer.cr, i + 1 < n, b[i + 1] == Lexer.lf {
                i += 1
                continue
            }
            out.append(c)
            from?.append(i)
            i += 1
        }
        emit(.string, text: String(decoding: out, as: UTF8.self), start, i)
    }

    /// `|` at the end of a line: the following lines indented deeper than
    /// this one form a text block, kept verbatim apart from the common
    /// indentation and trailing blanks. Ends the logical line.
    private mutating func lexRawBlock(_ d: inout DiagnosticBag) {
        let n = b.count
        let bar = i
        i += 1
        while i < n, Lexer.isBlank(b[i]) { i += 1 }
        if i < n, b[i] == Lexer.hash {
            lineComment = readComment()
        } else if i < n, b[i] != Lexer.lf {
            let junk = i
            while i < n, b[i] != Lexer.lf { i += 1 }
            d.error("expected end of line after '|'", at: source.range(junk, i),
                    hints: ["the text block starts on the next line, indented deeper"])
        }
        let lineEnd = i
        if i < n { i += 1 }
        var lines: [(indent: Int, start: Int, end: Int)] = []
        var firstStart: Int? = nil
        var lastEnd = i
        while i < n {
            let lineStart = i
            var col = 0
            var j = i
            while j < n, Lexer.isBlank(b[j]) {
                if b[j] != Lexer.cr { col += 1 }
                j += 1
            }
            var e = j
            while e < n, b[e] != Lexer.lf { e += 1 }
            if j == e {
                lines.append((0, e, e))  // blank
                i = e < n ? e + 1 : e
                continue
            }
            if col <= lineIndent {
                i = lineStart
                break
            }
            var end = e
            while end > j, Lexer.isBlank(b[end - 1]) { end -= 1 }
            lines.append((col, lineStart, end))
            if firstStart == nil { firstStart = j }
            lastEnd = end
            i = e < n ? e + 1 : e
        }
        while let last = lines.last, last.start == last.end { lines.removeLast() }
        let common = lines.filter { $0.start != $0.end }.map(\.indent).min() ?? 0
        let tokenStart = firstStart ?? bar
        var from: [Int]? = recordAt == tokenStart ? [] : nil
        var text: [String] = []
        for (n, line) in lines.enumerated() {
            // The line break joining this line to the previous one.
            if n > 0 { from?.append(lines[n - 1].end) }
            if line.start == line.end { text.append(""); continue }
            // Drop `common` columns of leading blanks.
            var k = line.start
            var dropped = 0
            while dropped < common, k < line.end, Lexer.isBlank(b[k]) {
                if b[k] != Lexer.cr { dropped += 1 }
                k += 1
            }
            text.append(String(decoding: b[k..<line.end], as: UTF8.self))
            from?.append(contentsOf: k..<line.end)
        }
        if from != nil {
            from!.append(firstStart == nil ? bar : lastEnd)
            recorded = from
        }
        let tokenEnd = firstStart == nil ? bar + 1 : lastEnd
        emit(.raw, text: text.joined(separator: "\n"), tokenStart, tokenEnd)
        endLine(at: lineEnd, length: lineEnd < n ? 1 : 0)
    }
}
