import XCTest
import ExoCore
@testable import ExoKernel

/// Realistic short operation sequences on the correct kernel. Each asserts
/// what must happen and that no invariant fires on the way; the lead turns
/// several of them into specs.
final class ScenarioTests: XCTestCase {
    /// The libOS complies before the deadline: the frame comes back, nothing is aborted.
    func testComplyInTime() {
        var h = Harness()
        let a = h.envWithFrame(100)
        XCTAssertEqual(h.step { k, _ in k.bind(a, vpage: 0, frame: 100, rights: [.read, .write], capSlot: 0) }, .ok)
        XCTAssertEqual(h.step { k, now in k.requestRevocation(a, frame: 100, now: now) }, .ok)
        XCTAssertEqual(h.k.pendingRevocations(a), [100])
        XCTAssertEqual(h.k.nextDeadline, 2)
        h.advance(to: 1)
        XCTAssertEqual(h.step { k, now in k.relinquish(a, frame: 100, now: now) }, .ok)
        XCTAssertNil(h.k.nextDeadline, "compliance disarms the abort")
        h.advance(to: 10)
        XCTAssertEqual(h.k.pendingRevocations(a), [])
        XCTAssertEqual(h.k.repossessionVector(a), [], "a compliant library OS is never aborted")
        XCTAssertTrue(h.k.freeFrames.contains(100))
        XCTAssertEqual(h.k.bindings(a), [])
        XCTAssertEqual(h.fired, [])
    }

    /// The libOS ignores the request: the abort comes exactly at the deadline.
    func testIgnoreThenAbortAtDeadline() {
        var h = Harness()
        let a = h.envWithFrame(100)
        XCTAssertEqual(h.step { k, _ in k.bind(a, vpage: 0, frame: 100, rights: .read, capSlot: 0) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.access(a, cpu: 0, vpage: 0, write: false) }, .stlbHit)
        XCTAssertEqual(h.step { k, _ in k.access(a, cpu: 0, vpage: 0, write: false) }, .tlbHit)
        XCTAssertEqual(h.step { k, now in k.requestRevocation(a, frame: 100, now: now) }, .ok)
        h.advance(to: 1)
        XCTAssertEqual(h.k.ownedFrames(a), [100], "never before the deadline")
        h.advance(to: 2)
        XCTAssertEqual(h.k.ownedFrames(a), [])
        XCTAssertEqual(h.k.repossessionVector(a), [100])
        XCTAssertEqual(h.step { k, _ in k.access(a, cpu: 0, vpage: 0, write: false) }, .pageFault)
        XCTAssertEqual(h.step { k, now in k.relinquish(a, frame: 100, now: now) }, .noRequest, "too late")
        XCTAssertEqual(h.step { k, _ in k.handleRepossession(a) }, .ok)
        XCTAssertEqual(h.k.repossessionVector(a), [])
        XCTAssertEqual(h.fired, [])
    }

    /// Revoke-while-granted: the abort happens at the deadline but the frame,
    /// still mapped by another domain, waits in quarantine, unusable, until
    /// the foreign mapping goes.
    func testRevokeWhileGranted() {
        var h = Harness()
        let a = h.envWithFrame(100)
        XCTAssertEqual(h.step { k, _ in k.setForeignMapped(100, count: 1) }, .ok)
        XCTAssertEqual(h.step { k, now in k.requestRevocation(a, frame: 100, now: now) }, .ok)
        h.advance(to: 2)
        XCTAssertEqual(h.k.repossessionVector(a), [100])
        XCTAssertEqual(h.k.quarantinedFrames, [100])
        XCTAssertFalse(h.k.freeFrames.contains(100))
        XCTAssertEqual(h.step { k, _ in k.allocFrame(a, frame: 100, capSlot: 0) }, .quarantined)
        XCTAssertEqual(h.step { k, _ in k.bind(a, vpage: 0, frame: 100, rights: .read, capSlot: 0) }, .quarantined)
        XCTAssertEqual(h.step { k, _ in k.setForeignMapped(100, count: 0) }, .ok)
        XCTAssertEqual(h.k.quarantinedFrames, [])
        XCTAssertEqual(h.step { k, _ in k.allocFrame(a, frame: 100, capSlot: 0) }, .ok)
        XCTAssertEqual(h.fired, [])
    }

    /// An owner freeing a frame another domain still maps also quarantines it.
    func testFreeWhileForeignMapped() {
        var h = Harness()
        let a = h.envWithFrame(101)
        XCTAssertEqual(h.step { k, _ in k.setForeignMapped(101, count: 2) }, .ok)
        XCTAssertEqual(h.step { k, now in k.freeFrame(a, frame: 101, now: now) }, .ok)
        XCTAssertEqual(h.k.quarantinedFrames, [101])
        XCTAssertEqual(h.step { k, _ in k.setForeignMapped(101, count: 1) }, .ok)
        XCTAssertEqual(h.k.quarantinedFrames, [101])
        XCTAssertEqual(h.step { k, _ in k.setForeignMapped(101, count: 0) }, .ok)
        XCTAssertTrue(h.k.freeFrames.contains(101))
        XCTAssertEqual(h.step { k, _ in k.setForeignMapped(101, count: 1) }, .notOwner)
        XCTAssertEqual(h.fired, [])
    }

    /// Sharing through a derived, narrowed, transferred capability; then the
    /// owner revokes it and the sharer's binding is broken.
    func testShareViaDerivedCapabilityThenRevoke() {
        var h = Harness()
        let (_, a) = h.step { k, _ in k.createEnv() }
        let (_, b) = h.step { k, _ in k.createEnv() }
        XCTAssertEqual(h.step { k, _ in k.deriveCapability(a, from: 0, into: 1, suffix: [9], rights: .all) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.allocFrame(a, frame: 102, capSlot: 1) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.deriveCapability(a, from: 1, into: 2, suffix: [], rights: [.read, .write]) }, .ok)
        XCTAssertEqual(h.k.capability(a, slot: 2)?.rights, [.read, .write])
        XCTAssertEqual(h.step { k, _ in k.deriveCapability(a, from: 2, into: 3, suffix: [], rights: .read) }, .denied, "no grant right")
        XCTAssertEqual(h.step { k, _ in k.dropCapability(a, slot: 2) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.deriveCapability(a, from: 1, into: 2, suffix: [], rights: .read) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.transferCapability(a, slot: 2, to: b, toSlot: 4) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.bind(b, vpage: 1, frame: 102, rights: .write, capSlot: 4) }, .denied)
        XCTAssertEqual(h.step { k, _ in k.bind(b, vpage: 1, frame: 102, rights: .read, capSlot: 0) }, .denied, "b's own root names nothing of a's")
        XCTAssertEqual(h.step { k, _ in k.bind(b, vpage: 1, frame: 102, rights: .read, capSlot: 4) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.bind(b, vpage: 1, frame: 102, rights: .read, capSlot: 7) }, .badSlot, "a forged slot")
        XCTAssertEqual(h.step { k, _ in k.revokeDerived(a, slot: 1) }, .ok)
        XCTAssertEqual(h.k.bindings(b), [])
        XCTAssertEqual(h.k.repossessionVector(b), [102])
        XCTAssertEqual(h.step { k, _ in k.bind(b, vpage: 1, frame: 102, rights: .read, capSlot: 4) }, .badCapability)
        XCTAssertEqual(h.step { k, _ in k.bind(a, vpage: 1, frame: 102, rights: .read, capSlot: 1) }, .ok, "the owner's own capability survives")
        XCTAssertEqual(h.fired, [])
    }

    /// The software TLB is bounded: an evicted translation faults to the
    /// library OS, whose pager presents the binding again.
    func testSoftwareTLBEvictionAndPagerRefill() {
        var h = Harness { $0.stlbEntries = 2; $0.tlbEntries = 1 }
        let a = h.envWithFrame(100)
        XCTAssertEqual(h.step { k, _ in k.allocFrame(a, frame: 101, capSlot: 0) }, .ok)
        let (_, p0) = h.step { k, _ in k.spawn(a, container: 0) }
        let (_, p1) = h.step { k, _ in k.spawn(a, container: 0) }
        XCTAssertEqual(h.step { k, _ in k.pagerMap(a, pid: p0, page: 0, frame: 100, writable: true, capSlot: 0) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.pagerMap(a, pid: p0, page: 1, frame: 101, writable: false, capSlot: 0) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.pagerMap(a, pid: p1, page: 0, frame: 100, writable: false, capSlot: 0) }, .busy, "given to p0")
        XCTAssertEqual(h.step { k, _ in k.share(a, from: p0, page: 0, to: p1, toPage: 0, writable: false) }, .ok)
        // Three bindings, two software-TLB entries: p0's page 0 was evicted.
        XCTAssertEqual(h.k.bindings(a).count, 3)
        XCTAssertEqual(h.step { k, _ in k.access(a, cpu: 0, vpage: 0, write: true) }, .pageFault)
        XCTAssertEqual(h.k.envs[a].pendingFault, 0)
        XCTAssertEqual(h.step { k, _ in k.pagerRefill(a, pid: p0, page: 0) }, .ok)
        XCTAssertEqual(h.k.envs[a].pendingFault, -1)
        XCTAssertEqual(h.step { k, _ in k.access(a, cpu: 0, vpage: 0, write: true) }, .stlbHit)
        XCTAssertEqual(h.step { k, _ in k.access(a, cpu: 0, vpage: 0, write: true) }, .tlbHit)
        XCTAssertEqual(h.step { k, _ in k.access(a, cpu: 0, vpage: 1, write: true) }, .pageFault, "evicted by the refill")
        XCTAssertEqual(h.step { k, _ in k.pagerRefill(a, pid: p0, page: 1) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.access(a, cpu: 0, vpage: 1, write: true) }, .protectionFault)
        XCTAssertEqual(h.step { k, _ in k.pagerRefill(a, pid: p1, page: 0) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.access(a, cpu: 0, vpage: 2, write: false) }, .stlbHit, "p1 sees the shared frame")
        XCTAssertEqual(h.step { k, _ in k.access(a, cpu: 0, vpage: 2, write: true) }, .protectionFault, "read-only share")
        XCTAssertEqual(h.step { k, _ in k.access(a, cpu: 7, vpage: 0, write: true) }, .refused)
        XCTAssertEqual(h.step { k, _ in k.exitProcess(a, pid: p0) }, .ok)
        XCTAssertEqual(h.k.bindings(a).map { $0.vpage }, [2])
        XCTAssertEqual(h.fired, [])
    }

    /// Two environments download filters; the NIC's packets reach only the
    /// environment whose filter accepts them.
    func testPacketDemultiplexing() throws {
        var h = Harness()
        let (_, a) = h.step { k, _ in k.createEnv() }
        let (_, b) = h.step { k, _ in k.createEnv() }
        let ipv4 = try FilterText.parse("ld16 12; jne 0x0800 reject; ld8 13; st8 0; accept")
        let arp = try FilterText.parse("ld16 12; jeq 0x0806 accept; reject")
        XCTAssertEqual(h.step { k, _ in k.installFilter(a, program: ipv4) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.installFilter(b, program: arp) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.installFilter(b, program: try! FilterText.parse("ja @0")) }, .badProgram)
        var pkt = [UInt8](repeating: 0, count: 20)
        pkt[12] = 0x08
        XCTAssertEqual(h.step { k, _ in k.deliverPacket(pkt) }.accepted, [a])
        pkt[13] = 0x06
        XCTAssertEqual(h.step { k, _ in k.deliverPacket(pkt) }.accepted, [b])
        XCTAssertEqual(h.step { k, _ in k.deliverPacket([0x08]) }.accepted, [], "a short packet faults: nobody gets it")
        XCTAssertEqual(h.step { k, _ in k.deliverPacket([UInt8](repeating: 0, count: 65)) }.status, .badOperand)
        XCTAssertEqual(h.k.handlerMemory[a * h.k.config.handlerMemory], 0x00, "the IPv4 handler stored byte 13 of its packet")
        XCTAssertEqual(h.k.packetsWaiting(a), 1)
        XCTAssertEqual(h.step { k, _ in k.receivePacket(b) }.packet[13], 0x06)
        XCTAssertEqual(h.step { k, _ in k.receivePacket(b) }.status, .empty)
        XCTAssertEqual(h.fired, [])
    }

    /// Messages arrive once, in order; the ring is bounded; containers wall
    /// processes off until granted.
    func testIPCOrderAndContainers() {
        var h = Harness()
        let (_, a) = h.step { k, _ in k.createEnv() }
        let (_, p0) = h.step { k, _ in k.spawn(a, container: 0) }
        let (_, p1) = h.step { k, _ in k.spawn(a, container: 0) }
        let (_, p2) = h.step { k, _ in k.spawn(a, container: 1) }
        XCTAssertEqual(h.step { k, _ in k.ipcSend(a, from: p0, to: p1, payload: 1, transfer: false) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.ipcSend(a, from: p0, to: p1, payload: 2, transfer: true) }, .ok)
        XCTAssertEqual(h.k.envs[a].libos.current, p1, "protected control transfer")
        XCTAssertEqual(h.step { k, _ in k.ipcSend(a, from: p0, to: p1, payload: 3, transfer: false) }, .noSpace)
        XCTAssertEqual(h.step { k, _ in k.ipcReceive(a, pid: p1) }.message?.payload, 1)
        XCTAssertEqual(h.step { k, _ in k.ipcSend(a, from: p0, to: p1, payload: 3, transfer: false) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.ipcReceive(a, pid: p1) }.message?.payload, 2)
        XCTAssertEqual(h.step { k, _ in k.ipcReceive(a, pid: p1) }.message?.payload, 3)
        XCTAssertEqual(h.step { k, _ in k.ipcReceive(a, pid: p1) }.status, .empty)
        XCTAssertEqual(h.step { k, _ in k.ipcSend(a, from: p0, to: p2, payload: 9, transfer: false) }, .isolated)
        XCTAssertEqual(h.step { k, _ in k.grantContainers(a, from: 0, to: 1) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.ipcSend(a, from: p0, to: p2, payload: 9, transfer: false) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.ipcSend(a, from: p2, to: p0, payload: 9, transfer: false) }, .isolated, "grants are one-way")
        XCTAssertEqual(h.step { k, _ in k.exitProcess(a, pid: p0) }, .ok)
        XCTAssertEqual(h.k.messagesWaiting(a, pid: p2), 0, "an exiting sender's messages go")
        XCTAssertEqual(h.step { k, _ in k.schedule(a) }.pid, p2)
        XCTAssertEqual(h.fired, [])
    }

    /// An environment that never yields is penalised after each grace period
    /// and killed past the bound; the CPU moves on to the next slice.
    func testQuantumOverrunPenaltyAndKill() {
        var h = Harness { $0.killAfter = 1 }
        let a = h.envWithFrame(100)
        let (_, b) = h.step { k, _ in k.createEnv() }
        XCTAssertEqual(h.step { k, _ in k.allocSlice(a, slice: 0) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.allocSlice(b, slice: 1) }, .ok)
        XCTAssertEqual(h.step { k, now in k.dispatch(cpu: 0, now: now) }, .ok)
        XCTAssertEqual(h.k.running, [a])
        h.advance(to: 10)
        XCTAssertEqual(h.k.cpusInGrace, [0], "end-of-quantum upcall posted")
        h.advance(to: 12)
        XCTAssertEqual(h.k.running, [b])
        XCTAssertEqual(h.k.envs[a].penalties, 1)
        XCTAssertEqual(h.step { k, now in k.yieldCPU(b, cpu: 0, now: now) }, .ok)
        XCTAssertEqual(h.k.running, [a])
        h.advance(to: 24)
        XCTAssertFalse(h.k.envs[a].isAlive, "killed past the bound")
        XCTAssertTrue(h.k.freeFrames.contains(100))
        XCTAssertEqual(h.k.running, [b])
        XCTAssertEqual(h.fired, [])
    }

    /// Destroying an environment releases everything, revokes what it gave
    /// away, and its slot can be reused without stale capabilities working.
    func testDestroyAndReuse() {
        var h = Harness()
        let (_, a) = h.step { k, _ in k.createEnv() }
        let (_, b) = h.step { k, _ in k.createEnv() }
        XCTAssertEqual(h.step { k, _ in k.allocFrame(a, frame: 100, capSlot: 0) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.deriveCapability(a, from: 0, into: 1, suffix: [], rights: .read) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.transferCapability(a, slot: 1, to: b, toSlot: 1) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.bind(b, vpage: 0, frame: 100, rights: .read, capSlot: 1) }, .ok)
        XCTAssertEqual(h.step { k, now in k.destroyEnv(a, now: now) }, .ok)
        XCTAssertEqual(h.k.bindings(b), [])
        XCTAssertEqual(h.k.liveEnvs, [b])
        let (_, a2) = h.step { k, _ in k.createEnv() }
        XCTAssertEqual(a2, a)
        XCTAssertEqual(h.step { k, _ in k.allocFrame(a2, frame: 100, capSlot: 0) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.bind(b, vpage: 0, frame: 100, rights: .read, capSlot: 1) }, .badCapability,
                       "a capability derived from the dead environment's root names nothing of its successor's")
        XCTAssertEqual(h.fired, [])
    }

    /// Guaranteed frames are refused to revocation; the set is bounded.
    func testGuaranteedFrames() {
        var h = Harness()
        let a = h.envWithFrame(100)
        XCTAssertEqual(h.step { k, _ in k.allocFrame(a, frame: 101, capSlot: 0) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.setGuaranteed(a, frame: 100) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.setGuaranteed(a, frame: 101) }, .noSpace)
        XCTAssertEqual(h.k.revocableFrames(a), [101])
        XCTAssertEqual(h.step { k, now in k.requestRevocation(a, frame: 100, now: now) }, .guaranteed)
        XCTAssertEqual(h.step { k, now in k.requestRevocation(a, frame: 101, now: now) }, .ok)
        XCTAssertEqual(h.step { k, now in k.requestRevocation(a, frame: 101, now: now) }, .busy)
        h.advance(to: 3)
        XCTAssertEqual(h.k.ownedFrames(a), [100])
        XCTAssertEqual(h.fired, [])
    }
}
