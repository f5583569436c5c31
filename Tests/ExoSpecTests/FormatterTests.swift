import XCTest
@testable import ExoSpec

final class FormatterTests: XCTestCase {
    private func fmt(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        guard let ast = SpecTestSupport.parseValid(text, file: file, line: line) else { return "" }
        return SpecFormatter.format(ast)
    }

    /// fmt(fmt(x)) == fmt(x), and parse(fmt(x)) == parse(x) modulo ranges.
    private func assertStable(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        guard let ast = SpecTestSupport.parseValid(text, file: file, line: line) else { return }
        let once = SpecFormatter.format(ast)
        guard let again = SpecTestSupport.parseValid(once, file: file, line: line) else {
            return XCTFail("\(what): formatted text does not parse:\n\(once)", file: file, line: line)
        }
        XCTAssertEqual(SpecFormatter.format(again), once, "\(what): fmt is not idempotent", file: file, line: line)
        XCTAssertEqual(try SpecTestSupport.shape(again), try SpecTestSupport.shape(ast),
                       "\(what): parse(fmt(x)) differs from x", file: file, line: line)
    }

    func testDocumentedExamplesAreCanonicalAndStable() throws {
        let examples = try SpecTestSupport.documentedExamples()
        XCTAssertGreaterThanOrEqual(examples.count, 5)
        for (title, text) in examples {
            try assertStable(text, title)
            let (ast, _) = SpecParser.parse(text: text, file: title)
            if let ast {
                XCTAssertEqual(SpecFormatter.format(ast), text, "the example '\(title)' is not in canonical form")
            }
        }
    }

    func testCanonicalOrderSpacingAndBlankLines() {
        let messy = """
            explore   strategy bfs depth 4
            mutant   b-bug ,a-bug
            check all
            fault destroy   any domain
            actor a on d0:
                loop:
                      alloc
            domain d0,d1:guest
            machine frames 0x10
            expect holds
            spec   s   "Describe."
            hypervisor grant-entries 2

            """
        XCTAssertEqual(fmt(messy), """
            spec s
              "Describe."
            expect holds

            machine frames 16
            hypervisor grant-entries 2
            domain d0, d1 : guest

            actor a on d0:
              loop:
                alloc

            fault destroy any domain

            check all
            mutant b-bug, a-bug
            explore strategy bfs depth 4

            """)
    }

    func testOneStatementArmsGoInline() {
        let text = """
            actor a on d0:
              either:
                alloc
              or:
                free 1
                free 2
              or:  # why
                notify 0
              or:
                # before
                notify 1

            """
        XCTAssertEqual(fmt(text), """
            actor a on d0:
              either: alloc
              or:
                free 1
                free 2
              or:  # why
                notify 0
              or:
                # before
                notify 1

            """)
    }

    func testCommentsArePreserved() throws {
        let text = """
            # file comment
            spec s  # name
              "Desc."  # desc

            # machine
            machine frames 4  # four
            actor a on d0:  # header
              # before alloc
              alloc  # after
              repeat 2:  # twice
                free 1
                # end of block
            # end of file

            """
        XCTAssertEqual(fmt(text), """
            # file comment
            spec s  # name
              "Desc."  # desc

            # machine
            machine frames 4  # four

            actor a on d0:  # header
              # before alloc
              alloc  # after
              repeat 2:  # twice
                free 1

            # end of block
            # end of file

            """)
        try assertStable(text, "comments")
    }

    func testCommentBeforeTheDescriptionMovesAboveTheHeader() throws {
        let text = "spec s\n  # why\n  \"Desc.\"\n"
        XCTAssertEqual(fmt(text), "# why\nspec s\n  \"Desc.\"\n")
        try assertStable(text, "description comment")
    }

    func testLongDescriptionIsWrappedAndReadsBackTheSame() throws {
        let words = (1...40).map { "word\($0)" }.joined(separator: " ")
        let text = "spec s \"\(words)  two  spaces \\\"quoted\\\" tab\\there\"\n"
        let out = fmt(text)
        for l in out.split(separator: "\n") { XCTAssertLessThanOrEqual(l.count, 80, String(l)) }
        XCTAssertGreaterThan(out.split(separator: "\n").count, 4)
        try assertStable(text, "wrapped description")
        let back = SpecTestSupport.parseValid(out)
        XCTAssertEqual(back?.header?.description, words + "  two  spaces \"quoted\" tab\there")
    }

    func testTextBlocksAreReindented() throws {
        let text = "filter f0 on e0 code |  # bytecode\n        ld8 12\n          jne 8 reject\n\n        accept\n"
        XCTAssertEqual(fmt(text), "filter f0 on e0 code |  # bytecode\n  ld8 12\n    jne 8 reject\n\n  accept\n")
        try assertStable(text, "text block")
        let inArm = "actor a on d0:\n  either: download f |\n      accept\n  or: alloc\n"
        XCTAssertEqual(fmt(inArm), "actor a on d0:\n  either: download f |\n    accept\n  or: alloc\n")
        try assertStable(inArm, "text block in an arm")
    }

    func testEveryConstructRoundTrips() throws {
        let text = """
            spec every-construct
            expect violation grant-readonly
            machine frames 4 cpus 1 tlb 4 nic 1
            hypervisor grant-entries 2 maptrack 2 ports 4
            domain d0, d1, d2 : guest
            domain u0 : unikernel app echo modules net, tcpip, console
            env e0, e1 on x0 frames 1..2
            process p0 on e0 container c0 label "p zero"
            filter f0 on e0 code |
              accept
            actor a on d0:
              let f = alloc
              let g = grant_access d1 f ro
              wait mapped g 3 "x" 0..2
              ignore end_access g
            actor each d in d0, d1, d2:
              loop:
                either: alloc
                or: free any frame owned-by d
                or: grant_access any domain other-than d any frame owned-by d any rights
                or:
                  repeat 3:
                    notify any port of d
                  copy any 0..3 any grant offered-to d except 2
            fault revoke any frame owned-by e0 deadline 2 then abort
            fault destroy any domain
            check all
            check grant-readonly, maptrack-consistency
            mutant end-access-while-mapped
            explore strategy bfs depth 40 states 1000000

            """
        try assertStable(text, "every construct")
    }

    func testEmptySpecFormatsToNothing() {
        XCTAssertEqual(fmt(""), "")
        XCTAssertEqual(fmt("# just this\n"), "# just this\n")
    }

    func testFormatTextThrowsOnErrors() {
        XCTAssertThrowsError(try SpecFormatter.format(text: "machine frames\n", file: "t.exo"))
        XCTAssertEqual(try SpecFormatter.format(text: "machine  frames 4\n", file: "t.exo"), "machine frames 4\n")
    }
}
