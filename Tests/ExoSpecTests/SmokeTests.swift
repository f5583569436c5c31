import XCTest
@testable import ExoSpec

final class SmokeTests: XCTestCase {
    func testSmoke() throws {
        let path = "/tmp/spec-smoke/a.exo"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        let (ast, diags) = SpecParser.parse(text: text, file: "a.exo")
        print(diags.rendered)
        if let ast {
            let f = SpecFormatter.format(ast)
            print(f)
            print("IDEMPOTENT:", SpecFormatter.format(SpecParser.parse(text: f, file: "b").0!) == f)
        }
    }
}
