import XCTest
@testable import ExoXen
import ExoCore

final class UnikernelImageTests: XCTestCase {
    func testImageIncludesOnlyReachableModules() {
        let image = sampleImage()
        XCTAssertEqual(image.included, [0, 1, 2, 3])
        XCTAssertEqual(image.includedNames, ["app", "net", "vchan", "xen"])
        XCTAssertEqual(image.textPages, 4)
        XCTAssertEqual(image.dataPages, 2)
        XCTAssertEqual(image.sizePages, 6)
        guard case .success(let fsOnly) = UnikernelImage.build(application: 4, graph: sampleGraph) else { return XCTFail() }
        XCTAssertEqual(fsOnly.includedNames, ["xen", "fs"])
    }

    func testImageBuildErrors() {
        XCTAssertEqual(UnikernelImage.build(application: 9, graph: sampleGraph).failureValue, .noSuchApplication(9))
        let dangling = ModuleGraph([UnikernelModule(name: "a", textPages: 1, dataPages: 0, dependencies: [5])])
        XCTAssertEqual(UnikernelImage.build(application: 0, graph: dangling).failureValue, .danglingDependency)
        XCTAssertEqual(UnikernelImage.build(application: 0, graph: sampleGraph, maxPages: 3).failureValue, .tooLarge(6))
        let cyclic = ModuleGraph([UnikernelModule(name: "a", textPages: 1, dataPages: 0, dependencies: [1]),
                                  UnikernelModule(name: "b", textPages: 1, dataPages: 0, dependencies: [0])])
        guard case .success(let c) = UnikernelImage.build(application: 0, graph: cyclic) else { return XCTFail() }
        XCTAssertEqual(c.included, [0, 1])
    }

    /// A data page made executable before sealing is not code the image
    /// was built with: sealing takes execute permission away from it.
    func testSealingStripsExecuteFromNonTextPages() {
        var hv = makeHypervisor()
        var uk = bootSample(&hv)
        XCTAssertEqual(uk.space.protect(4, [.read, .exec]), .okay)
        XCTAssertEqual(uk.space.seal(), .okay)
        XCTAssertEqual(uk.space.pages[4].perms, [.read])
        var v: [Violation] = []
        uk.space.checkInvariants(into: &v)
        XCTAssertEqual(v, [])
    }

    func testBootLayoutAndSealing() {
        var hv = makeHypervisor()
        var uk = bootSample(&hv)
        XCTAssertEqual(uk.space.pages(in: .text), [0, 1, 2, 3])
        XCTAssertEqual(uk.space.pages(in: .data), [4, 5])
        XCTAssertEqual(uk.space.pages(in: .minorHeap), [6])
        XCTAssertEqual(uk.space.pages(in: .majorHeap), [7, 8])
        XCTAssertEqual(uk.space.pages(in: .io), [9, 10])
        XCTAssertEqual(hv.frames(ownedBy: 0), [0, 1, 3, 4])
        XCTAssertEqual(uk.grants.pool.map(\.frame), [3, 4])
        XCTAssertEqual(uk.space.seal(), .okay)
        XCTAssertEqual(uk.space.seal(), .einval)
        XCTAssertEqual(uk.space.pages[0].perms, [.read, .exec])
        XCTAssertEqual(uk.space.protect(0, [.read, .write]), .eperm, "text stays read-only")
        XCTAssertEqual(uk.space.protect(4, [.read, .exec]), .eperm, "no new code")
        XCTAssertEqual(uk.space.protect(4, [.read, .write, .exec]), .eperm)
        XCTAssertEqual(uk.space.protect(4, [.read]), .okay)
        XCTAssertEqual(uk.space.protect(0, [.read]), .okay, "dropping exec is allowed")
        XCTAssertEqual(uk.space.protect(99, [.read]), .einval)
        XCTAssertEqual(violations(hv, uk), [])
    }

    func testBootFailsWhenFramesRunOut() {
        var hv = Hypervisor(config: XenConfig(frames: 1))
        _ = hv.createDomain(0, maxPages: 4)
        let (s, uk) = Unikernel.boot(&hv, dom: 0, image: sampleImage(), layout: BootLayout(), grantRefs: 2)
        XCTAssertEqual(s, .enomem)
        XCTAssertNil(uk)
    }
}

final class GuestGrantTests: XCTestCase {
    func testShareUnshareRoundTrip() {
        var hv = makeHypervisor()
        var uk = bootSample(&hv)
        let (s, ref, frame) = uk.grants.share(&hv, to: 1, writable: true)
        XCTAssertEqual(s, .okay)
        XCTAssertEqual(ref, 0)
        XCTAssertEqual(frame, 3)
        XCTAssertEqual(uk.grants.sharedRefs, [0])
        let h = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap).handle!
        XCTAssertFalse(uk.grants.endAccessReady(hv, ref: 0))
        XCTAssertEqual(uk.grants.tryEndAccess(&hv, ref: 0), .busy)
        XCTAssertEqual(uk.grants.endAccess(&hv, ref: 0), .busy)
        XCTAssertEqual(uk.grants.unshare(&hv, ref: 0), .busy, "the page stays shared while mapped")
        XCTAssertEqual(violations(hv, uk), [])
        XCTAssertEqual(hv.unmapGrantRef(1, handle: h), .okay)
        XCTAssertTrue(uk.grants.endAccessReady(hv, ref: 0))
        XCTAssertEqual(uk.grants.unshare(&hv, ref: 0), .okay)
        XCTAssertEqual(uk.grants.pool[0].use, .free)
        XCTAssertEqual(uk.grants.sharedRefs, [])
        XCTAssertEqual(violations(hv, uk), [])
    }

    func testGuestLibraryErrors() {
        var hv = makeHypervisor()
        var uk = bootSample(&hv)
        XCTAssertEqual(uk.grants.grantAccess(&hv, to: 1, frame: 3, writable: true).status, .invalid, "not allocated")
        XCTAssertEqual(uk.grants.freePage(3), .invalid)
        XCTAssertEqual(uk.grants.tryEndAccess(&hv, ref: 0), .invalid)
        XCTAssertEqual(uk.grants.unshare(&hv, ref: 0), .invalid)
        _ = uk.grants.allocPage(); _ = uk.grants.allocPage()
        XCTAssertEqual(uk.grants.allocPage().status, .outOfPages)
        XCTAssertEqual(uk.grants.share(&hv, to: 1, writable: true).status, .outOfPages)
        XCTAssertEqual(uk.grants.unmap(&hv, handle: 0), .invalid)
        XCTAssertEqual(uk.grants.map(&hv, granter: 1, ref: 0, writable: false).status, .hypervisor(.generalError))
        var few = Unikernel.boot(&hv, dom: 2, image: sampleImage(), layout: BootLayout(), grantRefs: 0).unikernel!
        XCTAssertEqual(few.grants.share(&hv, to: 1, writable: true).status, .outOfRefs)
        XCTAssertEqual(few.grants.pool.filter { $0.use == .free }.count, 2, "a failed share gives the page back")
        XCTAssertEqual(GuestStatus.hypervisor(.badGntref).code, -3)
        XCTAssertEqual(GuestStatus.busy.code, -101)
        XCTAssertEqual(GuestStatus.evtchn(.einval).code, -222)
    }

    func testImportMapsIntoIOSlotsOnly() {
        var hv = makeHypervisor()
        var uk = bootSample(&hv)
        XCTAssertEqual(hv.grantAccess(1, ref: 0, to: 0, frame: 2, readonly: true), .okay)
        let (s, h, v) = uk.grants.map(&hv, granter: 1, ref: 0, writable: false)
        XCTAssertEqual(s, .okay)
        XCTAssertEqual(v, 9)
        let (s2, _, v2) = uk.grants.map(&hv, granter: 1, ref: 0, writable: false)
        XCTAssertEqual(s2, .okay)
        XCTAssertEqual(v2, 10)
        XCTAssertEqual(uk.grants.map(&hv, granter: 1, ref: 0, writable: false).status, .outOfSlots)
        XCTAssertEqual(violations(hv, uk), [])
        XCTAssertEqual(uk.grants.unmap(&hv, handle: h!), .okay)
        let (ws, seen) = uk.grants.withMapping(&hv, granter: 1, ref: 0, writable: false) { hv, page in
            hv.mapping(0, handle: 0)?.hostAddr == page
        }
        XCTAssertEqual(ws, .okay)
        XCTAssertEqual(seen, true)
        XCTAssertEqual(uk.grants.imports.count, 1)
        XCTAssertEqual(violations(hv, uk), [])
    }

    /// The buggy guest: end access fails, it ignores the failure and reuses the page.
    func testGuestIgnoringFailedEndAccessIsCaught() {
        var hv = makeHypervisor()
        var uk = bootSample(&hv)
        let (_, ref, frame) = uk.grants.share(&hv, to: 1, writable: true)
        _ = hv.mapGrantRef(1, granter: 0, ref: ref!, flags: .hostMap)
        XCTAssertEqual(uk.grants.tryEndAccess(&hv, ref: ref!), .busy)
        XCTAssertEqual(uk.grants.freePage(frame!), .okay)          // ignores the failure
        XCTAssertEqual(names(violations(hv, uk)), [XenInvariants.noReuseWhileMapped])
        XCTAssertEqual(uk.grants.allocPage().frame, frame)          // and reuses the page
        XCTAssertEqual(names(violations(hv, uk)), [XenInvariants.noReuseWhileMapped])
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}
