import XCTest
@testable import ExoXen
import ExoCore

final class EventChannelTests: XCTestCase {
    func testAllocBindSendClose() {
        var hv = makeHypervisor()
        let (s, p) = hv.allocUnbound(0, remote: 1)
        XCTAssertEqual(s, .okay)
        XCTAssertEqual(p, 0)
        XCTAssertEqual(hv.unboundPorts(0), [0])
        XCTAssertEqual(hv.portsReserved(for: 1).map { [UInt32($0.domain), $0.port] }, [[0, 0]])
        XCTAssertEqual(hv.portsReserved(for: 2).count, 0)
        let (b, lp) = hv.bindInterdomain(1, remote: 0, remotePort: 0)
        XCTAssertEqual(b, .okay)
        XCTAssertEqual(lp, 0)
        XCTAssertEqual(hv.port(1, 0)?.pending, true, "the new local port is set pending")
        XCTAssertEqual(hv.port(0, 0)?.state, .interdomain(remote: 1, port: 0))
        XCTAssertEqual(hv.boundPorts(1), [0])
        assertHolds(hv)

        XCTAssertTrue(hv.clearPending(1, port: 0))
        XCTAssertEqual(hv.send(0, port: 0), .okay)
        XCTAssertEqual(hv.port(1, 0)?.pending, true)
        XCTAssertEqual(hv.port(0, 0)?.pending, false, "events reach only the other end")
        XCTAssertEqual(hv.setMasked(0, port: 0, masked: true), .okay)
        XCTAssertEqual(hv.send(1, port: 0), .okay)
        XCTAssertEqual(hv.port(0, 0)?.pending, true, "masked ports still become pending")

        XCTAssertEqual(hv.close(1, port: 0), .okay)
        XCTAssertEqual(hv.port(0, 0)?.state, .unbound(remote: 1), "the remote end returns to unbound")
        XCTAssertEqual(hv.port(1, 0)?.state, .free)
        XCTAssertEqual(hv.send(0, port: 0), .okay, "sending on an unbound port is dropped")
        assertHolds(hv)
        // The same peer may bind again.
        XCTAssertEqual(hv.bindInterdomain(1, remote: 0, remotePort: 0).status, .okay)
        assertHolds(hv)
    }

    func testEventChannelErrors() {
        var hv = makeHypervisor(config: XenConfig(portsPerDomain: 2))
        XCTAssertEqual(hv.allocUnbound(9, remote: 1).status, .esrch)
        XCTAssertEqual(hv.allocUnbound(0, remote: 9).status, .esrch)
        let p = hv.allocUnbound(0, remote: 1).port!
        XCTAssertEqual(hv.bindInterdomain(2, remote: 0, remotePort: p).status, .einval, "reserved for d1")
        XCTAssertEqual(hv.bindInterdomain(1, remote: 0, remotePort: 7).status, .einval)
        XCTAssertEqual(hv.bindInterdomain(1, remote: 9, remotePort: p).status, .esrch)
        XCTAssertEqual(hv.bindInterdomain(1, remote: 0, remotePort: 1).status, .einval, "free, not unbound")
        XCTAssertEqual(hv.bindInterdomain(1, remote: 0, remotePort: p).status, .okay)
        XCTAssertEqual(hv.bindInterdomain(1, remote: 0, remotePort: p).status, .einval, "already bound")
        _ = hv.allocUnbound(0, remote: 2)
        XCTAssertEqual(hv.allocUnbound(0, remote: 2).status, .enospc, "per-domain port limit")
        XCTAssertEqual(hv.send(0, port: 9), .einval)
        XCTAssertEqual(hv.send(2, port: 0), .einval)
        XCTAssertEqual(hv.send(9, port: 0), .esrch)
        XCTAssertEqual(hv.close(2, port: 0), .einval)
        XCTAssertEqual(hv.close(9, port: 0), .esrch)
        XCTAssertEqual(hv.setMasked(2, port: 0, masked: true), .einval)
        XCTAssertFalse(hv.clearPending(9, port: 0))
        // No free local port for the binding.
        var full = makeHypervisor(config: XenConfig(portsPerDomain: 1))
        let q = full.allocUnbound(0, remote: 1).port!
        _ = full.allocUnbound(1, remote: 2)
        XCTAssertEqual(full.bindInterdomain(1, remote: 0, remotePort: q).status, .enospc)
        assertHolds(hv)
        assertHolds(full)
    }

    func testLoopbackBinding() {
        var hv = makeHypervisor()
        let p = hv.allocUnbound(0, remote: 0).port!
        let (s, q) = hv.bindInterdomain(0, remote: 0, remotePort: p)
        XCTAssertEqual(s, .okay)
        XCTAssertNotEqual(p, q)
        assertHolds(hv)
    }
}
