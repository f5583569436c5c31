import XCTest
@testable import ExoSpec

final class LexerTests: XCTestCase {
    private func lex(_ text: String) -> ([Token], DiagnosticBag) {
        var bag = DiagnosticBag(source: SourceFile(name: "t.exo", text: text))
        let tokens = Lexer.tokenize(bag.source, diagnostics: &bag)
        return (tokens, bag)
    }

    private func kinds(_ text: String) -> [TokenKind] { lex(text).0.map(\.kind) }

    func testWordsNumbersAndPunctuation() {
        let (t, bag) = lex("let g = grant_access d1 0x1F 12 0..3 owned-by, x:")
        XCTAssertFalse(bag.hasErrors)
        XCTAssertEqual(t.map(\.kind), [.identifier, .identifier, .equals, .identifier, .identifier, .integer, .integer,
                                       .integer, .dotDot, .integer, .identifier, .comma, .identifier, .colon,
                                       .newline, .endOfFile])
        XCTAssertEqual(t[5].value, 31)
        XCTAssertEqual(t[6].value, 12)
        XCTAssertEqual(t[10].text, "owned-by")
        XCTAssertEqual(t[3].range.start, SourceLocation(line: 1, column: 9, offset: 8))
        XCTAssertEqual(t[3].range.end.column, 21)
    }

    func testIndentationBecomesIndentAndDedent() {
        let text = "actor a on d0:\n  loop:\n    alloc\n\n  # note\n  free 1\nfault x\n"
        XCTAssertEqual(kinds(text), [
            .identifier, .identifier, .identifier, .identifier, .colon, .newline,
            .indent, .identifier, .colon, .newline,
            .indent, .identifier, .newline,
            .dedent, .identifier, .integer, .newline,
            .dedent, .identifier, .identifier, .newline, .endOfFile,
        ])
    }

    func testUnclosedBlocksAreClosedAtEndOfFile() {
        XCTAssertEqual(kinds("a:\n  b:\n    c"), [.identifier, .colon, .newline, .indent, .identifier, .colon,
                                                 .newline, .indent, .identifier, .newline, .dedent, .dedent,
                                                 .endOfFile])
    }

    func testCommentsAttachToTokens() {
        let (t, _) = lex("# one\n#two\nmachine frames 4  # trailing\n# last\n")
        XCTAssertEqual(t[0].leadingComments, [" one", "two"])
        XCTAssertEqual(t[3].kind, .newline)
        XCTAssertEqual(t[3].trailingComment, " trailing")
        XCTAssertEqual(t.last?.kind, .endOfFile)
        XCTAssertEqual(t.last?.leadingComments, [" last"])
    }

    func testStringsDecodeEscapesAndFoldLineBreaks() {
        let (t, bag) = lex("spec x\n  \"one  \n     two\\n\\t\\\"q\\\\\"\n")
        XCTAssertFalse(bag.hasErrors)
        let s = t.first { $0.kind == .string }
        XCTAssertEqual(s?.text, "one two\n\t\"q\\")
        XCTAssertEqual(s?.range.start.line, 2)
        XCTAssertEqual(s?.range.end.line, 3)
    }

    func testTextBlockKeepsRelativeIndentation() {
        let text = "filter f code |  # c\n    ld8 12\n      # raw comment\n\n    accept\n\nexpect holds\n"
        let (t, bag) = lex(text)
        XCTAssertFalse(bag.hasErrors)
        let raw = t.first { $0.kind == .raw }
        XCTAssertEqual(raw?.text, "ld8 12\n  # raw comment\n\naccept")
        let nl = t.first { $0.kind == .newline }
        XCTAssertEqual(nl?.trailingComment, " c")
        XCTAssertEqual(t.map(\.kind), [.identifier, .identifier, .identifier, .raw, .newline,
                                       .identifier, .identifier, .newline, .endOfFile])
    }

    func testCarriageReturnsAreBlanks() {
        XCTAssertEqual(kinds("machine frames 4\r\n  \r\nexpect holds\r\n"),
                       [.identifier, .identifier, .integer, .newline, .identifier, .identifier, .newline, .endOfFile])
    }

    func testLexicalErrorsAreAllReportedAndLexingContinues() {
        let (t, bag) = lex("a $ b 12x 99999999999999999999 \"x\\q\" 0x\n\tc\n  d\n e\n\"open")
        let messages = bag.sorted.map(\.message)
        XCTAssertEqual(messages, [
            "unexpected character '$'",
            "invalid digit 'x' in integer literal '12x'",
            "integer literal '99999999999999999999' is too large",
            "unknown escape sequence '\\q'",
            "hexadecimal literal '0x' has no digits",
            "tab in indentation",
            "indentation does not match any enclosing block",
            "indentation does not match any enclosing block",
            "unterminated string literal",
        ])
        XCTAssertEqual(t.last?.kind, .endOfFile)
        XCTAssertTrue(t.contains { $0.isWord("b") })
        XCTAssertTrue(t.contains { $0.isWord("e") })
    }

    func testColumnsCountScalarsNotBytes() {
        let (t, _) = lex("a \"é\" b")
        XCTAssertEqual(t[2].range.start.column, 7)
    }
}
