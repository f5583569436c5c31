import XCTest
@testable import ExoXen
import ExoCore

final class GrantEntryTests: XCTestCase {
    func testPublishWritesDomidFrameAndFlags() {
        var hv = makeHypervisor()
        XCTAssertEqual(hv.grantAccess(0, ref: 2, to: 1, frame: 1, readonly: true), .okay)
        XCTAssertEqual(hv.grantEntry(0, 2), GrantEntry(flags: [.permitAccess, .readonly], domid: 1, frame: 1))
        XCTAssertEqual(hv.grantRefsInUse(0), [2])
        XCTAssertEqual(hv.freeGrantRefs(0), [0, 1, 3])
        XCTAssertEqual(hv.grantsOffered(to: 1).map { [$0.granter, DomID($0.ref)] }, [[0, 2]])
        XCTAssertEqual(hv.grantsOffered(to: 2).count, 0)
    }

    func testGrantAccessErrors() {
        var hv = makeHypervisor()
        grantFrame0(&hv)
        XCTAssertEqual(hv.grantAccess(9, ref: 0, to: 1, frame: 0, readonly: false), .badDomain)
        XCTAssertEqual(hv.grantAccess(0, ref: 4, to: 1, frame: 0, readonly: false), .badGntref)
        XCTAssertEqual(hv.grantAccess(0, ref: 0, to: 2, frame: 1, readonly: false), .generalError, "ref in use")
        XCTAssertEqual(hv.grantTransfer(0, ref: 0, from: 1), .generalError)
        XCTAssertEqual(hv.grantTransfer(9, ref: 0, from: 1), .badDomain)
        XCTAssertEqual(hv.grantTransfer(0, ref: 9, from: 1), .badGntref)
    }

    func testEndAccessIsRefusedWhileMapped() {
        var hv = makeHypervisor()
        grantFrame0(&hv)
        let h = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap).handle!
        XCTAssertEqual(hv.endAccess(0, ref: 0), .eagain)
        XCTAssertTrue(hv.grantEntry(0, 0)!.flags.isPermitAccess)
        XCTAssertEqual(hv.unmapGrantRef(1, handle: h), .okay)
        XCTAssertEqual(hv.endAccess(0, ref: 0), .okay)
        XCTAssertEqual(hv.grantEntry(0, 0)?.flags, [])
        XCTAssertEqual(hv.endAccess(0, ref: 0), .okay, "ending an invalid entry is harmless")
        XCTAssertEqual(hv.endAccess(9, ref: 0), .badDomain)
        XCTAssertEqual(hv.endAccess(0, ref: 7), .badGntref)
        XCTAssertEqual(hv.grantTransfer(0, ref: 1, from: 1), .okay)
        XCTAssertEqual(hv.endAccess(0, ref: 1), .generalError, "transfer entries end with endTransfer")
        assertHolds(hv)
    }

    func testReadonlyDowngradeNeedsNoWriter() {
        var hv = makeHypervisor()
        grantFrame0(&hv)
        XCTAssertEqual(hv.setGrantReadonly(0, ref: 0, readonly: true), .okay)
        XCTAssertEqual(hv.setGrantReadonly(0, ref: 0, readonly: false), .okay)
        let h = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap).handle!
        XCTAssertEqual(hv.setGrantReadonly(0, ref: 0, readonly: true), .eagain)
        XCTAssertEqual(hv.unmapGrantRef(1, handle: h), .okay)
        XCTAssertEqual(hv.setGrantReadonly(0, ref: 0, readonly: true), .okay)
        XCTAssertEqual(hv.setGrantReadonly(0, ref: 1, readonly: true), .generalError)
        XCTAssertEqual(hv.setGrantReadonly(0, ref: 9, readonly: true), .badGntref)
        XCTAssertEqual(hv.setGrantReadonly(9, ref: 0, readonly: true), .badDomain)
        assertHolds(hv)
    }

    func testSetupTableAndQuerySize() {
        var hv = makeHypervisor()
        XCTAssertEqual(hv.querySize(0).nrFrames, 1)
        XCTAssertEqual(hv.querySize(0).maxFrames, 2)
        XCTAssertEqual(hv.grantAccess(0, ref: 4, to: 1, frame: 0, readonly: false), .badGntref)
        XCTAssertEqual(hv.setupTable(0, nrFrames: 2), .okay)
        XCTAssertEqual(hv.querySize(0).nrFrames, 2)
        XCTAssertEqual(hv.grantAccess(0, ref: 4, to: 1, frame: 0, readonly: false), .okay)
        XCTAssertEqual(hv.setupTable(0, nrFrames: 1), .okay, "tables never shrink")
        XCTAssertEqual(hv.querySize(0).nrFrames, 2)
        XCTAssertEqual(hv.setupTable(0, nrFrames: 3), .generalError)
        XCTAssertEqual(hv.setupTable(9, nrFrames: 1), .badDomain)
        XCTAssertEqual(hv.querySize(9).status, .badDomain)
    }

    func testStatusCodesMatchXen() {
        XCTAssertEqual(GrantStatus.allCases.map(\.rawValue), Array((-12...0).reversed()))
        XCTAssertEqual(GrantStatus.badGntref.name, "bad_gntref")
        XCTAssertEqual(GrantFlags.reading.rawValue, 8)
        XCTAssertEqual(GrantFlags.writing.rawValue, 16)
        XCTAssertEqual(GrantFlags.readonly.rawValue, 4)
    }
}
