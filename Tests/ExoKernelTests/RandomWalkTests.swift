import XCTest
import ExoCore
@testable import ExoKernel

/// Random operations with random (often invalid) operands: every operation
/// must return a status rather than trap, and the correct kernel must keep
/// every invariant in every state, as under the explorer's random walk.
struct RandomDriver {
    var rng: PRNG
    var now: Tick = 0
    let frames: [UInt32] = testFrames + [999]

    init(seed: UInt64) { rng = PRNG(seed: seed) }

    mutating func pick(_ lo: Int, _ hi: Int) -> Int { lo + rng.index(hi - lo + 1) }

    /// Mostly a small valid value, sometimes anything in `lo...hi`.
    mutating func likely(_ valid: Int, _ lo: Int, _ hi: Int) -> Int {
        rng.chance(7, in: 8) ? rng.index(valid) : pick(lo, hi)
    }

    /// Applies one random operation; returns its name and status raw value.
    mutating func step(_ k: inout Exokernel) -> (String, Int32) {
        let env = likely(2, -1, 3), env2 = likely(2, -1, 3)
        let frame = frames[likely(3, 0, frames.count - 1)]
        let slot = rng.chance(1, in: 2) ? 0 : pick(-1, 5), slot2 = pick(-1, 5)
        let pid = likely(2, -1, 3), pid2 = likely(2, -1, 3)
        let page = likely(2, -1, 2), vpage = likely(3, -1, 6)
        let rights = rng.chance(7, in: 8) ? [Rights.read, [.read, .write], .write][rng.index(3)] : Rights(rawValue: UInt8(pick(0, 7)))
        switch rng.index(41) {
        case 0, 1: return ("createEnv", k.createEnv().status.rawValue)
        case 2:
            if rng.chance(3, in: 4) { return ("createEnv", k.createEnv().status.rawValue) }
            return ("destroyEnv", k.destroyEnv(env, now: now).rawValue)
        case 3: return ("derive", k.deriveCapability(env, from: slot, into: slot2, suffix: rng.chance(1, in: 2) ? [] : [UInt8(pick(0, 3))], rights: rights).rawValue)
        case 4: return ("transfer", k.transferCapability(env, slot: slot, to: env2, toSlot: slot2).rawValue)
        case 5: return ("drop", k.dropCapability(env, slot: slot).rawValue)
        case 6: return ("revokeDerived", k.revokeDerived(env, slot: slot).rawValue)
        case 7, 8: return ("alloc", k.allocFrame(env, frame: frame, capSlot: slot).rawValue)
        case 9: return ("free", k.freeFrame(env, frame: frame, now: now).rawValue)
        case 10: return ("guarantee", k.setGuaranteed(env, frame: frame).rawValue)
        case 11, 12: return ("bind", k.bind(env, vpage: vpage, frame: frame, rights: rights, capSlot: slot).rawValue)
        case 13: return ("unbind", k.unbind(env, vpage: vpage).rawValue)
        case 14: return ("access", k.access(env, cpu: pick(-1, 1), vpage: vpage, write: rng.chance(1, in: 2)).rawValue)
        case 15: return ("foreign", k.setForeignMapped(frame, count: pick(-1, 2)).rawValue)
        case 16, 17: return ("revoke", k.requestRevocation(env, frame: frame, now: now).rawValue)
        case 18:
            let pending = k.pendingRevocations(env)
            let f = !pending.isEmpty && rng.chance(3, in: 4) ? pending[rng.index(pending.count)] : frame
            return ("relinquish", k.relinquish(env, frame: f, now: now).rawValue)
        case 19: return ("repossession", k.handleRepossession(env).rawValue)
        case 20: return ("slice", k.allocSlice(env, slice: pick(-1, 4)).rawValue)
        case 21: return ("dispatch", k.dispatch(cpu: pick(-1, 1), now: now).rawValue)
        case 22: return ("yield", k.yieldCPU(env, cpu: pick(-1, 1), now: now).rawValue)
        case 23:
            let program: [FilterInstruction] = [[.load(width: 1, offset: 0), .jump(.eq, 1, .accept), .reject],
                                                [.load(width: 2, offset: 70), .accept], [.loadImmediate(3), .store(offset: 1), .accept]][rng.index(3)]
            return ("filter", k.installFilter(env, program: program).rawValue)
        case 24: return ("packet", k.deliverPacket((0..<pick(0, 3)).map { _ in UInt8(pick(0, 2)) }).status.rawValue)
        case 25: return ("receivePacket", k.receivePacket(env).status.rawValue)
        case 26, 34, 35: return ("spawn", k.spawn(env, container: likely(2, -1, 2)).status.rawValue)
        case 27: return ("exit", k.exitProcess(env, pid: pid).rawValue)
        case 28, 36, 37: return ("pagerMap", k.pagerMap(env, pid: pid, page: page, frame: frame, writable: rng.chance(1, in: 2), capSlot: slot).rawValue)
        case 29: return ("pagerUnmap", k.pagerUnmap(env, pid: pid, page: page).rawValue)
        case 30:
            let mapped = k.mappedPages(env, pid: pid)
            let pg = !mapped.isEmpty && rng.chance(3, in: 4) ? mapped[rng.index(mapped.count)] : page
            return ("share", k.share(env, from: pid, page: pg, to: pid2, toPage: pick(-1, 2), writable: rng.chance(1, in: 2)).rawValue)
        case 31: return ("send", k.ipcSend(env, from: pid, to: pid2, payload: UInt8(pick(0, 3)), transfer: rng.chance(1, in: 2)).rawValue)
        case 32, 39: return ("receive", k.ipcReceive(env, pid: pid).status.rawValue)
        case 38: return ("setRingFrame", k.setRingFrame(env, pid: pid, frame: frame).rawValue)
        case 40:
            let held = k.capabilitySlots(env)
            let s = !held.isEmpty && rng.chance(3, in: 4) ? held[rng.index(held.count)] : slot
            return ("sendRemote", k.ipcSendRemote(env, from: pid, toEnv: env2, to: pid2, payload: UInt8(pick(0, 3)), capSlot: s).rawValue)
        default:
            if rng.chance(1, in: 2) { return ("grantContainers", k.grantContainers(env, from: pick(-1, 2), to: pick(-1, 2)).rawValue) }
            return ("refill", k.pagerRefill(env, pid: pid, page: page).rawValue)
        }
    }

    /// Time moves on a little, firing what is due (as the World does).
    mutating func tick(_ k: inout Exokernel, check: (Exokernel, Tick) -> Void) {
        guard rng.chance(1, in: 4) else { return }
        let target = now + Tick(pick(1, 3))
        while let d = k.nextDeadline, d <= target {
            now = max(now, d)
            k.fireDue(now: now)
            check(k, now)
        }
        now = target
    }
}

final class RandomWalkTests: XCTestCase {
    func walk(seed: UInt64, steps: Int, mutants: ExoMutants = [], config: ExoConfig = ExoConfig()) -> (Exokernel, [Violation], [String: Int]) {
        var d = RandomDriver(seed: seed)
        var k = Exokernel(frames: testFrames, config: config, mutants: mutants)
        var fired: [Violation] = []
        var oks: [String: Int] = [:]
        for _ in 0..<steps {
            let (name, status) = d.step(&k)
            if status >= 0 { oks[name, default: 0] += 1 }
            k.checkInvariants(now: d.now, into: &fired)
            d.tick(&k) { k, now in k.checkInvariants(now: now, into: &fired) }
            if !fired.isEmpty { break }
        }
        return (k, fired, oks)
    }

    func testCorrectKernelKeepsEveryInvariantUnderRandomOperations() {
        var config = ExoConfig()
        config.stlbEntries = 2
        config.maxCapabilities = 12
        var oks: [String: Int] = [:]
        for seed in UInt64(1)...48 {
            let (_, fired, o) = walk(seed: seed, steps: 400, config: config)
            XCTAssertEqual(fired, [], "seed \(seed)")
            for (n, c) in o { oks[n, default: 0] += c }
        }
        // The walk must actually reach the interesting operations (sharing is
        // too rare for blind operands; ScenarioTests covers it).
        for op in ["setRingFrame", "sendRemote", "alloc", "bind", "revoke", "relinquish", "derive", "transfer", "pagerMap", "send", "receive", "dispatch", "packet"] {
            XCTAssertGreaterThan(oks[op, default: 0], 0, "random walk never succeeded at \(op)")
        }
    }

    func testRandomWalksAreDeterministic() {
        let (k1, _, _) = walk(seed: 99, steps: 300)
        let (k2, _, _) = walk(seed: 99, steps: 300)
        XCTAssertEqual(k1, k2)
        XCTAssertEqual(k1.canonicalBytes, k2.canonicalBytes)
    }

    func testRandomWalksFindSeveralMutants() {
        // Not every mutant is reachable by blind random operands; these are.
        for name in ["alloc-steals-owned-frame", "bind-skips-acl-check", "repossessed-frame-leaked", "ipc-delivers-twice"] {
            let mutant = ExoMutants(name: name)!
            let info = ExoMutants.catalogue.first { $0.0 == mutant }!.1
            var caught = false
            for seed in UInt64(1)...20 where !caught {
                caught = walk(seed: seed, steps: 300, mutants: mutant).1.contains { $0.invariant == info.breaks }
            }
            XCTAssertTrue(caught, "random walks never caught \(name)")
        }
    }
}
