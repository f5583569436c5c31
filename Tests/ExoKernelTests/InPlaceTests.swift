import XCTest
import ExoCore
@testable import ExoKernel

/// The exokernel compared where it lies (`Exokernel.equal(at:_:)`): the
/// World compares the exokernels of two cells this way, field by field,
/// instead of copying each whole. What must hold: the answer of `==`, with
/// no field left out. (`encode(at:into:now:)` is the one encoding:
/// `encode(into:now:)` calls it.)
final class InPlaceTests: XCTestCase {
    private func equalInPlace(_ a: Exokernel, _ b: Exokernel) -> Bool {
        withUnsafePointer(to: a) { pa in withUnsafePointer(to: b) { pb in Exokernel.equal(at: pa, pb) } }
    }

    func testEveryStoredFieldIsCompared() {
        XCTAssertEqual(Mirror(reflecting: makeKernel()).children.count, Exokernel.comparedFields,
                       "a new stored field of Exokernel must be compared in equal(at:_:)")
    }

    func testEqualInPlaceAgreesWithEquality() {
        let base = makeKernel()
        XCTAssertTrue(equalInPlace(base, base))
        XCTAssertTrue(equalInPlace(base, makeKernel()), "equal values in different memory")
        let changes: [(String, (inout Exokernel) -> Void)] = [
            ("clock", { $0.clock = 7 }),
            ("frames", { $0.frames.append($0.frames[0]) }),
            ("freeList", { $0.freeList.append(99) }),
            ("quarantine", { $0.quarantine.append(1) }),
            ("envs", { $0.envs[0].penalties = 3 }),
            ("capabilities", { $0.capabilities = CapabilityTable(capacity: 1) }),
            ("tlbs", { $0.tlbs.append(TranslationCache(capacity: 1)) }),
            ("cpus", { $0.cpus.append(CPUState()) }),
            ("slices", { $0.slices[0] = 2 }),
            ("handlerMemory", { $0.handlerMemory.append(1) }),
            ("mutants", { $0.mutants = .stlbKeptAfterAbort }),
        ]
        assertEveryChangeIsSeen(base, changes, equalInPlace: equalInPlace)
        let otherConfig = makeKernel { $0.quantum += 1 }
        XCTAssertNotEqual(otherConfig, base)
        XCTAssertFalse(equalInPlace(otherConfig, base), "config is compared")
        // The cold tables' four fields are one stored property (their box),
        // compared by `ColdTables`' `==`, which compares every field.
        let coldFields = Mirror(reflecting: Exokernel.ColdTables(capabilities: CapabilityTable(capacity: 0), cpus: [], slices: [],
                                                                 handlerMemory: [])).children.count
        XCTAssertEqual(coldFields, 4, "a new field of Exokernel.ColdTables needs a change here")
        XCTAssertEqual(changes.count + 1, Exokernel.comparedFields - 1 + coldFields)
    }
}

/// The cold tables (capabilities, CPUs, slices, handler memory) sit in one
/// copy-on-write box: copies are independent, and the coded form keeps
/// them under their own names.
final class ColdTablesBoxTests: XCTestCase {
    func testACopyIsAnIndependentValue() {
        let a = makeKernel()
        var b = a
        b.slices[0] = 1
        b.handlerMemory[2] = 7
        b.cpus[0].running = 0
        XCTAssertEqual(b.createEnv().status, .ok)  // mints a root capability
        XCTAssertEqual(a.slices[0], -1)
        XCTAssertEqual(a.handlerMemory[2], 0)
        XCTAssertEqual(a.cpus[0].running, -1)
        XCTAssertNil(a.capabilities.record(0))
        XCTAssertNotNil(b.capabilities.record(0))
        XCTAssertEqual(b.slices[0], 1)
        XCTAssertNotEqual(a, b)
        var c = a
        c.slices[0] = -1  // writes, changes nothing: a new box, an equal value
        XCTAssertEqual(a, c)
    }

    func testTheCodedFormKeepsTheFieldNames() throws {
        var k = makeKernel()
        k.slices[1] = 0
        let data = try JSONEncoder().encode(k)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["config", "mutants", "clock", "frames", "freeList", "quarantine", "envs",
                                          "capabilities", "tlbs", "cpus", "slices", "handlerMemory"])
        XCTAssertEqual(object["slices"] as? [Int], [-1, 0, -1, -1])
        XCTAssertEqual(try JSONDecoder().decode(Exokernel.self, from: data), k)
    }
}
