import XCTest
@testable import ExoSpec

final class SourceFileTests: XCTestCase {
    func testLocationsAndLines() {
        let f = SourceFile(name: "x", text: "ab\r\nçd e\n\nz")
        XCTAssertEqual(f.lineCount, 4)
        XCTAssertEqual(f.line(1), "ab")
        XCTAssertEqual(f.line(2), "çd e")
        XCTAssertEqual(f.line(3), "")
        XCTAssertEqual(f.line(9), "")
        XCTAssertEqual(f.location(ofOffset: 0), SourceLocation(line: 1, column: 1, offset: 0))
        XCTAssertEqual(f.location(ofOffset: 4), SourceLocation(line: 2, column: 1, offset: 4))
        XCTAssertEqual(f.location(ofOffset: 6), SourceLocation(line: 2, column: 2, offset: 6), "ç is one column")
        XCTAssertEqual(f.location(ofOffset: 8), SourceLocation(line: 2, column: 4, offset: 8))
        XCTAssertEqual(f.location(ofOffset: 11), SourceLocation(line: 4, column: 1, offset: 11))
        XCTAssertEqual(f.location(ofOffset: 99), SourceLocation(line: 4, column: 2, offset: 12), "clamped to the end")
    }

    func testAVeryLongLineParses() {
        // Locations are a lookup, not a walk along the line, so 20 000
        // tokens on one line stay linear.
        let text = "actor a on d0: " + String(repeating: "x ", count: 20_000)
        let (ast, diags) = SpecParser.parse(text: text, file: "long.exo")
        XCTAssertEqual(diags, [])
        guard case .call(let c)? = ast?.actors.first?.body.first?.kind else { return XCTFail("no call") }
        XCTAssertEqual(c.arguments.count, 19_999)
        XCTAssertEqual(c.arguments.last?.range.start.column, 15 + 2 * 19_999 + 1)
    }
}
