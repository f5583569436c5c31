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
