import XCTest
@testable import ExoXen
import ExoCore

final class VchanTests: XCTestCase {
    func testRoundTripBothWaysInOrder() {
        var hv = makeHypervisor()
        var v = connectedVchan(&hv, ringSize: 2)
        XCTAssertEqual(v.phase, .connected)
        XCTAssertEqual(v.serverLive, 1)
        XCTAssertEqual(v.clientLive, 1)
        XCTAssertEqual(hv.liveHandles(1).count, 3)
        XCTAssertEqual(violations(hv, v), [])

        XCTAssertEqual(v.write(&hv, from: .server, byte: 10), .okay)
        XCTAssertEqual(v.write(&hv, from: .server, byte: 11), .okay)
        XCTAssertEqual(v.write(&hv, from: .server, byte: 12), .busy, "ring full: the writer waits")
        XCTAssertEqual(hv.port(1, v.clientPort)?.pending, true, "the client was notified")
        XCTAssertEqual(v.write(&hv, from: .client, byte: 20), .okay)
        XCTAssertEqual(v.pending(for: .client), 2)
        var got: [UInt8] = []
        for _ in 0..<5 {   // more reads than the ring holds, with wrap-around
            let (s, b) = v.read(&hv, at: .client)
            if s == .okay { got.append(b!) } else { XCTAssertEqual(s, .busy) }
            _ = v.write(&hv, from: .server, byte: 12 + UInt8(got.count))
            XCTAssertEqual(violations(hv, v), [])
        }
        XCTAssertEqual(got, [10, 11, 13, 14, 15])
        XCTAssertEqual(v.read(&hv, at: .server).byte, 20)
        XCTAssertEqual(v.read(&hv, at: .server).status, .busy)
        XCTAssertEqual(violations(hv, v), [])
    }

    func testCloseWhileMappedThenFinish() {
        var hv = makeHypervisor()
        var v = connectedVchan(&hv)
        XCTAssertEqual(v.close(&hv, side: .server), .busy, "the client still maps the rings")
        XCTAssertEqual(v.write(&hv, from: .client, byte: 1), .notConnected)
        XCTAssertEqual(v.close(&hv, side: .client), .okay)
        XCTAssertEqual(v.close(&hv, side: .client), .notConnected)
        XCTAssertEqual(v.close(&hv, side: .server), .okay)
        XCTAssertEqual(v.phase, .closed)
        XCTAssertEqual(hv.liveHandles(1), [])
        XCTAssertEqual(hv.grantRefsInUse(0), [])
        XCTAssertEqual(hv.boundPorts(0), [])
        XCTAssertEqual(violations(hv, v), [])
    }

    func testSetupErrors() {
        var hv = makeHypervisor()
        XCTAssertEqual(Vchan.serverInit(&hv, server: 0, client: 1, frames: [0], ringSize: 2).status, .invalid)
        XCTAssertEqual(Vchan.serverInit(&hv, server: 9, client: 1, frames: [0, 1, 2], ringSize: 2).status, .outOfRefs)
        var tight = makeHypervisor(config: XenConfig(portsPerDomain: 1))
        _ = tight.allocUnbound(0, remote: 2)
        XCTAssertEqual(Vchan.serverInit(&tight, server: 0, client: 1, frames: [0, 1, 1], ringSize: 2).status, .evtchn(.enospc))
        XCTAssertEqual(tight.grantRefsInUse(0), [], "grants are withdrawn on failure")
        // The client maps a frame the server does not own: the connect fails and is undone.
        var (_, bad) = Vchan.serverInit(&hv, server: 0, client: 1, frames: [0, 1, 5], ringSize: 2)
        XCTAssertEqual(bad!.clientConnect(&hv, hostAddrs: [0, 1, 2]), .hypervisor(.generalError))
        XCTAssertEqual(hv.liveHandles(1), [])
        XCTAssertEqual(bad!.clientConnect(&hv, hostAddrs: [0]), .invalid)
        XCTAssertEqual(bad!.write(&hv, from: .server, byte: 1), .notConnected)
        XCTAssertEqual(bad!.read(&hv, at: .server).status, .notConnected)
    }
}

final class GuestCodableTests: XCTestCase {
    func testUnikernelAndVchanRoundTripThroughCodable() throws {
        var hv = makeHypervisor()
        var uk = bootSample(&hv)
        _ = uk.grants.share(&hv, to: 2, writable: false)
        _ = uk.space.seal()
        let ukBack = try JSONDecoder().decode(Unikernel.self, from: JSONEncoder().encode(uk))
        XCTAssertEqual(ukBack, uk)
        XCTAssertEqual(ukBack.canonicalBytes, uk.canonicalBytes)

        var hv2 = makeHypervisor()
        var v = connectedVchan(&hv2)
        _ = v.write(&hv2, from: .client, byte: 42)
        let vBack = try JSONDecoder().decode(Vchan.self, from: JSONEncoder().encode(v))
        XCTAssertEqual(vBack, v)
        XCTAssertEqual(vBack.canonicalBytes, v.canonicalBytes)
    }
}
