import XCTest
@testable import ExoSpec

final class ScratchTests: XCTestCase {
    func testPrint() throws {
        let all = try String(contentsOfFile: "/tmp/spec-smoke/cases.txt", encoding: .utf8)
        for c in all.components(separatedBy: "===\n") {
            print("----- INPUT\n" + c + "----- OUTPUT")
            print(SpecParser.parse(text: c, file: "t.exo").1.rendered)
        }
    }
}
