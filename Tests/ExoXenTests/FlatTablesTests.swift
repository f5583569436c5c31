import XCTest
@testable import ExoXen
import ExoCore

/// The hypervisor's per-domain tables live in one flat, copy-on-write
/// buffer. These tests pin what that storage must keep: the canonical
/// bytes of the nested layout it replaced, value semantics, and totality
/// where a bug overfills a list.
final class FlatTablesTests: XCTestCase {
    /// The bytes the hypervisor had when every domain held its own arrays,
    /// written list by list with the encoder's generic array path.
    private func nestedLayoutBytes(_ hv: Hypervisor) -> [UInt8] {
        var e = CanonicalEncoder()
        e.array(hv.frames)
        e.count(hv.config.maxDomains)
        for d in hv.domainSlots {
            let dom = hv[domain: d]
            e.u8(dom.lifecycle.rawValue); e.u32(dom.maxPages); e.u32(dom.addressLimit)
            e.array(hv.pageList(d))
            e.u32(dom.nrGrantFrames)
            e.array(hv.tables.row(hv.grantEntries, d))
            e.array(hv.tables.row(hv.activeEntries, d))
            e.array(hv.tables.row(hv.maptrackEntries, d))
            e.array(hv.freeHandles(d))
            e.array(hv.tables.row(hv.eventPorts, d))
        }
        return e.bytes
    }

    func testEncodingKeepsTheNestedLayoutBytes() {
        var hv = RandomWalkTests.seededStart()
        var rng = PRNG(seed: 7)
        XCTAssertEqual(hv.canonicalBytes, nestedLayoutBytes(hv))
        var longestPageList: UInt32 = 0, fewestFreeHandles = UInt32.max
        for step in 0..<300 {
            _ = RandomWalkTests.randomStep(&hv, &rng)
            XCTAssertEqual(hv.canonicalBytes, nestedLayoutBytes(hv), "after step \(step)")
            for dom in hv.domainSlots.map({ hv[domain: $0] }) {
                longestPageList = max(longestPageList, dom.pageCount)
                fewestFreeHandles = min(fewestFreeHandles, dom.freeHandleCount)
            }
        }
        // The walk went through non-trivial lists.
        XCTAssertGreaterThan(longestPageList, 1)
        XCTAssertLessThan(Int(fewestFreeHandles), hv.config.maptrackSlots)
    }

    func testCopiesAreIndependentValues() {
        let original = makeHypervisor()
        let before = original.canonicalBytes
        var copy = original
        grantFrame0(&copy)
        XCTAssertEqual(copy.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap, hostAddr: 2).status, .okay)
        XCTAssertEqual(copy.allocUnbound(2, remote: 1).status, .okay)
        XCTAssertEqual(copy.populate(2, frame: 5), .okay)
        XCTAssertNotEqual(copy, original)
        XCTAssertEqual(original.canonicalBytes, before)
        XCTAssertEqual(original, makeHypervisor())
        XCTAssertNil(original.mapping(1, handle: 0))
        XCTAssertEqual(original.frames(ownedBy: 2), [])
        XCTAssertEqual(copy.frames(ownedBy: 2), [5])
    }

    /// With the partial-unmap-frees-handle bug a handle goes back to the
    /// free list twice per mapping, so the list grows without bound; the
    /// row has room for twice the handles and further pushes are dropped.
    /// A buffer's header is one unretained reference to its shape, and
    /// the shape is shared by every hypervisor of one configuration (so
    /// the frame table rides in the same buffer and costs no reference).
    func testOneBufferWithAOneWordHeader() {
        XCTAssertEqual(MemoryLayout<HypervisorTables.Header>.size, 8)
        XCTAssertEqual(MemoryLayout<Hypervisor>.size, 8)
        let config = XenConfig(frames: 4, maxDomains: 3)
        let a = Hypervisor(config: config), b = Hypervisor(config: config)
        XCTAssertTrue(TableShapeProbe.same(a, b))
        let buggy = Hypervisor(config: config, mutants: [.freeWhileMapped])
        XCTAssertFalse(TableShapeProbe.same(a, buggy))
        XCTAssertNotEqual(a, buggy, "the mutants are part of the value")
        XCTAssertEqual(buggy.mutants, [.freeWhileMapped])
        XCTAssertEqual(a, b)
    }

    func testOverfullFreeListIsBoundedNotATrap() {
        var hv = makeHypervisor(.partialUnmapFreesHandle, config: XenConfig(maptrackSlots: 1))
        grantFrame0(&hv)
        for _ in 0..<6 {
            let r = hv.mapGrantRef(1, granter: 0, ref: 0, flags: [.hostMap, .deviceMap], hostAddr: 1)
            guard r.status == .okay, let h = r.handle else { return XCTFail("map refused: \(r.status)") }
            XCTAssertEqual(hv.unmapGrantRef(1, handle: h, parts: .hostMap), .okay)
            XCTAssertEqual(hv.unmapGrantRef(1, handle: h, parts: .deviceMap), .okay)
        }
        XCTAssertEqual(Int(hv[domain: 1].freeHandleCount), Hypervisor.freeListCapacity(hv.config))
        XCTAssertTrue(names(hv.violations).contains(XenInvariants.maptrackConsistency))
    }

    func testDecodingRejectsTablesOfTheWrongSize() throws {
        let data = try JSONEncoder().encode(makeHypervisor())
        var json = try XCTUnwrap(String(data: data, encoding: .utf8))
        // Claim one more domain than the records provide.
        let edited = json.replacingOccurrences(of: "\"domainCount\":3", with: "\"domainCount\":4")
        XCTAssertNotEqual(edited, json)
        json = edited
        XCTAssertThrowsError(try JSONDecoder().decode(Hypervisor.self, from: Data(json.utf8)))
        // Well-formed tables, but not the shape the configuration gives.
        let original = try XCTUnwrap(String(data: data, encoding: .utf8))
        let resized = original.replacingOccurrences(of: "\"portsPerDomain\":4", with: "\"portsPerDomain\":5")
        XCTAssertNotEqual(resized, original)
        XCTAssertThrowsError(try JSONDecoder().decode(Hypervisor.self, from: Data(resized.utf8)))
        XCTAssertEqual(try JSONDecoder().decode(Hypervisor.self, from: data), makeHypervisor())
    }
}

/// Reads which shape object a hypervisor's tables refer to.
enum TableShapeProbe {
    static func same(_ a: Hypervisor, _ b: Hypervisor) -> Bool {
        a.tables.withShape { x in b.tables.withShape { y in x === y } }
    }
}
