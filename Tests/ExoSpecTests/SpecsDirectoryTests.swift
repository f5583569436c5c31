import Foundation
import XCTest
@testable import ExoSpec

/// Every `specs/**/*.exo` of the repository parses, is in canonical form,
/// formats stably and elaborates (against the stack's own catalogues).
final class SpecsDirectoryTests: XCTestCase {
    static func specFiles() -> [URL] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("specs")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var out: [URL] = []
        for case let url as URL in walker where url.pathExtension == "exo" { out.append(url) }
        return out.sorted { $0.path < $1.path }
    }

    func testEverySpecParsesFormatsAndElaborates() throws {
        let files = SpecsDirectoryTests.specFiles()
        try XCTSkipIf(files.isEmpty, "no specs/*.exo yet")
        for url in files {
            let text = try String(contentsOf: url, encoding: .utf8)
            let name = url.lastPathComponent
            let (ast, diags) = SpecParser.parse(text: text, file: name)
            guard let ast else {
                XCTFail("\(name) does not parse:\n" + diags.rendered)
                continue
            }
            let once = SpecFormatter.format(ast)
            XCTAssertEqual(once, text, "\(name) is not in canonical form (run exocheck fmt)")
            let again = try XCTUnwrap(SpecParser.parse(text: once, file: name).0)
            XCTAssertEqual(SpecFormatter.format(again), once, "\(name): fmt is not idempotent")
            XCTAssertEqual(try SpecTestSupport.shape(again), try SpecTestSupport.shape(ast), "\(name): fmt changes the tree")
            let (system, errors) = SpecCompiler.check(text: text, file: name)
            XCTAssertNotNil(system, "\(name) does not elaborate:\n" + errors.rendered)
        }
    }
}
