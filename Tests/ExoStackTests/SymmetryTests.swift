import ExoCore
import XCTest
@testable import ExoStack

final class SymmetryTests: XCTestCase {
    func call(_ op: Op, _ args: [OperandExpr]) -> Stmt { .call(Call(op: op, args: args)) }

    /// dom0 plus `n` identical adversarial guests in one symmetry group.
    func system(guests n: Int, mutants: [String] = [], dom0InGroup: Bool = false) throws -> SystemSpec {
        var domains = [DomainSpec(name: "dom0")]
        for i in 1...n { domains.append(DomainSpec(name: "d\(i)")) }
        var actors: [ActorSpec] = []
        let members = dom0InGroup ? Array(0..<n) : Array(1...n)
        for d in members {
            let me = OperandExpr.value(Int32(d))
            let body: [Stmt] = [.loop([.either([
                [call(.alloc, [])],
                [call(.grantAccess, [.any(SetExpr(.domainOtherThan, [me])), .any(SetExpr(.frameOwnedBy, [me])), .any(SetExpr(.rights))])],
                [call(.mapGrantRef, [.any(SetExpr(.grantOfferedTo, [me])), .any(SetExpr(.rights)), .value(1)])],
                [call(.unmapGrantRef, [.any(SetExpr(.mappingOf, [me])), .value(1)])],
                [call(.endAccess, [.any(SetExpr(.grantOf, [me]))])],
            ])])]
            actors.append(ActorSpec(name: "d=\(d)", principal: .domain(Int32(d)), program: try Program.compile(body), symmetryGroup: 0))
        }
        return SystemSpec(name: "sym", machine: MachineConfig(frames: 2),
                          hypervisor: HypervisorConfig(grantEntries: 1, maptrackSlots: 1, ports: 1),
                          domains: domains, actors: actors, mutants: mutants)
    }

    /// Reachable states, fingerprinting either plainly or by symmetry class.
    func explore(_ m: SystemModel, symmetric: Bool) -> (states: Int, violated: Set<String>) {
        var seen: Set<UInt64> = []
        var queue = [m.initialState()]
        var violated: Set<String> = []
        func fp(_ w: World) -> UInt64 {
            var e = CanonicalEncoder()
            if symmetric { m.symmetricFingerprintBytes(of: w, into: &e) } else { m.fingerprintBytes(of: w, into: &e) }
            return e.fingerprint64()
        }
        seen.insert(fp(queue[0]))
        var i = 0
        while i < queue.count {
            let s = queue[i]; i += 1
            for v in m.violations(of: s) { violated.insert(v.invariant) }
            for a in m.actions(of: s) {
                var t = s
                _ = m.apply(a, to: &t)
                if seen.insert(fp(t)).inserted { queue.append(t) }
            }
        }
        return (seen.count, violated)
    }

    func testIdenticalGuestsFoldAndKeepTheBugCaught() throws {
        let m = try SystemModel(system: try system(guests: 2))
        XCTAssertTrue(m.hasSymmetry)
        let plain = explore(m, symmetric: false), folded = explore(m, symmetric: true)
        XCTAssertEqual(plain.violated, [])
        XCTAssertEqual(folded.violated, [])
        XCTAssertLessThan(folded.states, plain.states)
        // Swapping two guests at most halves the space.
        XCTAssertGreaterThanOrEqual(folded.states * 2, plain.states)

        let bug = try SystemModel(system: try system(guests: 2, mutants: ["end-access-while-mapped"]))
        XCTAssertTrue(explore(bug, symmetric: true).violated.contains("grant-authorized"))
    }

    func testRenamingTwiceIsTheIdentity() throws {
        let m = try SystemModel(system: try system(guests: 2))
        var w = m.initialState()
        var seen = 0
        for _ in 0..<6 {  // walk a few steps so the state references both guests
            let acts = m.actions(of: w)
            guard !acts.isEmpty else { break }
            _ = m.apply(acts[seen % acts.count], to: &w)
            seen += 3
        }
        let p = m.symmetry.perms[0]
        let twice = Symmetry.rename(Symmetry.rename(w, domains: p.domains, actors: p.actors), domains: p.domains, actors: p.actors)
        XCTAssertEqual(twice, w)
        XCTAssertEqual(m.violations(of: Symmetry.rename(w, domains: p.domains, actors: p.actors)), [])
    }

    func testDom0AndAsymmetricProgramsGetNoSymmetry() throws {
        XCTAssertFalse(try SystemModel(system: try system(guests: 2, dom0InGroup: true)).hasSymmetry)
        var s = try system(guests: 2)
        // d1's program names dom0... and d2's names d1: not a renaming of each other.
        s.actors[1].program = try Program.compile([call(.grantAccess, [.value(1), .value(0), .value(0)])])
        XCTAssertFalse(try SystemModel(system: s).hasSymmetry)
    }
}
