import XCTest
import Foundation
import ExoStack
@testable import ExoSpec

final class ScratchTests: XCTestCase {
    func testPrint() throws {
        let all = try String(contentsOfFile: "/tmp/spec-smoke/ecases.txt", encoding: .utf8)
        for c in all.components(separatedBy: "===\n") {
            print("----- INPUT\n" + c + "----- OUTPUT")
            print(SpecCompiler.check(text: c, file: "t.exo", catalogues: .design).1.rendered)
        }
    }
}
