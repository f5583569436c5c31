import XCTest
@testable import ExoXen
import ExoCore

/// The hypervisor's table records are packed, and their bytes as they sit
/// are the canonical encoding: these pin that format (little-endian, field
/// order, explicit zero `reserved` bytes). A change here changes every
/// fingerprint, so it must be deliberate (and the golden traces
/// regenerated).
final class RecordEncodingTests: XCTestCase {
    private func bytes<R>(_ r: R) -> [UInt8] { withUnsafeBytes(of: r) { Array($0) } }

    func testFrameRecordsOfEveryState() {
        XCTAssertEqual(bytes(FrameRecord()), [0, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(bytes(FrameRecord(state: .owned(2), mapRefs: 3)), [1, 0, 2, 0, 3, 0, 0, 0])
        XCTAssertEqual(bytes(FrameRecord(state: .released(1), mapRefs: 0x0102)), [2, 0, 1, 0, 2, 1, 0, 0])
    }

    func testPortsOfEveryState() {
        var bound = EventPort()
        bound.state = .interdomain(remote: 1, port: 0x0203)
        bound.pending = true
        bound.accepts = 1
        var unbound = EventPort()
        unbound.state = .unbound(remote: 4)
        unbound.masked = true
        XCTAssertEqual(bytes(EventPort()), [UInt8](repeating: 0, count: 12))
        XCTAssertEqual(bytes(bound), [2, 1, 0, 0, 1, 0, 1, 0, 3, 2, 0, 0])
        XCTAssertEqual(bytes(unbound), [1, 0, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0])
    }

    func testGrantActiveMaptrackAndDomainRecords() {
        XCTAssertEqual(bytes(GrantEntry(flags: [.permitAccess, .readonly], domid: 1, frame: 5)), [5, 0, 1, 0, 5, 0, 0, 0])
        var act = ActiveEntry()
        _ = act.pin(device: false, write: true)
        act.domid = 2
        act.frame = 7
        XCTAssertEqual(bytes(act), [0, 1, 0, 0, 2, 0, 0, 0, 7, 0, 0, 0])
        var track = MaptrackEntry()
        track.flags = .hostMap
        track.granter = 3
        track.ref = 4
        track.hostAddr = 0x0105
        XCTAssertEqual(bytes(track), [MapFlags.hostMap.rawValue.littleEndian].flatMap { withUnsafeBytes(of: $0) { Array($0) } }
                       + [3, 0, 0, 0, 4, 0, 0, 0, 5, 1, 0, 0])
        let dom = Domain(config: XenConfig(maptrackSlots: 6))
        XCTAssertEqual(bytes(dom), [0, 0, 0, 0] + [0, 0, 0, 0] + [0, 0, 0, 0] + [0, 0, 0, 0] + [1, 0, 0, 0] + [6, 0, 0, 0])
    }

    /// The hypervisor encodes as its tables' byte count, then the bytes.
    func testHypervisorEncodesAsItsTablesBytes() {
        let hv = Hypervisor(config: XenConfig(frames: 4, maxDomains: 2))
        let size = hv.tables.layout.byteCount
        let encoded = hv.canonicalBytes
        XCTAssertEqual(encoded.count, 4 + size)
        XCTAssertEqual(Array(encoded.prefix(4)), [UInt8(size & 0xFF), UInt8(size >> 8), 0, 0])
        XCTAssertEqual(Array(encoded.dropFirst(4)), hv.tables.withBytes { Array($0) })
    }
}
