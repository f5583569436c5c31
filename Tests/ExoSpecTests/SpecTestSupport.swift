import Foundation
import XCTest
@testable import ExoSpec

/// Helpers shared by the ExoSpec tests.
enum SpecTestSupport {
    /// The ```exo examples of docs/spec-language.md, with their headings.
    static func documentedExamples() throws -> [(title: String, text: String)] {
        let here = URL(fileURLWithPath: #filePath)
        let doc = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/spec-language.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        var out: [(String, String)] = []
        var title = ""
        var inside = false
        var body: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### ") { title = String(line.dropFirst(4)) }
            if inside {
                if line == "```" {
                    out.append((title, body.joined(separator: "\n") + "\n"))
                    inside = false
                } else {
                    body.append(line)
                }
            } else if line == "```exo" {
                inside = true
                body = []
            }
        }
        return out
    }

    /// The tree's JSON with source ranges left out: equal exactly when two
    /// trees are equal modulo positions.
    static func shape(_ ast: SpecAST) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        enc.userInfo[SourceRange.omittedKey] = true
        return String(decoding: try enc.encode(ast), as: UTF8.self)
    }

    /// Parses text that must be valid; fails the test with the diagnostics otherwise.
    static func parseValid(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> SpecAST? {
        let (ast, diags) = SpecParser.parse(text: text, file: "t.exo")
        if ast == nil || !diags.isEmpty {
            XCTFail("unexpected diagnostics:\n" + diags.rendered, file: file, line: line)
        }
        return ast
    }

    /// Compares rendered diagnostics with golden text, showing both in full.
    static func assertRendered(_ got: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got, expected, "\n--- got:\n\(got)\n--- expected:\n\(expected)", file: file, line: line)
    }

    /// The rendered diagnostics of text that must be invalid.
    static func errors(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let (ast, diags) = SpecParser.parse(text: text, file: "t.exo")
        XCTAssertNil(ast, "expected the spec to be rejected", file: file, line: line)
        return diags.rendered
    }
}
