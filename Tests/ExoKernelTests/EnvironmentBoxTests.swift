import Foundation
import XCTest
@testable import ExoKernel

/// An environment keeps its fields behind one copy-on-write reference.
/// What must hold: copies are independent values, equality is the fields'
/// (not the boxes'), and the coded form, which trace snapshots store, is
/// the fields themselves under their own names.
final class EnvironmentBoxTests: XCTestCase {
    private func fresh() -> Environment { Environment(config: ExoConfig(), frames: 4) }

    func testACopyIsAnIndependentValue() {
        let a = fresh()
        var b = a
        b.owned.append(3)
        b.status = .alive
        XCTAssertEqual(a.owned, [])
        XCTAssertEqual(a.status, .free)
        XCTAssertEqual(b.owned, [3])
        XCTAssertNotEqual(a, b)
        // Environments in an array: a write to one element leaves the others.
        var envs = Array(repeating: fresh(), count: 3)
        envs[1].penalties = 2
        XCTAssertEqual(envs.map(\.penalties), [0, 2, 0])
    }

    func testEqualityIsTheFields() {
        var a = fresh(), b = fresh()  // separate boxes
        XCTAssertEqual(a, b)
        a.revocations.append(RevocationRecord(frame: 1, issued: 0, deadline: 5))
        XCTAssertNotEqual(a, b)
        b.revocations.append(RevocationRecord(frame: 1, issued: 0, deadline: 5))
        XCTAssertEqual(a, b)
        b.filterOverran = true
        XCTAssertNotEqual(a, b)
    }

    func testTheCodedFormIsTheFields() throws {
        var env = fresh()
        env.status = .alive
        env.owned = [0, 2]
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        let data = try e.encode(env)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(object.keys.sorted(), ["bindings", "caps", "filterOverran", "guaranteed", "libos", "owned", "penalties",
                                               "pendingFault", "repossessed", "revocations", "rxQueue", "status", "stlb", "upcalls"])
        XCTAssertEqual(object["owned"] as? [Int], [0, 2])
        let back = try JSONDecoder().decode(Environment.self, from: data)
        XCTAssertEqual(back, env)
        XCTAssertEqual(try e.encode(back), data)
    }
}
