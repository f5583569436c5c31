import XCTest
@testable import ExoXen
import ExoCore

/// The hypervisor's table records are fixed-size: every variant fills
/// exactly `encodedSize` bytes, little-endian, in field order.
final class RecordEncodingTests: XCTestCase {
    func testFrameRecordsOfEveryStateFillTheirSize() {
        let records = [FrameRecord(), FrameRecord(state: .owned(2), mapRefs: 3), FrameRecord(state: .released(1), mapRefs: 1)]
        for r in records { XCTAssertEqual(r.canonicalBytes.count, FrameRecord.encodedSize) }
        XCTAssertEqual(records[1].canonicalBytes, [1, 2, 0, 3, 0, 0, 0])
    }

    func testPortsOfEveryStateFillTheirSize() {
        var bound = EventPort()
        bound.state = .interdomain(remote: 1, port: 0x0203)
        bound.pending = true
        bound.accepts = 1
        var unbound = EventPort()
        unbound.state = .unbound(remote: 4)
        for p in [EventPort(), bound, unbound] { XCTAssertEqual(p.canonicalBytes.count, EventPort.encodedSize) }
        XCTAssertEqual(bound.canonicalBytes, [2, 1, 0, 3, 2, 0, 0, 1, 0, 1, 0])
    }

    func testGrantAndMaptrackEntriesFillTheirSize() {
        XCTAssertEqual(GrantEntry(flags: [.permitAccess, .readonly], domid: 1, frame: 5).canonicalBytes,
                       [5, 0, 1, 0, 5, 0, 0, 0])
        var act = ActiveEntry()
        _ = act.pin(device: false, write: true)
        act.domid = 2
        act.frame = 7
        XCTAssertEqual(act.canonicalBytes, [0, 1, 0, 0, 2, 0, 7, 0, 0, 0])
        XCTAssertEqual(MaptrackEntry().canonicalBytes.count, MaptrackEntry.encodedSize)
    }

    func testTablesEncodeAsCountThenRecords() {
        let frames = [FrameRecord(), FrameRecord(state: .owned(0))]
        var e = CanonicalEncoder()
        e.array(frames)
        XCTAssertEqual(e.bytes, [2, 0, 0, 0] + frames[0].canonicalBytes + frames[1].canonicalBytes)
    }
}
