import XCTest
@testable import ExoSpec

/// Golden text for every kind of lexical and syntax error.
final class DiagnosticTests: XCTestCase {
    private func check(_ input: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        SpecTestSupport.assertRendered(SpecTestSupport.errors(input, file: file, line: line), expected,
                                       file: file, line: line)
    }

    // MARK: lexical

    func testUnexpectedCharacter() {
        check("machine frames 4 $ cpus 1\n", """
            t.exo:1:18: error: unexpected character '$'
            machine frames 4 $ cpus 1
                             ^
            1 error generated.
            """)
    }

    func testControlCharacterIsNamedByCodePoint() {
        check("machine\u{1} frames 4\n", """
            t.exo:1:8: error: unexpected character U+0001
            machine\u{1} frames 4
                   ^
            1 error generated.
            """)
    }

    func testInvalidDigit() {
        check("machine frames 12x\n", """
            t.exo:1:18: error: invalid digit 'x' in integer literal '12x'
            machine frames 12x
                             ^
            hint: names start with a letter or '_'; integers are decimal or 0x hexadecimal
            1 error generated.
            """)
    }

    func testIntegerTooLarge() {
        check("machine frames 99999999999999999999\n", """
            t.exo:1:16: error: integer literal '99999999999999999999' is too large
            machine frames 99999999999999999999
                           ^~~~~~~~~~~~~~~~~~~~
            hint: the largest integer is 9223372036854775807
            1 error generated.
            """)
    }

    func testHexWithoutDigits() {
        check("machine frames 0x\n", """
            t.exo:1:16: error: hexadecimal literal '0x' has no digits
            machine frames 0x
                           ^~
            1 error generated.
            """)
    }

    func testUnknownEscape() {
        check("spec s \"a\\qb\"\n", """
            t.exo:1:10: error: unknown escape sequence '\\q'
            spec s "a\\qb"
                     ^~
            hint: the escapes are \\" \\\\ \\n \\t
            1 error generated.
            """)
    }

    func testUnterminatedStringResumesOnTheNextLine() {
        check("spec s\n  \"never closed\nexpect hold\n", """
            t.exo:2:3: error: unterminated string literal
              "never closed
              ^
            hint: close the string with '"'
            t.exo:3:8: error: expected 'holds' or 'violation' after 'expect', found 'hold'
            expect hold
                   ^~~~
            hint: did you mean 'holds'?
            hint: write 'expect holds' or 'expect violation INVARIANT'
            2 errors generated.
            """)
    }

    func testTabInIndentation() {
        check("actor a on d0:\n\talloc\n", """
            t.exo:2:1: error: tab in indentation
             alloc
            ^
            hint: indent with spaces only
            1 error generated.
            """)
    }

    func testIndentationMismatch() {
        check("actor a on d0:\n    alloc\n  free 1\n", """
            t.exo:3:1: error: indentation does not match any enclosing block
              free 1
            ^~
            hint: this line is indented 2 spaces; the open blocks are indented 0, 4
            1 error generated.
            """)
    }

    func testTextAfterBar() {
        check("filter f code | junk\n  accept\n", """
            t.exo:1:17: error: expected end of line after '|'
            filter f code | junk
                            ^~~~
            hint: the text block starts on the next line, indented deeper
            1 error generated.
            """)
    }

    // MARK: declarations

    func testUnknownDeclarationSuggestsNearest() {
        check("acter a on d0:\n  alloc\n", """
            t.exo:1:1: error: unknown declaration 'acter'
            acter a on d0:
            ^~~~~
            hint: did you mean 'actor'?
            1 error generated.
            """)
    }

    func testOperationAtTopLevel() {
        check("grant_access d1 f ro\n", """
            t.exo:1:1: error: unknown declaration 'grant_access'
            grant_access d1 f ro
            ^~~~~~~~~~~~
            hint: a line starts with one of 'spec', 'expect', 'machine', 'hypervisor', 'domain', 'env', 'process', 'filter', 'packet', 'actor', 'daemon', 'fault', 'check', 'mutant' or 'explore'
            hint: operations belong in an actor's indented block, under 'actor NAME on TARGET:'
            1 error generated.
            """)
    }

    func testNotADeclaration() {
        check("42 frames\n", """
            t.exo:1:1: error: expected a declaration, found '42'
            42 frames
            ^~
            hint: a line starts with one of 'spec', 'expect', 'machine', 'hypervisor', 'domain', 'env', 'process', 'filter', 'packet', 'actor', 'daemon', 'fault', 'check', 'mutant' or 'explore'
            1 error generated.
            """)
    }

    func testIndentedDeclaration() {
        check("  machine frames 4\n", """
            t.exo:1:3: error: unexpected indentation
              machine frames 4
              ^~~~~~~
            hint: only the statements of an actor and a spec's description are indented
            1 error generated.
            """)
    }

    func testDuplicatesPointAtTheFirst() {
        check("spec a\nspec b\nexpect holds\nexpect violation x\nmachine frames 4\nmachine cpus 2\n", """
            t.exo:2:1: error: duplicate 'spec' header
            spec b
            ^~~~
            t.exo:1:1: note: the spec was named here
            spec a
            ^~~~~~
            t.exo:4:1: error: duplicate 'expect'
            expect violation x
            ^~~~~~
            t.exo:3:1: note: the expectation was first stated here
            expect holds
            ^~~~~~~~~~~~
            t.exo:6:1: error: duplicate 'machine' declaration
            machine cpus 2
            ^~~~~~~
            hint: put all of its properties on one line
            t.exo:5:1: note: 'machine' was first declared here
            machine frames 4
            ^~~~~~~~~~~~~~~~
            3 errors generated.
            """)
    }

    func testMissingPropertyValue() {
        check("machine frames\n", """
            t.exo:1:15: error: expected a value after 'frames', found end of line
            machine frames
                          ^
            hint: properties are KEY VALUE pairs, as in 'frames 4'
            1 error generated.
            """)
    }

    func testNamesWithoutCommas() {
        check("domain d0 d1 : guest\ncheck grant-readonly maptrack-consistency\n", """
            t.exo:1:14: error: unexpected ':'
            domain d0 d1 : guest
                         ^
            hint: separate several names with commas, as in 'domain d0, d1 : guest'
            t.exo:2:22: error: expected ',' or end of line, found 'maptrack-consistency'
            check grant-readonly maptrack-consistency
                                 ^~~~~~~~~~~~~~~~~~~~
            hint: separate names with commas: check grant-readonly, maptrack-consistency
            2 errors generated.
            """)
    }

    func testAnyIsNotAPropertyValue() {
        check("machine frames any frame\n", """
            t.exo:1:16: error: 'any' is not allowed here
            machine frames any frame
                           ^~~
            hint: 'any SET' is an operand of an operation, not a property value or qualifier
            1 error generated.
            """)
    }

    func testFaultWithLet() {
        check("fault let x = revoke any frame\n", """
            t.exo:1:7: error: a fault cannot use 'let'
            fault let x = revoke any frame
                  ^~~
            hint: a fault is 'fault OPERATION OPERAND*'; nothing receives its result
            1 error generated.
            """)
    }

    func testActorWithoutAName() {
        // The emoji is no name: the lexer drops it, and the parser must not
        // take 'on' for the name (it suggested 'actor on on TARGET:').
        check("domain d0\nactor \u{1F600} on d0:\n  alloc\ndaemon on d0:\n  alloc\n", """
            t.exo:2:7: error: unexpected character '\u{1F600}'
            actor \u{1F600} on d0:
                  ^
            t.exo:2:9: error: expected the actor's name after 'actor', found 'on'
            actor \u{1F600} on d0:
                    ^~
            hint: write 'actor NAME on d0:'; a name starts with a letter or '_', then letters, digits, '_' and '-'
            t.exo:4:8: error: expected the actor's name after 'daemon', found 'on'
            daemon on d0:
                   ^~
            hint: write 'daemon NAME on d0:'; a name starts with a letter or '_', then letters, digits, '_' and '-'
            3 errors generated.
            """)
        // An actor may still be called 'on'.
        XCTAssertNotNil(SpecTestSupport.parseValid("actor on on d0:\n  alloc\n"))
    }

    func testTrailingWords() {
        check("expect holds now\n", """
            t.exo:1:14: error: expected end of line after the expectation, found 'now'
            expect holds now
                         ^~~
            1 error generated.
            """)
    }

    // MARK: actors and statements

    func testActorHeaderErrors() {
        check("actor a d0:\n  alloc\nactor b on d0\n  alloc\n", """
            t.exo:1:9: error: expected 'on' after the actor's name, found 'd0'
            actor a d0:
                    ^~
            hint: write 'actor a on TARGET:', where TARGET is a domain or an env
            t.exo:3:14: error: expected ':' after the actor header, found end of line
            actor b on d0
                         ^
            hint: a line that opens a block ends with ':'
            2 errors generated.
            """)
    }

    func testMissingBlock() {
        check("actor a on d0:\nexpect holds\n", """
            t.exo:2:1: error: expected an indented block after ':'
            expect holds
            ^~~~~~
            hint: the statements of 'actor' go on the following lines, indented deeper
            1 error generated.
            """)
    }

    func testCompoundStatementInline() {
        check("actor a on d0:\n  either: loop:\n    alloc\n  or: free 1\n", """
            t.exo:2:11: error: 'loop' cannot follow ':' on the same line
              either: loop:
                      ^~~~
            hint: only one simple statement fits on the line; put 'loop' on a line of its own, indented
            1 error generated.
            """)
    }

    func testOrWithoutEitherAndEitherWithoutOr() {
        check("actor a on d0:\n  alloc\n  or: free 1\n  either:\n    alloc\n  free 1\n", """
            t.exo:3:3: error: 'or' without a matching 'either'
              or: free 1
              ^~
            hint: an 'or:' must line up with the 'either:' it belongs to
            t.exo:4:3: error: 'either' needs at least one 'or' branch
              either:
              ^~~~~~
            hint: add 'or:' lined up with 'either:'; a single choice needs no 'either'
            2 errors generated.
            """)
    }

    func testLetWithIgnore() {
        check("actor a on d0:\n  let x = ignore alloc\n", """
            t.exo:2:11: error: a result bound with 'let' cannot also be ignored
              let x = ignore alloc
                      ^~~~~~
            hint: drop either 'let x =' or 'ignore'
            1 error generated.
            """)
    }

    func testPunctuationSlips() {
        check("actor a on d0:\n  grant_access d1, f\n  x = alloc\n  free 1:\n  free 1..\n", """
            t.exo:2:18: error: unexpected ','
              grant_access d1, f
                             ^
            hint: operands are separated by spaces, not commas
            t.exo:3:5: error: unexpected '='
              x = alloc
                ^
            hint: bind a result with 'let NAME = OPERATION OPERAND*'
            t.exo:4:9: error: unexpected ':'
              free 1:
                    ^
            hint: only 'loop', 'repeat N', 'either', 'or' and actor headers open a block with ':'
            t.exo:5:11: error: expected an integer after '..', found end of line
              free 1..
                      ^
            hint: a range is written lo..hi, as in 0..3
            4 errors generated.
            """)
    }

    func testMissingOperands() {
        check("actor a on d0:\n  free any\n  repeat n:\n    alloc\n  wait\n  let x = loop\n", """
            t.exo:2:11: error: expected a set after 'any', found end of line
              free any
                      ^
            hint: for example: any frame owned-by d, any 0..3
            t.exo:3:10: error: expected a count after 'repeat', found 'n'
              repeat n:
                     ^
            hint: for example: repeat 3:
            t.exo:5:7: error: expected an event after 'wait', found end of line
              wait
                  ^
            hint: for example: wait mapped g
            t.exo:6:11: error: 'loop' cannot be used as an operation name here
              let x = loop
                      ^~~~
            4 errors generated.
            """)
    }

    func testUnexpectedIndentationInBlock() {
        check("actor a on d0:\n  alloc\n    free 1\n", """
            t.exo:3:5: error: unexpected indentation
                free 1
                ^~~~
            hint: only the body of 'loop:', 'repeat N:', 'either:' and 'or:' is indented further
            1 error generated.
            """)
    }

    func testNestingLimit() {
        var text = "actor a on d0:\n"
        for level in 1...40 { text += String(repeating: " ", count: 2 * level) + "loop:\n" }
        text += String(repeating: " ", count: 82) + "alloc\n"
        let (ast, diags) = SpecParser.parse(text: text, file: "t.exo")
        XCTAssertNil(ast)
        XCTAssertEqual(diags.map(\.message), ["blocks are nested too deeply (more than 32 levels)"])
    }

    // MARK: several errors, ordering, limits

    func testEveryErrorIsReportedInSourceOrder() {
        let text = """
            spec bad
            expect hold
            machine frames 4 cpus
            domain d0 d1 : guest
            acter a on d0:
              alloc
            actor b on d0:
              let f = alloc
              let g = grant_access d1 f ro, x
                  oops
              or: alloc
              x = $
            explore depth

            """
        let (ast, diags) = SpecParser.parse(text: text, file: "t.exo")
        XCTAssertNil(ast)
        XCTAssertEqual(diags.map { "\($0.range.start.line):\($0.range.start.column) \($0.message)" }, [
            "2:8 expected 'holds' or 'violation' after 'expect', found 'hold'",
            "3:22 expected a value after 'cpus', found end of line",
            "4:14 unexpected ':'",
            "5:1 unknown declaration 'acter'",
            "9:31 unexpected ','",
            "11:3 'or' without a matching 'either'",
            "12:5 unexpected '='",
            "12:7 unexpected character '$'",
            "13:14 expected a value after 'depth', found end of line",
        ])
    }

    func testErrorLimit() {
        let text = String(repeating: "$\n", count: 80)
        var bag = DiagnosticBag(source: SourceFile(name: "t.exo", text: text), errorLimit: 5)
        _ = SpecParser.parse(into: &bag)
        let messages = bag.sorted.map(\.message)
        XCTAssertEqual(messages.count, 6)
        XCTAssertEqual(messages.last, "too many errors; stopping after 5")
    }

    // MARK: rendering

    func testRenderingOfNotesHintsAndWarnings() {
        let source = SourceFile(name: "x.exo", text: "domain d0 : guest\nactor a on\td9:\n  alloc\n")
        var bag = DiagnosticBag(source: source)
        let target = source.range(29, 31)
        bag.error("unknown domain 'd9'", at: target, hints: ["did you mean 'd0'?"],
                  notes: [bag.note("domains are declared here", at: source.range(0, 6)),
                          DiagnosticNote(message: "names are bound by declarations and 'let'")])
        bag.warning("actor 'a' never terminates", at: source.range(18, 23))
        XCTAssertEqual(bag.sorted.rendered, """
            x.exo:2:1: warning: actor 'a' never terminates
            actor a on\td9:
            ^~~~~
            x.exo:2:12: error: unknown domain 'd9'
            actor a on d9:
                       ^~
            hint: did you mean 'd0'?
            x.exo:1:1: note: domains are declared here
            domain d0 : guest
            ^~~~~~
            note: names are bound by declarations and 'let'
            1 error and 1 warning generated.
            """.replacingOccurrences(of: "on\td9:\n^~~~~", with: "on d9:\n^~~~~"))
    }

    func testMultiLineRangeUnderlinesToEndOfLine() {
        let source = SourceFile(name: "x.exo", text: "spec s\n  \"one\n   two\"\n")
        var bag = DiagnosticBag(source: source)
        bag.error("description too long", at: source.range(9, 22))
        XCTAssertEqual(bag.sorted.rendered, """
            x.exo:2:3: error: description too long
              "one
              ^~~~
            1 error generated.
            """)
    }

    func testSpecErrorsRenderLikeTheirDiagnostics() {
        XCTAssertThrowsError(try SpecParser.parseOrThrow(text: "acter\n", file: "t.exo")) { error in
            guard let e = error as? SpecErrors else { return XCTFail("not SpecErrors") }
            XCTAssertEqual(e.diagnostics.count, 1)
            XCTAssertEqual(e.description, e.diagnostics.rendered)
            XCTAssertTrue(e.description.hasPrefix("t.exo:1:1: error: unknown declaration 'acter'\nacter\n^~~~~\n"))
        }
    }
}
