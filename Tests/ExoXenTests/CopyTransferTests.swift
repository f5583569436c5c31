import XCTest
@testable import ExoXen
import ExoCore

final class CopyTests: XCTestCase {
    func testCopyBetweenGrantAndOwnFrameLeavesNoPins() {
        var hv = makeHypervisor()
        grantFrame0(&hv)
        let before = hv
        XCTAssertEqual(hv.copy(1, source: .grant(domain: 0, ref: 0), sourceOffset: 0,
                               dest: .frame(domain: 1, frame: 2), destOffset: 100, length: 64), .okay)
        XCTAssertEqual(hv.copy(1, source: .frame(domain: 1, frame: 2), sourceOffset: 0,
                               dest: .grant(domain: 0, ref: 0), destOffset: 0, length: 4096), .okay)
        XCTAssertEqual(hv, before, "pins taken for the copy are dropped after it")
        assertHolds(hv)
    }

    func testCopyKeepsBusyBitsOfExistingMappings() {
        var hv = makeHypervisor()
        grantFrame0(&hv)
        _ = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .deviceMap)
        XCTAssertEqual(hv.copy(1, source: .grant(domain: 0, ref: 0), sourceOffset: 0,
                               dest: .frame(domain: 1, frame: 2), destOffset: 0, length: 8), .okay)
        XCTAssertEqual(hv.grantEntry(0, 0)?.flags, [.permitAccess, .reading, .writing])
        assertHolds(hv)
    }

    func testCopyErrors() {
        var hv = makeHypervisor()
        grantFrame0(&hv)
        XCTAssertEqual(hv.grantAccess(0, ref: 1, to: 1, frame: 1, readonly: true), .okay)
        let own = CopyTarget.frame(domain: 1, frame: 2)
        func c(_ s: CopyTarget, _ d: CopyTarget, off: UInt32 = 0, len: UInt32 = 8, by: DomID = 1) -> GrantStatus {
            hv.copy(by, source: s, sourceOffset: off, dest: d, destOffset: 0, length: len)
        }
        let before = hv
        XCTAssertEqual(c(.grant(domain: 0, ref: 0), own, by: 9), .badDomain)
        XCTAssertEqual(c(.grant(domain: 0, ref: 0), own, off: 4090), .badCopyArg)
        XCTAssertEqual(c(.grant(domain: 0, ref: 0), own, len: 4097), .badCopyArg)
        XCTAssertEqual(c(.frame(domain: 0, frame: 0), own), .permissionDenied)
        XCTAssertEqual(c(.frame(domain: 1, frame: 0), own), .badPage)
        XCTAssertEqual(c(.grant(domain: 8, ref: 0), own), .badDomain)
        XCTAssertEqual(c(.grant(domain: 0, ref: 6), own), .badGntref)
        XCTAssertEqual(c(.grant(domain: 0, ref: 2), own), .generalError)       // invalid entry
        XCTAssertEqual(c(.grant(domain: 0, ref: 0), own, by: 2), .generalError) // not for d2
        XCTAssertEqual(c(own, .grant(domain: 0, ref: 1)), .generalError)       // write to r/o grant
        XCTAssertEqual(hv, before)
    }

    /// Copy racing end-access: in a step model the two orders are the race.
    func testCopyRacingEndAccess() {
        // End-access first: the copy finds an invalid entry.
        var a = makeHypervisor()
        grantFrame0(&a)
        XCTAssertEqual(a.endAccess(0, ref: 0), .okay)
        XCTAssertEqual(a.copy(1, source: .grant(domain: 0, ref: 0), sourceOffset: 0,
                              dest: .frame(domain: 1, frame: 2), destOffset: 0, length: 8), .generalError)
        assertHolds(a)
        // Copy first: its pins are gone when it returns, so end-access succeeds.
        var b = makeHypervisor()
        grantFrame0(&b)
        XCTAssertEqual(b.copy(1, source: .grant(domain: 0, ref: 0), sourceOffset: 0,
                              dest: .frame(domain: 1, frame: 2), destOffset: 0, length: 8), .okay)
        XCTAssertEqual(b.endAccess(0, ref: 0), .okay)
        assertHolds(b)
        // With a device mapping outstanding, end-access must still be refused after the copy.
        var c = makeHypervisor()
        grantFrame0(&c)
        _ = c.mapGrantRef(1, granter: 0, ref: 0, flags: .deviceMap)
        _ = c.copy(1, source: .grant(domain: 0, ref: 0), sourceOffset: 0,
                   dest: .frame(domain: 1, frame: 2), destOffset: 0, length: 8)
        XCTAssertEqual(c.endAccess(0, ref: 0), .eagain)
        assertHolds(c)
    }
}

final class TransferTests: XCTestCase {
    func testTransferMovesOwnershipOnce() {
        var hv = makeHypervisor()
        XCTAssertEqual(hv.grantTransfer(1, ref: 0, from: 0), .okay)
        XCTAssertEqual(hv.transferOffers(from: 0).map { $0.receiver }, [1])
        XCTAssertEqual(hv.transfer(0, frame: 1, to: 1, ref: 0), .okay)
        XCTAssertEqual(hv.frames(ownedBy: 0), [0])
        XCTAssertEqual(hv.frames(ownedBy: 1), [1, 2])
        XCTAssertEqual(hv.grantEntry(1, 0)?.flags, [.acceptTransfer, .transferCommitted, .transferCompleted])
        XCTAssertEqual(hv.grantEntry(1, 0)?.frame, 1)
        assertHolds(hv)
        // The entry takes one frame only.
        XCTAssertEqual(hv.transfer(0, frame: 0, to: 1, ref: 0), .generalError)
        XCTAssertEqual(hv.frames[0].state, .free, "a stolen frame is lost to the sender on failure")
        assertHolds(hv)
        let (s, f) = hv.endTransfer(1, ref: 0)
        XCTAssertEqual(s, .okay)
        XCTAssertEqual(f, 1)
        XCTAssertEqual(hv.grantEntry(1, 0), GrantEntry())
        assertHolds(hv)
    }

    func testTransferErrors() {
        var hv = makeHypervisor()
        XCTAssertEqual(hv.grantTransfer(1, ref: 0, from: 0), .okay)
        grantFrame0(&hv)
        _ = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap)
        XCTAssertEqual(hv.transfer(9, frame: 1, to: 1, ref: 0), .badDomain)
        XCTAssertEqual(hv.transfer(0, frame: 2, to: 1, ref: 0), .badPage)   // d1's frame
        XCTAssertEqual(hv.transfer(0, frame: 0, to: 1, ref: 0), .badPage)   // mapped
        assertHolds(hv)
        // Refusals after the steal lose the frame.
        var a = makeHypervisor()
        XCTAssertEqual(a.transfer(0, frame: 1, to: 9, ref: 0), .badDomain)
        XCTAssertEqual(a.frames[1].state, .free)
        XCTAssertEqual(a.transfer(0, frame: 0, to: 1, ref: 9), .badGntref)
        XCTAssertEqual(a.frames(ownedBy: 0), [])
        assertHolds(a)
        // Wrong sender named in the entry.
        var b = makeHypervisor()
        XCTAssertEqual(b.grantTransfer(1, ref: 0, from: 2), .okay)
        XCTAssertEqual(b.transfer(0, frame: 1, to: 1, ref: 0), .generalError)
        // Receiver cannot address the frame.
        var c = Hypervisor(config: XenConfig())
        _ = c.createDomain(0, maxPages: 4); _ = c.createDomain(1, maxPages: 4, addressLimit: 4)
        XCTAssertEqual(c.populate(0, frame: 6), .okay)
        XCTAssertEqual(c.grantTransfer(1, ref: 0, from: 0), .okay)
        XCTAssertEqual(c.transfer(0, frame: 6, to: 1, ref: 0), .addressTooBig)
        XCTAssertEqual(c.frames(ownedBy: 0), [6])
        // Receiver at its limit.
        var d = Hypervisor(config: XenConfig())
        _ = d.createDomain(0, maxPages: 4); _ = d.createDomain(1, maxPages: 0)
        _ = d.populate(0, frame: 0)
        XCTAssertEqual(d.grantTransfer(1, ref: 0, from: 0), .okay)
        XCTAssertEqual(d.transfer(0, frame: 0, to: 1, ref: 0), .generalError)
        assertHolds(d)
    }

    func testEndTransferWithoutTransferWithdrawsTheOffer() {
        var hv = makeHypervisor()
        XCTAssertEqual(hv.grantTransfer(1, ref: 0, from: 0), .okay)
        let (s, f) = hv.endTransfer(1, ref: 0)
        XCTAssertEqual(s, .okay)
        XCTAssertNil(f)
        XCTAssertEqual(hv.endTransfer(1, ref: 0).status, .generalError)
        XCTAssertEqual(hv.endTransfer(1, ref: 9).status, .badGntref)
        XCTAssertEqual(hv.endTransfer(9, ref: 0).status, .badDomain)
    }
}
