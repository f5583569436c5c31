import XCTest
import ExoCore
@testable import ExoKernel

/// The exokernel's canonical bytes are read in place (`encode(at:into:now:)`
/// and the `encode(at:)` of every part that holds an array): no array is
/// handed on or copied, so encoding retains nothing the state shares. What
/// must hold: the bytes are the ones the value-by-value encoding wrote,
/// for a state in which every part that holds an array holds something.
final class InPlaceEncodingTests: XCTestCase {
    /// Two environments with processes, IPC messages, bindings and a
    /// software TLB entry, derived capabilities with names, a frame with an
    /// ACL, a revocation pending, a filter with a packet queued, a CPU
    /// running in its quantum.
    static func richKernel() -> Exokernel {
        var k = makeKernel { $0.tlbEntries = 2; $0.stlbEntries = 2 }
        func ok(_ s: ExoStatus, _ what: String, line: UInt = #line) { XCTAssertEqual(s, .ok, what, line: line) }
        let (s0, a) = k.createEnv(); ok(s0, "createEnv a")
        let (s1, b) = k.createEnv(); ok(s1, "createEnv b")
        ok(k.allocFrame(a, frame: 101, capSlot: 0), "allocFrame")
        ok(k.allocFrame(a, frame: 102, capSlot: 0), "allocFrame")
        ok(k.allocFrame(b, frame: 103, capSlot: 0), "allocFrame")
        ok(k.deriveCapability(a, from: 0, into: 2, suffix: [7, 9], rights: .read), "deriveCapability")
        ok(k.bind(a, vpage: 3, frame: 101, rights: .read, capSlot: 0), "bind")
        _ = k.access(a, cpu: 0, vpage: 3, write: false)
        ok(k.setGuaranteed(a, frame: 102), "setGuaranteed")
        let (p0, pidA) = k.spawn(a, container: 0); ok(p0, "spawn")
        let (p1, pidB) = k.spawn(a, container: 0); ok(p1, "spawn")
        ok(k.ipcSend(a, from: pidA, to: pidB, payload: 42, transfer: false), "ipcSend")
        ok(k.installFilter(b, program: [.load(width: 1, offset: 0), .jump(.eq, 5, .accept), .reject]), "installFilter")
        XCTAssertEqual(k.deliverPacket([5, 1, 2]).accepted, [b])
        ok(k.allocSlice(a, slice: 0), "allocSlice")
        _ = k.requestRevocation(a, frame: 101, now: 3)
        _ = k.dispatch(cpu: 0, now: 4)
        return k
    }

    func testTheRichKernelHoldsSomethingInEveryArray() {
        let k = Self.richKernel()
        XCTAssertFalse(k.envs[0].caps.allSatisfy { $0 < 0 })
        XCTAssertFalse(k.envs[0].bindings.isEmpty)
        XCTAssertFalse(k.envs[0].owned.isEmpty)
        XCTAssertFalse(k.envs[0].guaranteed.isEmpty)
        XCTAssertFalse(k.envs[0].revocations.isEmpty)
        XCTAssertFalse(k.envs[0].libos.processes[1].ring.isEmpty)
        XCTAssertNotNil(k.envs[1].filter)
        XCTAssertFalse(k.envs[1].rxQueue.isEmpty)
        XCTAssertTrue(k.capabilities.records.contains { !$0.name.isEmpty && $0.inUse })
        XCTAssertTrue(k.frames.contains { !$0.aclName.isEmpty })
        XCTAssertTrue(k.cpus.contains { $0.running >= 0 })
    }

    /// The bytes' length and XXH3 as the value-by-value encoding of
    /// session 11 wrote them (a change to the encoding changes them: a
    /// field read twice, skipped or moved).
    func testInPlaceEncodingWritesTheSameBytes() {
        let bytes = Self.richKernel().canonicalBytes
        var e = CanonicalEncoder()
        e.raw(bytes)
        XCTAssertEqual(bytes.count, 697)
        XCTAssertEqual(e.fingerprint64(), 0xb157_cadf_a3bc_4f73)
    }
}

/// The queries the World's listing reads in place (`visitOwnedFrames(at:)`
/// and the like, which the array queries now call too) give what the
/// kernel's fields say, computed here from the fields themselves, on a
/// kernel whose machine frames are not in ascending order.
final class InPlaceQueryTests: XCTestCase {
    func testInPlaceQueriesReadTheFields() {
        var k = makeKernel(frames: [105, 101, 104, 100, 103])
        let (_, a) = k.createEnv()
        let (_, b) = k.createEnv()
        XCTAssertEqual(k.allocFrame(a, frame: 104, capSlot: 0), .ok)
        XCTAssertEqual(k.allocFrame(a, frame: 101, capSlot: 0), .ok)
        XCTAssertEqual(k.allocFrame(a, frame: 105, capSlot: 0), .ok)
        XCTAssertEqual(k.allocFrame(b, frame: 103, capSlot: 0), .ok)
        XCTAssertEqual(k.deriveCapability(a, from: 0, into: 3, suffix: [1], rights: .read), .ok)
        XCTAssertEqual(k.bind(a, vpage: 2, frame: 105, rights: .read, capSlot: 0), .ok)
        XCTAssertEqual(k.bind(a, vpage: 0, frame: 101, rights: .read, capSlot: 0), .ok)
        _ = k.spawn(a, container: 0)
        _ = k.spawn(a, container: 1)
        XCTAssertEqual(k.exitProcess(a, pid: 0), .ok)
        _ = k.requestRevocation(a, frame: 101, now: 1)
        _ = k.requestRevocation(a, frame: 104, now: 1)

        for env in [a, b, 2, -1, 7] {
            let alive = env >= 0 && env < k.envs.count && k.envs[env].isAlive
            func visited<T>(_ visit: (UnsafePointer<Exokernel>, Int, (T) -> Void) -> Void) -> [T] {
                var out: [T] = []
                withUnsafePointer(to: k) { visit($0, env) { out.append($0) } }
                return out
            }
            XCTAssertEqual(withUnsafePointer(to: k) { Exokernel.envAlive(at: $0, env) }, alive, "env \(env)")
            let e = alive ? k.envs[env] : nil
            XCTAssertEqual(visited(Exokernel.visitOwnedFrames), e?.owned.map { k.frames[$0].machine } ?? [])
            XCTAssertEqual(k.ownedFrames(env), (e?.owned.map { k.frames[$0].machine } ?? []).sorted())
            XCTAssertEqual(visited(Exokernel.visitPendingRevocations),
                           e?.revocations.filter(\.isPending).map { k.frames[$0.frame].machine } ?? [])
            let slots: [Int] = e.map { env in env.caps.indices.filter { env.caps[$0] >= 0 } } ?? []
            XCTAssertEqual(visited(Exokernel.visitCapabilitySlots) as [Int], slots)
            let processes: [Int] = e.map { env in env.libos.processes.indices.filter { env.libos.processes[$0].alive } } ?? []
            XCTAssertEqual(visited(Exokernel.visitProcesses) as [Int], processes)
            XCTAssertEqual(visited(Exokernel.visitBoundPages), e?.bindings.map(\.vpage) ?? [])
            XCTAssertEqual(withUnsafePointer(to: k) { Exokernel.nextDeadline(at: $0) }, k.nextDeadline)
        }
        // What the test relies on: unsorted machine numbers, and answers that are not empty.
        XCTAssertEqual(k.envs[a].owned.map { k.frames[$0].machine }, [105, 101, 104])
        XCTAssertEqual(k.ownedFrames(a), [101, 104, 105])
        XCTAssertEqual(k.pendingRevocations(a), [101, 104])
        XCTAssertEqual(k.processes(a), [1])
        XCTAssertEqual(k.capabilitySlots(a), [0, 3])
        XCTAssertEqual(k.bindings(a).map(\.vpage), [0, 2])
        XCTAssertNotNil(k.nextDeadline)
    }
}
