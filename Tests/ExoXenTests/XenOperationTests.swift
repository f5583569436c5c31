import XCTest
@testable import ExoXen
import ExoCore

final class XenOperationTests: XCTestCase {
    static let samples: [XenOperation] = [
        .createDomain(2, maxPages: 3), .unpause(2), .populate(2, frame: 7), .decreaseReservation(2, frame: 7),
        .destroyDomain(2), .setupTable(0, nrFrames: 2), .querySize(0),
        .grantAccess(0, ref: 1, to: 1, frame: 1, readonly: true), .grantTransfer(1, ref: 2, from: 0),
        .endAccess(0, ref: 1), .setGrantReadonly(0, ref: 1, readonly: false), .endTransfer(1, ref: 2),
        .mapGrantRef(1, granter: 0, ref: 1, flags: [.hostMap, .readonly], hostAddr: 3),
        .unmapGrantRef(1, handle: 0, parts: .hostMap), .unmapAndReplace(1, handle: 0, hostAddr: 3, newAddr: 4),
        .copy(1, source: .grant(domain: 0, ref: 1), dest: .frame(domain: 1, frame: 2), offset: 100, length: 4096),
        .transfer(0, frame: 1, to: 1, ref: 2), .allocUnbound(0, remote: 1), .bindInterdomain(1, remote: 0, remotePort: 0),
        .send(0, port: 0), .close(1, port: 0), .setMasked(0, port: 0, masked: true), .clearPending(0, port: 0),
    ]

    func testEveryOpcodeRoundTripsThroughItsTraceSpelling() {
        XCTAssertEqual(XenOperationTests.samples.map(\.opcode), Array(0..<UInt16(XenOperation.names.count)))
        for op in XenOperationTests.samples {
            XCTAssertEqual(XenOperation(opcode: op.opcode, operands: op.operands), op, op.name)
        }
        XCTAssertNil(XenOperation(opcode: 99, operands: Operands(0)))
        XCTAssertNil(XenOperation(opcode: 0, operands: Operands(0)), "wrong arity")
        // Negative or huge operands name nothing and are refused, not wrapped.
        let bad = XenOperation(opcode: 12, operands: Operands(-1, 70000, -5, 2, 0))!
        var hv = makeHypervisor()
        XCTAssertEqual(bad.apply(to: &hv), GrantStatus.badDomain.rawValue)
    }

    func testApplyReturnsValuesOrStatuses() {
        var hv = makeHypervisor()
        XCTAssertEqual(XenOperation.grantAccess(0, ref: 1, to: 1, frame: 1, readonly: false).apply(to: &hv), 0)
        XCTAssertEqual(XenOperation.mapGrantRef(1, granter: 0, ref: 1, flags: .hostMap, hostAddr: 3).apply(to: &hv), 0, "handle 0")
        XCTAssertEqual(XenOperation.mapGrantRef(1, granter: 0, ref: 1, flags: .hostMap, hostAddr: 4).apply(to: &hv), 1, "handle 1")
        XCTAssertEqual(XenOperation.endAccess(0, ref: 1).apply(to: &hv), GrantStatus.eagain.rawValue)
        XCTAssertEqual(XenOperation.allocUnbound(0, remote: 1).apply(to: &hv), 0, "port 0")
        XCTAssertEqual(XenOperation.allocUnbound(0, remote: 1).apply(to: &hv), 1, "port 1")
        XCTAssertEqual(XenOperation.bindInterdomain(2, remote: 0, remotePort: 0).apply(to: &hv), XenErrno.einval.rawValue)
        XCTAssertEqual(XenOperation.querySize(0).apply(to: &hv), 1)
        XCTAssertEqual(XenOperation.copy(1, source: .grant(domain: 0, ref: 1), dest: .frame(domain: 1, frame: 2),
                                         offset: 0, length: 9000).apply(to: &hv), GrantStatus.badCopyArg.rawValue)
        XCTAssertEqual(XenOperation.mapGrantRef(1, granter: 0, ref: 1, flags: .hostMap, hostAddr: 3).describe(result: 0),
                       "d1 map_grant_ref(0, 1, 2, 3) -> 0")
        assertHolds(hv)
    }
}
