import ExoCore
import XCTest
@testable import ExoStack
@testable import ExoXen

/// A tiny exhaustive search, written independently of ExoCheck, so the
/// model's own tests do not depend on the explorer.
func naiveReachable(_ m: SystemModel, limit: Int = 100_000) -> (states: Int, violations: [Violation]) {
    var seen: [UInt64: Bool] = [:]
    var queue = [m.initialState()]
    seen[m.fingerprint64(of: queue[0])] = true
    var found: [Violation] = []
    var i = 0
    while i < queue.count && seen.count < limit {
        let s = queue[i]; i += 1
        found += m.violations(of: s)
        if !found.isEmpty { break }
        for a in m.actions(of: s) {
            var t = s
            _ = m.apply(a, to: &t)
            let fp = m.fingerprint64(of: t)
            if seen[fp] == nil { seen[fp] = true; queue.append(t) }
        }
    }
    return (seen.count, found)
}

final class SystemModelTests: XCTestCase {
    func call(_ op: Op, _ args: [OperandExpr] = [], bind: Int? = nil, ignore: Bool = false) -> Stmt {
        .call(Call(op: op, args: args, bind: bind, ignore: ignore))
    }

    /// d0 grants a frame to d1 read-only and ends access (retrying while
    /// mapped); d1 maps and unmaps whatever is offered.
    func grantSystem(mutants: [String] = [], ignoreEnd: Bool = false, reuse: Bool = false,
                     granterKind: DomainKind = .guest) throws -> SystemSpec {
        var granter: [Stmt] = [
            call(.alloc, bind: 0),
            call(.grantAccess, [.value(1), .local(0), .value(1)], bind: 1),
            call(.endAccess, [.local(1)], ignore: ignoreEnd),
        ]
        if reuse { granter.append(call(.free, [.local(0)])) }
        let mapper: [Stmt] = [.loop([.either([
            [call(.mapGrantRef, [.any(SetExpr(.grantOfferedTo, [.value(1)])), .value(1), .value(1)])],
            [call(.unmapGrantRef, [.any(SetExpr(.mappingOf, [.value(1)])), .value(1)])],
        ])])]
        return SystemSpec(
            name: "grant", machine: MachineConfig(frames: 3),
            hypervisor: HypervisorConfig(grantEntries: 2, maptrackSlots: 2, ports: 2),
            domains: [DomainSpec(name: "d0", kind: granterKind, initialFrames: granterKind == .guest ? 0 : 2),
                      DomainSpec(name: "d1")],
            actors: [
                ActorSpec(name: "a0", principal: .domain(0), program: try Program.compile(granter, namedLocals: ["f", "g"])),
                // A server: it may wait for ever once nothing is offered.
                ActorSpec(name: "a1", principal: .domain(1), program: try Program.compile(mapper), isDaemon: true),
            ],
            mutants: mutants)
    }

    func testCorrectGrantProtocolHolds() throws {
        let m = try SystemModel(system: try grantSystem(reuse: true))
        let r = naiveReachable(m)
        XCTAssertEqual(r.violations, [])
        XCTAssertGreaterThan(r.states, 5)
    }

    func testEndAccessWhileMappedIsCaught() throws {
        let m = try SystemModel(system: try grantSystem(mutants: ["end-access-while-mapped"]))
        let r = naiveReachable(m)
        XCTAssertTrue(r.violations.contains { $0.invariant == "grant-authorized" }, "\(r.violations)")
    }

    /// Xen itself keeps a granted frame alive when a plain guest frees it;
    /// a unikernel that ignores a refused end_access and hands the page back
    /// to its allocator reuses memory the peer still maps.
    func testBuggyUnikernelThatIgnoresEndAccessAndReusesIsCaught() throws {
        let uk = DomainKind.unikernel(UnikernelSpec(app: "app", modules: ["console"]))
        let plain = naiveReachable(try SystemModel(system: try grantSystem(ignoreEnd: true, reuse: true)))
        XCTAssertEqual(plain.violations, [])
        let correct = naiveReachable(try SystemModel(system: try grantSystem(reuse: true, granterKind: uk)))
        XCTAssertEqual(correct.violations, [])
        let buggy = naiveReachable(try SystemModel(system: try grantSystem(ignoreEnd: true, reuse: true, granterKind: uk)))
        XCTAssertTrue(buggy.violations.contains { $0.invariant == "no-reuse-while-mapped" }, "\(buggy.violations)")
    }

    /// `isUnchanged` answers from shared buffers: true for an untouched
    /// copy and for a refused step, false after any write, and false (not
    /// wrong, only slower) for a buffer that was written back unchanged.
    func testIsUnchangedAnswersFromSharedBuffers() throws {
        let m = try SystemModel(system: try grantSystem())
        let s0 = m.initialState()
        let copy = s0
        XCTAssertTrue(m.isUnchanged(copy, from: s0))

        // a1's only enabled steps need an offered grant: none yet, so d0's
        // alloc is the one step that changes anything.
        var stepped = s0
        let alloc = try XCTUnwrap(m.actions(of: s0).first { $0.actor == 0 })
        _ = m.apply(alloc, to: &stepped)
        XCTAssertNotEqual(stepped, s0)
        XCTAssertFalse(m.isUnchanged(stepped, from: s0))

        var later = s0
        later.clock += 1
        XCTAssertFalse(m.isUnchanged(later, from: s0), "the clock is compared")

        var rewritten = s0
        rewritten.layers.hv[frame: 0] = s0.layers.hv[frame: 0]
        XCTAssertEqual(rewritten, s0)
        XCTAssertFalse(m.isUnchanged(rewritten, from: s0), "a write copies the buffer, so identity says no")

        // The actors live inline, compared by value: a pc written back is
        // no change, a pc moved is one.
        var rested = s0
        rested.actors[0].pc = s0.actors[0].pc
        XCTAssertTrue(m.isUnchanged(rested, from: s0))
        rested.actors[0].pc += 1
        XCTAssertFalse(m.isUnchanged(rested, from: s0))
    }

    func testUnknownMutantIsAConfigError() throws {
        XCTAssertThrowsError(try SystemModel(system: try grantSystem(mutants: ["no-such-bug"])))
    }

    /// The world keeps the packet count in 16 bits: more packets are a
    /// configuration error, not a wrapped count.
    func testTooManyPacketsIsAConfigError() throws {
        var spec = try grantSystem()
        spec.packets = [PacketSpec](repeating: PacketSpec(name: "p", bytes: [0]), count: 65_535)
        XCTAssertEqual(try SystemModel(system: spec).initialState().layers.packetCount, 65_535)
        spec.packets.append(PacketSpec(name: "q", bytes: [1]))
        XCTAssertThrowsError(try SystemModel(system: spec)) { error in
            XCTAssertTrue("\(error)".contains("at most 65535 packets"), "\(error)")
        }
    }

    func testSimulationIsDeterministic() throws {
        let m = try SystemModel(system: try grantSystem())
        func run(_ seed: UInt64) -> [Event] {
            var sim = Simulator(model: m, seed: seed)
            var out: [Event] = []
            while out.count < 50, let (_, e) = sim.step() { out.append(e) }
            return out
        }
        XCTAssertEqual(run(3), run(3))
        let runs = (0..<8).map { run(UInt64($0)) }
        XCTAssertGreaterThan(Set(runs.map { "\($0)" }).count, 1, "different seeds should give different runs")
    }

    func testDescribeSpellsNames() throws {
        let m = try SystemModel(system: try grantSystem())
        var w = m.initialState()
        let e1 = m.apply(m.actions(of: w)[0], to: &w)
        XCTAssertEqual(m.describe(e1), "a0 alloc() -> frame 0")
        let e2 = m.apply(m.actions(of: w)[0], to: &w)
        XCTAssertEqual(m.describe(e2), "a0 grant_access(d1, 0, ro) -> ref 0")
    }
}

/// Listing enumerates a set that several branches of an actor name once
/// (`CallPlan.Operand.memo`); the choices are those of enumerating it at
/// each operand.
final class SetMemoTests: XCTestCase {
    func call(_ op: Op, _ args: [OperandExpr]) -> Stmt { .call(Call(op: op, args: args)) }

    /// The actor of domain `d` frees, or grants to another domain, any
    /// frame of its own: `frame owned-by` twice and `rights` once per plan.
    func freeOrGrant(_ d: Int32) throws -> ActorSpec {
        let own = OperandExpr.any(SetExpr(.frameOwnedBy, [.value(d)]))
        let body: [Stmt] = [.loop([.either([
            [call(.free, [own])],
            [call(.grantAccess, [.any(SetExpr(.domainOtherThan, [.value(d)])), own, .any(SetExpr(.rights))])],
        ])])]
        return ActorSpec(name: "a\(d)", principal: .domain(d), program: try Program.compile(body))
    }

    /// One domain on three frames, its actor running `program`.
    func oneActor(_ program: Program) throws -> SystemModel {
        try SystemModel(system: SystemSpec(name: "one", machine: MachineConfig(frames: 3),
                                           hypervisor: HypervisorConfig(grantEntries: 1, maptrackSlots: 1, ports: 1),
                                           domains: [DomainSpec(name: "d0")],
                                           actors: [ActorSpec(name: "a0", principal: .domain(0), program: program)]))
    }

    /// Three frames, `domains`, and a `freeOrGrant` actor for each.
    func system(_ domains: [DomainSpec] = [DomainSpec(name: "d0", initialFrames: 2), DomainSpec(name: "d1", initialFrames: 1)])
        throws -> SystemSpec {
        SystemSpec(name: "memo", machine: MachineConfig(frames: 3),
                   hypervisor: HypervisorConfig(grantEntries: 2, maptrackSlots: 1, ports: 1),
                   domains: domains, actors: try domains.indices.map { try freeOrGrant(Int32($0)) })
    }

    func testRepeatedSetsShareASlot() throws {
        let spec = try system()
        let plan = CallPlan(principal: .domain(0), program: spec.actors[0].program)
        defer { plan.deallocate() }
        let sets = plan.operands.indices.map { plan.operands[$0] }.filter { $0.kind == .set }
        XCTAssertEqual(sets.map(\.set), [.frameOwnedBy, .domainOtherThan, .frameOwnedBy, .rights])
        XCTAssertEqual(sets.map(\.memo), [0, -1, 0, -1], "only the set named twice has a slot")
        XCTAssertEqual(plan.memoSlots, 1)
    }

    func testListingMatchesEachSetEnumeratedAtItsOperand() throws {
        let m = try SystemModel(system: try system())
        let w = m.initialState()
        var expected: [Choice] = []
        for d in 0..<2 {
            let frames = w.layers.hv.frames(ownedBy: DomID(d)).map { Int32($0) }
            let pc = w.actors.pc(of: d)
            let pcs = m.plans[d].fixedContinuations(at: pc).map { $0.map { m.plans[d].fixedPCs[$0] } } ?? []
            XCTAssertEqual(pcs.count, 2)
            for f in frames {
                expected.append(Choice(kind: .step, actor: UInt16(d), branch: 0, operands: Operands(f), pc: pcs[0]))
            }
            for f in frames {
                for r: Int32 in [0, 1] {
                    expected.append(Choice(kind: .step, actor: UInt16(d), branch: 1, operands: Operands(Int32(1 - d), f, r),
                                           pc: pcs[1]))
                }
            }
        }
        XCTAssertEqual(expected.count, 9, "d0 owns two frames, d1 one")
        XCTAssertEqual(m.actions(of: w), expected, "each actor's own frames, not the last actor's")
    }

    /// Sets with a memo slot are resolved before the others, yet choices
    /// still vary the first operand slowest; an empty memoised set leaves
    /// the call without choices.
    func testChoicesKeepOperandOrderWhateverIsResolvedFirst() throws {
        let spec = try system([DomainSpec(name: "d0", initialFrames: 2), DomainSpec(name: "d1"),
                               DomainSpec(name: "d2", initialFrames: 1)])
        let m = try SystemModel(system: spec)
        let w = m.initialState()
        var expected: [[Int32]] = []
        for d in 0..<3 {
            let frames = w.layers.hv.frames(ownedBy: DomID(d)).map { Int32($0) }
            for f in frames { expected.append([f]) }
            for other in (0..<3).filter({ $0 != d }) where !frames.isEmpty {
                for f in frames { for r: Int32 in [0, 1] { expected.append([Int32(other), f, r]) } }
            }
        }
        XCTAssertEqual(expected.count, 2 + 8 + 0 + 1 + 4)
        XCTAssertEqual(m.actions(of: w).map { $0.operands.values }, expected)
    }

    /// A qualifier that names a local reads the actor's value, and the
    /// plan marks it (`CallPlan.Operand.localQualifiers`).
    func testALocalQualifierReadsTheActorsLocal() throws {
        let range = OperandExpr.any(SetExpr(.intRange, [.value(0), .local(0)]))
        let program = try Program.compile([call(.alloc, []), .loop([call(.free, [range])])], namedLocals: ["f"])
        let plan = CallPlan(principal: .domain(0), program: program)
        defer { plan.deallocate() }
        let sets = plan.operands.indices.map { plan.operands[$0] }.filter { $0.kind == .set }
        XCTAssertEqual(sets.map(\.localQualifiers), [0b10], "the second qualifier is a local")
        // Bind the local by hand: 2, so the range is 0...2.
        let m = try oneActor(program)
        var w = m.initialState()
        _ = m.apply(m.actions(of: w)[0], to: &w)
        let pc = w.actors.pc(of: 0)
        w.actors = ActorTable([ActorState(pc: pc, locals: [2])])
        XCTAssertEqual(m.actions(of: w).map { $0.operands.values }, [[0], [1], [2]])
    }

    /// Two continuations of one actor name the same set, qualified by a
    /// local that one of them sets on its way (a `repeat` starts its
    /// counter): the set shares a memo slot, yet each continuation lists it
    /// under its own locals.
    func testContinuationsWithLocalsOfTheirOwnListTheirOwnSets() throws {
        // 0 ... the repeat's counter (slot 1, after the named local).
        let range = OperandExpr.any(SetExpr(.intRange, [.value(0), .local(1)]))
        let program = try Program.compile([.loop([.either([
            [call(.free, [range])],
            [.repeatN(2, [call(.free, [range])])],
        ])])], namedLocals: ["f"])
        let plan = CallPlan(principal: .domain(0), program: program)
        defer { plan.deallocate() }
        XCTAssertEqual(plan.operands.indices.map { plan.operands[$0].memo }, [0, 0], "one slot for both")
        let m = try oneActor(program)
        let w = m.initialState()
        XCTAssertNil(m.plans[0].fixedContinuations(at: w.actors.pc(of: 0)), "the walk sets a counter")
        var walked: [Continuation] = []
        program.continuations(of: ActorState(pc: w.actors.pc(of: 0), locals: [0, 0]), into: &walked)
        let counters = walked.map { $0.locals[1] }
        XCTAssertEqual(counters.count, 2)
        XCTAssertEqual(counters[0], 0, "the first branch leaves the counter alone")
        XCTAssertGreaterThan(counters[1], 0, "the second starts it")
        let expected = counters.flatMap { c in (0...c).map { [$0] } }
        XCTAssertEqual(m.actions(of: w).map { $0.operands.values }, expected)
    }
}

final class FootprintPartsTests: XCTestCase {
    /// The fixed part of a call's footprint is in its footprint for any
    /// operands (what makes "every call is dependent" sound), and an
    /// unknown operand covers every value it could take.
    func testFixedPartIsInEveryFootprint() {
        var prng = PRNG(seed: 5)
        let callers: [Principal] = [.domain(0), .domain(1), .domain(5), .env(domain: 0, env: 1), .kernel]
        for op in Op.allCases {
            for caller in callers {
                let fixed = SystemModel.footprintParts(op, caller: caller).fixed
                let unknown = SystemModel.touches(op, caller: caller) { _ in nil }
                for _ in 0..<50 {
                    let values = (0..<6).map { _ in Int32(prng.index(40)) - 2 }
                    let t = SystemModel.touches(op, caller: caller) { values[$0] }
                    XCTAssertEqual(t & fixed, fixed, "\(op) by \(caller): the fixed part is always touched")
                    XCTAssertEqual(t & unknown, t, "\(op) by \(caller): an unknown operand covers \(values)")
                }
            }
        }
    }
}
