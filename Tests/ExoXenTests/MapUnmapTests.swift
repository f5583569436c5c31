import XCTest
@testable import ExoXen
import ExoCore

final class MapUnmapTests: XCTestCase {
    func testHostMapSetsBusyBitsPinsAndReference() {
        var hv = makeHypervisor()
        grantFrame0(&hv)
        let r = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 3)
        XCTAssertEqual(r.status, .okay)
        XCTAssertEqual(r.handle, 0)
        XCTAssertNil(r.deviceFrame)
        XCTAssertEqual(hv.grantEntry(0, 0)?.flags, [.permitAccess, .reading, .writing])
        XCTAssertEqual(hv.activeEntry(0, 0)?.hostWrite, 1)
        XCTAssertEqual(hv.frames[0].mapRefs, 1)
        XCTAssertEqual(hv.mappingCount(of: 0), 1)
        XCTAssertEqual(hv.liveHandles(1), [0])
        assertHolds(hv)
    }

    func testReadonlyMapSetsOnlyReading() {
        var hv = makeHypervisor()
        grantFrame0(&hv, readonly: true)
        let r = hv.mapGrantRef(1, granter: 0, ref: 0, flags: [.hostMap, .readonly], hostAddr: 0)
        XCTAssertEqual(r.status, .okay)
        XCTAssertEqual(hv.grantEntry(0, 0)?.flags, [.permitAccess, .readonly, .reading])
        XCTAssertEqual(hv.activeEntry(0, 0)?.hostRead, 1)
        assertHolds(hv)
    }

    func testDeviceMapReturnsBusAddress() {
        var hv = makeHypervisor()
        grantFrame0(&hv)
        let r = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .deviceMap)
        XCTAssertEqual(r.status, .okay)
        XCTAssertEqual(r.deviceFrame, 0)
        XCTAssertEqual(hv.activeEntry(0, 0)?.deviceWrite, 1)
        assertHolds(hv)
    }

    func testMapErrors() {
        var hv = makeHypervisor()
        grantFrame0(&hv)
        XCTAssertEqual(hv.grantAccess(0, ref: 1, to: 1, frame: 1, readonly: true), .okay)
        XCTAssertEqual(hv.grantAccess(0, ref: 2, to: 1, frame: 7, readonly: false), .okay)  // not d0's frame
        let before = hv
        XCTAssertEqual(hv.mapGrantRef(9, granter: 0, ref: 0, flags: .hostMap).status, .badDomain)
        XCTAssertEqual(hv.mapGrantRef(1, granter: 0, ref: 0, flags: []).status, .badGntref)
        XCTAssertEqual(hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 999).status, .badVirtAddr)
        XCTAssertEqual(hv.mapGrantRef(1, granter: 7, ref: 0, flags: .hostMap).status, .badDomain)
        XCTAssertEqual(hv.mapGrantRef(1, granter: 0, ref: 4, flags: .hostMap).status, .badGntref)  // table is 1 frame
        XCTAssertEqual(hv.mapGrantRef(1, granter: 0, ref: 3, flags: .hostMap).status, .generalError)  // invalid entry
        XCTAssertEqual(hv.mapGrantRef(2, granter: 0, ref: 0, flags: .hostMap).status, .generalError)  // names d1
        XCTAssertEqual(hv.mapGrantRef(1, granter: 0, ref: 1, flags: .hostMap).status, .generalError)  // r/o entry
        XCTAssertEqual(hv.mapGrantRef(1, granter: 0, ref: 2, flags: .hostMap).status, .generalError)  // foreign frame
        XCTAssertEqual(hv, before, "failed maps change nothing")
        // The same host address twice.
        XCTAssertEqual(hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 5).status, .okay)
        XCTAssertEqual(hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 5).status, .badVirtAddr)
        // A dying granter.
        var dying = makeHypervisor()
        grantFrame0(&dying)
        XCTAssertEqual(dying.destroyDomain(0), .okay)
        XCTAssertEqual(dying.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap).status, .badDomain)
    }

    func testMaptrackFullIsNoDeviceSpace() {
        var hv = makeHypervisor(config: XenConfig(maptrackSlots: 2))
        grantFrame0(&hv)
        XCTAssertEqual(hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 0).status, .okay)
        XCTAssertEqual(hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 1).status, .okay)
        XCTAssertEqual(hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 2).status, .noDeviceSpace)
        assertHolds(hv)
    }

    func testPinOverflowIsRefused() {
        var hv = makeHypervisor(config: XenConfig(maptrackSlots: 200, virtualPages: 200))
        grantFrame0(&hv)
        for a in 0..<VirtualPage(ActiveEntry.pinLimit) {
            XCTAssertEqual(hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: a).status, .okay)
        }
        XCTAssertEqual(hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 199).status, .generalError)
        assertHolds(hv)
    }

    func testUnmapClearsBusyBitsWhenPinsReachZero() {
        var hv = makeHypervisor()
        grantFrame0(&hv)
        let rw = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 0).handle!
        let ro = hv.mapGrantRef(1, granter: 0, ref: 0, flags: [.hostMap, .readonly], hostAddr: 1).handle!
        XCTAssertEqual(hv.unmapGrantRef(1, handle: rw), .okay)
        XCTAssertEqual(hv.grantEntry(0, 0)?.flags, [.permitAccess, .reading], "writing cleared, reading kept")
        assertHolds(hv)
        XCTAssertEqual(hv.unmapGrantRef(1, handle: ro), .okay)
        XCTAssertEqual(hv.grantEntry(0, 0)?.flags, [.permitAccess])
        XCTAssertEqual(hv.frames[0].mapRefs, 0)
        XCTAssertEqual(hv.liveHandles(1), [])
        assertHolds(hv)
    }

    func testPartialUnmapKeepsTheOtherPart() {
        var hv = makeHypervisor()
        grantFrame0(&hv)
        let h = hv.mapGrantRef(1, granter: 0, ref: 0, flags: [.hostMap, .deviceMap], hostAddr: 2).handle!
        XCTAssertEqual(hv.frames[0].mapRefs, 2)
        XCTAssertEqual(hv.unmapGrantRef(1, handle: h, parts: .hostMap, hostAddr: 2), .okay)
        XCTAssertEqual(hv.activeEntry(0, 0)?.hostWrite, 0)
        XCTAssertEqual(hv.activeEntry(0, 0)?.deviceWrite, 1)
        XCTAssertEqual(hv.grantEntry(0, 0)?.flags, [.permitAccess, .reading, .writing])
        XCTAssertEqual(hv.liveHandles(1), [h])
        assertHolds(hv)
        XCTAssertEqual(hv.unmapGrantRef(1, handle: h, parts: .deviceMap, devAddr: 0), .okay)
        XCTAssertEqual(hv.liveHandles(1), [])
        assertHolds(hv)
    }

    func testUnmapErrors() {
        var hv = makeHypervisor()
        grantFrame0(&hv)
        let h = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 4).handle!
        let before = hv
        XCTAssertEqual(hv.unmapGrantRef(9, handle: h), .badDomain)
        XCTAssertEqual(hv.unmapGrantRef(1, handle: 99), .badHandle)
        XCTAssertEqual(hv.unmapGrantRef(1, handle: 1), .badHandle)  // not live
        XCTAssertEqual(hv.unmapGrantRef(1, handle: h, parts: .deviceMap), .generalError)  // no device part
        XCTAssertEqual(hv.unmapGrantRef(1, handle: h, hostAddr: 5), .generalError)
        XCTAssertEqual(hv, before)
        var dev = makeHypervisor()
        grantFrame0(&dev)
        let d = dev.mapGrantRef(1, granter: 0, ref: 0, flags: .deviceMap).handle!
        XCTAssertEqual(dev.unmapGrantRef(1, handle: d, devAddr: 1), .badDevAddr)
        // Each handle is freed once: a second unmap is refused.
        XCTAssertEqual(hv.unmapGrantRef(1, handle: h), .okay)
        XCTAssertEqual(hv.unmapGrantRef(1, handle: h), .badHandle)
        assertHolds(hv)
    }

    func testUnmapAndReplace() {
        var hv = makeHypervisor()
        grantFrame0(&hv)
        let h = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 4).handle!
        let dev = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .deviceMap).handle!
        let other = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 6).handle!
        XCTAssertEqual(hv.unmapAndReplace(9, handle: h, hostAddr: 4, newAddr: 5), .badDomain)
        XCTAssertEqual(hv.unmapAndReplace(1, handle: dev, hostAddr: 0, newAddr: 5), .badHandle)
        XCTAssertEqual(hv.unmapAndReplace(1, handle: h, hostAddr: 3, newAddr: 5), .generalError)
        XCTAssertEqual(hv.unmapAndReplace(1, handle: h, hostAddr: 4, newAddr: 6), .generalError)
        XCTAssertEqual(hv.unmapAndReplace(1, handle: h, hostAddr: 4, newAddr: 999), .badVirtAddr)
        XCTAssertEqual(hv.unmapAndReplace(1, handle: h, hostAddr: 4, newAddr: 5), .okay)
        XCTAssertNil(hv.mapping(1, handle: h))
        XCTAssertNotNil(hv.mapping(1, handle: other))
        assertHolds(hv)
    }

    func testHandlesAreReusedLastFreedFirst() {
        var hv = makeHypervisor()
        grantFrame0(&hv)
        let a = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 0).handle!
        let b = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 1).handle!
        XCTAssertEqual([a, b], [0, 1])
        XCTAssertEqual(hv.unmapGrantRef(1, handle: a), .okay)
        XCTAssertEqual(hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 2).handle, a)
        assertHolds(hv)
    }
}
