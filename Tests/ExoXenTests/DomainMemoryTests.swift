import XCTest
@testable import ExoXen
import ExoCore

final class DomainMemoryTests: XCTestCase {
    func testLifecycle() {
        var hv = Hypervisor(config: XenConfig())
        XCTAssertEqual(hv.lifecycle(of: 0), .absent)
        XCTAssertEqual(hv.createDomain(0, maxPages: 2), .okay)
        XCTAssertEqual(hv.createDomain(0, maxPages: 2), .einval)
        XCTAssertEqual(hv.createDomain(9, maxPages: 2), .einval)
        XCTAssertEqual(hv.unpause(1), .esrch)
        XCTAssertEqual(hv.unpause(0), .okay)
        XCTAssertEqual(hv.unpause(0), .esrch)
        XCTAssertEqual(hv.liveDomains, [0])
        XCTAssertEqual(hv.destroyDomain(0), .okay)
        XCTAssertEqual(hv.lifecycle(of: 0), .dead)
        XCTAssertEqual(hv.destroyDomain(0), .esrch)
        assertHolds(hv)
    }

    func testPopulateAndDecrease() {
        var hv = makeHypervisor()
        XCTAssertEqual(hv.freeFrames, [3, 4, 5, 6, 7])
        XCTAssertEqual(hv.populate(9, frame: 3), .esrch)
        XCTAssertEqual(hv.populate(2, frame: 99), .einval)
        XCTAssertEqual(hv.populate(2, frame: 0), .ebusy)
        XCTAssertEqual(hv.populateAny(2).frame, 3)
        XCTAssertEqual(hv.populate(2, frame: 7), .okay)
        XCTAssertEqual(hv.frames(ownedBy: 2), [3, 7])
        XCTAssertEqual(hv.decreaseReservation(2, frame: 0), .eperm)
        XCTAssertEqual(hv.decreaseReservation(9, frame: 0), .esrch)
        XCTAssertEqual(hv.decreaseReservation(2, frame: 3), .okay)
        XCTAssertEqual(hv.frames[3].state, .free)
        assertHolds(hv)
        var limited = Hypervisor(config: XenConfig())
        _ = limited.createDomain(0, maxPages: 1)
        XCTAssertEqual(limited.populate(0, frame: 0), .okay)
        XCTAssertEqual(limited.populate(0, frame: 1), .enomem)
        var exhausted = Hypervisor(config: XenConfig(frames: 1))
        _ = exhausted.createDomain(0, maxPages: 4)
        _ = exhausted.populateAny(0)
        XCTAssertEqual(exhausted.populateAny(0).status, .enomem)
    }

    /// A frame its owner gives back while another domain maps it stays
    /// alive, is not handed out again, and is freed by the last unmap.
    func testDecreaseWhileMappedKeepsFrameAlive() {
        var hv = makeHypervisor()
        grantFrame0(&hv)
        let h = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap).handle!
        XCTAssertTrue(hv.isMapped(0))
        XCTAssertEqual(hv.decreaseReservation(0, frame: 0), .okay)
        XCTAssertEqual(hv.frames[0].state, .released(0))
        XCTAssertFalse(hv.freeFrames.contains(0))
        XCTAssertEqual(hv.populate(2, frame: 0), .ebusy)
        assertHolds(hv)
        XCTAssertEqual(hv.unmapGrantRef(1, handle: h), .okay)
        XCTAssertEqual(hv.frames[0].state, .free)
        assertHolds(hv)
    }

    /// Teardown with mappings outstanding, both directions.
    func testTeardownWithMappingsOutstanding() {
        var hv = makeHypervisor()
        grantFrame0(&hv)                                                      // d0 -> d1
        XCTAssertEqual(hv.grantAccess(1, ref: 0, to: 0, frame: 2, readonly: true), .okay)  // d1 -> d0
        let h1 = hv.mapGrantRef(1, granter: 0, ref: 0, flags: [.hostMap, .deviceMap], hostAddr: 1).handle!
        _ = hv.mapGrantRef(0, granter: 1, ref: 0, flags: [.hostMap, .readonly], hostAddr: 1)
        let p = hv.allocUnbound(0, remote: 1).port!
        _ = hv.bindInterdomain(1, remote: 0, remotePort: p)
        assertHolds(hv)

        XCTAssertEqual(hv.destroyDomain(0), .okay)
        // d0's own mapping of d1's grant is gone; d1's entry is idle again.
        XCTAssertEqual(hv.liveHandles(0), [])
        XCTAssertEqual(hv.grantEntry(1, 0)?.flags, [.permitAccess, .readonly])
        XCTAssertEqual(hv.frames[2].mapRefs, 0)
        // d1's port is back to unbound; d0's ports are closed.
        XCTAssertEqual(hv.port(1, 0)?.state, .unbound(remote: 0))
        // d0's frame 0 is still mapped by d1: alive, released, not reusable; frame 1 is free.
        XCTAssertEqual(hv.frames[0].state, .released(0))
        XCTAssertEqual(hv.frames[1].state, .free)
        XCTAssertEqual(hv.lifecycle(of: 0), .dying)
        XCTAssertEqual(hv.populate(2, frame: 0), .ebusy)
        assertHolds(hv)
        // d1 can still unmap from the dying domain; then d0 is dead.
        XCTAssertEqual(hv.unmapGrantRef(1, handle: h1, parts: .deviceMap), .okay)
        XCTAssertEqual(hv.lifecycle(of: 0), .dying)
        XCTAssertEqual(hv.unmapGrantRef(1, handle: h1), .okay)
        XCTAssertEqual(hv.lifecycle(of: 0), .dead)
        XCTAssertEqual(hv.frames[0].state, .free)
        assertHolds(hv)
    }

    func testConfigProblems() {
        XCTAssertNil(XenConfig().problem())
        XCTAssertNotNil(XenConfig(frames: 0).problem())
        XCTAssertNotNil(XenConfig(initialGrantFrames: 3).problem())
        XCTAssertNotNil(XenConfig(maptrackSlots: 0).problem())
    }
}
