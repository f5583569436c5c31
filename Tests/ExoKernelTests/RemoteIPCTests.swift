import XCTest
import ExoCore
@testable import ExoKernel

final class RemoteIPCTests: XCTestCase {
    /// IPC to another environment writes into the receiver's ring frame and
    /// needs a capability for it; revoking the capability cuts the sender off.
    func testCrossEnvironmentIPCIsGuardedByCapabilities() {
        var h = Harness()
        let (_, a) = h.step { k, _ in k.createEnv() }
        let (_, b) = h.step { k, _ in k.createEnv() }
        let (_, pa) = h.step { k, _ in k.spawn(a, container: 0) }
        let (_, pb) = h.step { k, _ in k.spawn(b, container: 0) }
        XCTAssertEqual(h.step { k, _ in k.deriveCapability(b, from: 0, into: 1, suffix: [5], rights: .all) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.allocFrame(b, frame: 103, capSlot: 1) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.ipcSendRemote(a, from: pa, toEnv: b, to: pb, payload: 1, capSlot: 0) }, .denied, "no ring frame yet")
        XCTAssertEqual(h.step { k, _ in k.setRingFrame(b, pid: pb, frame: 103) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.setRingFrame(a, pid: pa, frame: 103) }, .notOwner)
        XCTAssertEqual(h.step { k, _ in k.ipcSendRemote(a, from: pa, toEnv: b, to: pb, payload: 1, capSlot: 0) }, .denied, "a's root names nothing of b's")
        XCTAssertEqual(h.step { k, _ in k.deriveCapability(b, from: 1, into: 2, suffix: [], rights: .write) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.transferCapability(b, slot: 2, to: a, toSlot: 3) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.ipcSendRemote(a, from: pa, toEnv: b, to: pb, payload: 1, capSlot: 3) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.ipcSendRemote(a, from: pa, toEnv: b, to: pb, payload: 2, capSlot: 3) }, .ok)
        let m = h.step { k, _ in k.ipcReceive(b, pid: pb) }.message
        XCTAssertEqual(m?.fromEnv, a)
        XCTAssertEqual(m?.payload, 1)
        XCTAssertEqual(h.step { k, _ in k.revokeDerived(b, slot: 1) }, .ok)
        XCTAssertEqual(h.step { k, _ in k.ipcSendRemote(a, from: pa, toEnv: b, to: pb, payload: 3, capSlot: 3) }, .badCapability)
        XCTAssertEqual(h.step { k, now in k.destroyEnv(a, now: now) }, .ok)
        XCTAssertEqual(h.k.messagesWaiting(b, pid: pb), 0, "a dead sender's messages go")
        XCTAssertEqual(h.fired, [])
    }
}
