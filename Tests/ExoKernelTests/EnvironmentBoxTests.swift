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

    /// Every operation starts by pruning resolved revocation records. An
    /// environment with records but none to prune must keep its box: a
    /// write that removes nothing would copy it, and the explorer would no
    /// longer see a refused call as a step back to the same state.
    func testPruningNothingKeepsTheBox() {
        var k = makeKernel()
        let (_, a) = k.createEnv()
        _ = k.allocFrame(a, frame: 100, capSlot: 0)
        XCTAssertEqual(k.requestRevocation(a, frame: 100, now: 1), .ok)
        XCTAssertFalse(k.envs[a].revocations.isEmpty)
        var next = k
        next.begin(2)
        XCTAssertEqual(next.envs[a].revocations, k.envs[a].revocations)
        XCTAssertTrue(next.envs[a].sharesStorage(with: k.envs[a]))
        // A stale record (resolved and disarmed) is still pruned.
        var stale = k
        stale.envs[a].revocations = k.envs[a].revocations.map { var r = $0; r.compliedAt = 2; r.armed = false; return r }
        stale.begin(3)
        XCTAssertEqual(stale.envs[a].revocations, [])
        XCTAssertEqual(k.envs[a].revocations.count, 1, "the original keeps its record")
    }

    /// Environments with different boxes are compared field by field where
    /// the fields lie (`Fields.equal(at:_:)`): each field must count.
    func testEveryFieldIsCompared() {
        let base = fresh()
        let fields = Environment.Fields(caps: [], stlb: TranslationCache(capacity: 1), libos: LibOSState(config: ExoConfig(), frames: 4))
        XCTAssertEqual(Mirror(reflecting: fields).children.count, Environment.Fields.comparedFields,
                       "a new stored field of Environment.Fields must be compared in equal(at:_:)")
        let changes: [(String, (inout Environment) -> Void)] = [
            ("status", { $0.status = .alive }),
            ("caps", { $0.caps[0] = 4 }),
            ("upcalls", { $0.upcalls = { var u = UpcallEntries(); u.revocation = 1; return u }() }),
            ("bindings", { $0.bindings.append(SecureBinding(vpage: 1, frame: 2, rights: .read, cap: 0)) }),
            ("stlb", { $0.stlb = TranslationCache(capacity: 1) }),
            ("owned", { $0.owned.append(1) }),
            ("guaranteed", { $0.guaranteed.append(1) }),
            ("revocations", { $0.revocations.append(RevocationRecord(frame: 1, issued: 0, deadline: 5)) }),
            ("repossessed", { $0.repossessed.append(1) }),
            ("pendingFault", { $0.pendingFault = 3 }),
            ("penalties", { $0.penalties = 1 }),
            ("filter", { $0.filter = [] }),
            ("rxQueue", { $0.rxQueue.append([1]) }),
            ("filterOverran", { $0.filterOverran = true }),
            ("libos", { $0.libos.current = 0 }),
        ]
        XCTAssertEqual(changes.count, Environment.Fields.comparedFields)
        for (field, change) in changes {
            var e = fresh()  // a box of its own: compared field by field
            change(&e)
            XCTAssertFalse(e == base, "\(field) is compared")
            XCTAssertFalse(base == e, "\(field) is compared")
        }
        XCTAssertTrue(fresh() == base, "equal fields in different boxes")
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
