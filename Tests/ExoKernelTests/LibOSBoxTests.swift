import Foundation
import XCTest
@testable import ExoKernel

/// A library OS keeps its fields behind one copy-on-write reference, as an
/// environment does. What must hold: copies are independent values,
/// equality (and its in-place form) is the fields', every field is compared,
/// and the coded form is the fields under their own names.
final class LibOSBoxTests: XCTestCase {
    private func fresh() -> LibOSState { LibOSState(config: ExoConfig(), frames: 4) }

    private func equalInPlace(_ a: LibOSState, _ b: LibOSState) -> Bool {
        withUnsafePointer(to: a) { pa in withUnsafePointer(to: b) { pb in LibOSState.equal(at: pa, pb) } }
    }

    func testACopyIsAnIndependentValue() {
        let a = fresh()
        var b = a
        b.processes[1].alive = true
        b.current = 1
        XCTAssertEqual(a.processes.map(\.alive), [false, false, false])
        XCTAssertEqual(a.current, -1)
        XCTAssertEqual(b.processes.map(\.alive), [false, true, false])
        XCTAssertEqual(b.current, 1)
        XCTAssertNotEqual(a, b)
    }

    func testEqualityIsTheFieldsAndEveryFieldIsCompared() {
        let base = fresh()
        XCTAssertTrue(equalInPlace(base, base))
        XCTAssertEqual(base, fresh(), "equal values in different boxes")
        XCTAssertTrue(equalInPlace(base, fresh()))
        let changes: [(String, (inout LibOSState) -> Void)] = [
            ("processes", { $0.processes[0].container = 1 }),
            ("holder", { $0.holder[2] = 0 }),
            ("grants", { $0.grants[1] = true }),
            ("current", { $0.current = 0 }),
        ]
        let fieldCount = withUnsafePointer(to: base) { Mirror(reflecting: LibOSState.fields(at: $0).pointee).children.count }
        XCTAssertEqual(changes.count, fieldCount,
                       "a new field of LibOSState.Fields needs a change here")
        assertEveryChangeIsSeen(base, changes, equalInPlace: equalInPlace)
    }

    func testTheCodedFormIsTheFields() throws {
        var l = fresh()
        l.current = 2
        l.holder[0] = 1
        let data = try JSONEncoder().encode(l)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["processes", "holder", "grants", "current"])
        XCTAssertEqual(object["current"] as? Int, 2)
        XCTAssertEqual(try JSONDecoder().decode(LibOSState.self, from: data), l)
    }
}
