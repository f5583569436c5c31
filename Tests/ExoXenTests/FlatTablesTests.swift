import XCTest
@testable import ExoXen
import ExoCore

/// The hypervisor's frame table and per-domain tables live in one flat,
/// copy-on-write buffer whose bytes are the canonical encoding. These tests
/// pin what that storage must keep: bytes that depend on the value only,
/// packed records, value semantics, snapshots that decode only into states
/// a hypervisor can be in, and totality where a bug overfills a list.
final class FlatTablesTests: XCTestCase {
    /// The hypervisor rebuilt from its logical content alone: fresh tables,
    /// then each record copied in, lists only up to their lengths. What it
    /// leaves out (records past a list's end, padding, the order of past
    /// writes) must not show in the encoding.
    private func rebuiltFromContent(_ hv: Hypervisor) -> Hypervisor {
        var fresh = Hypervisor(config: hv.config, mutants: hv.mutants)
        precondition(fresh.tables.layout == hv.tables.layout)
        for f in hv.frameSlots { fresh[frame: f] = FrameRecord(state: hv[frame: f].state, mapRefs: hv[frame: f].mapRefs) }
        for d in hv.domainSlots {
            let dom = hv[domain: d]
            fresh.tables.fill(fresh.pageLists, row: d, with: 0)
            fresh.tables.fill(fresh.maptrackFree, row: d, with: 0)
            for (k, f) in hv.pageList(d).enumerated() { fresh.tables[fresh.pageLists, d, k] = f }
            for (k, h) in hv.freeHandles(d).enumerated() { fresh.tables[fresh.maptrackFree, d, k] = h }
            for k in 0..<hv.grantEntries.width { fresh.tables[fresh.grantEntries, d, k] = hv.tables[hv.grantEntries, d, k] }
            for k in 0..<hv.activeEntries.width { fresh.tables[fresh.activeEntries, d, k] = hv.tables[hv.activeEntries, d, k] }
            for k in 0..<hv.maptrackEntries.width { fresh.tables[fresh.maptrackEntries, d, k] = hv.tables[hv.maptrackEntries, d, k] }
            for k in 0..<hv.eventPorts.width {
                let old = hv.tables[hv.eventPorts, d, k]
                var port = EventPort()
                port.state = old.state; port.pending = old.pending; port.masked = old.masked; port.accepts = old.accepts
                fresh.tables[fresh.eventPorts, d, k] = port
            }
            fresh[domain: d] = dom
        }
        return fresh
    }

    /// The encoding is the tables' bytes, so it must depend on the logical
    /// value only: along a random walk (which fills and empties lists and
    /// moves ports and frames through every state), every hypervisor
    /// encodes exactly as one rebuilt from its content.
    func testEncodingDependsOnTheValueOnly() {
        var longestPageList: UInt32 = 0, fewestFreeHandles = UInt32.max
        var encodings = Set<[UInt8]>()
        // Correct, and with each seeded bug (they leave odd states behind).
        for mutants in [XenMutants()] + XenMutants.catalogue.map(\.0) {
            var hv = RandomWalkTests.seededStart(mutants)
            var rng = PRNG(seed: 7)
            XCTAssertEqual(hv.canonicalBytes, rebuiltFromContent(hv).canonicalBytes)
            for step in 0..<300 {
                _ = RandomWalkTests.randomStep(&hv, &rng)
                let rebuilt = rebuiltFromContent(hv)
                XCTAssertEqual(hv, rebuilt, "\(mutants) after step \(step)")
                XCTAssertEqual(hv.canonicalBytes, rebuilt.canonicalBytes, "\(mutants) after step \(step)")
                encodings.insert(hv.canonicalBytes)
                for dom in hv.domainSlots.map({ hv[domain: $0] }) {
                    longestPageList = max(longestPageList, dom.pageCount)
                    fewestFreeHandles = min(fewestFreeHandles, dom.freeHandleCount)
                }
            }
        }
        // The walk went through non-trivial lists and many states.
        XCTAssertGreaterThan(longestPageList, 1)
        XCTAssertLessThan(Int(fewestFreeHandles), RandomWalkTests.seededStart().config.maptrackSlots)
        XCTAssertGreaterThan(encodings.count, 50)
    }

    /// Every table record is packed (its fields cover its bytes), and a
    /// record that went through other states and came back has the bytes
    /// of a fresh one: no stale enum payload, no stray padding.
    func testRecordsArePackedAndForgetTheirPast() {
        func bytes<R>(_ r: R) -> [UInt8] { withUnsafeBytes(of: r) { Array($0) } }
        // The fields, counted one by one, fill the record: no padding.
        // (`packedSize` alone cannot tell: size and stride include padding.)
        func fieldBytes(_ record: Any) -> Int {
            func size<T>(_: T) -> Int { MemoryLayout<T>.size }
            return Mirror(reflecting: record).children.reduce(0) { $0 + _openExistential($1.value, do: size) }
        }
        let records: [(Any, Int, Int)] = [
            (FrameRecord(), MemoryLayout<FrameRecord>.size, FrameRecord.packedSize),
            (Domain(), MemoryLayout<Domain>.size, Domain.packedSize),
            (GrantEntry(), MemoryLayout<GrantEntry>.size, GrantEntry.packedSize),
            (ActiveEntry(), MemoryLayout<ActiveEntry>.size, ActiveEntry.packedSize),
            (MaptrackEntry(), MemoryLayout<MaptrackEntry>.size, MaptrackEntry.packedSize),
            (EventPort(), MemoryLayout<EventPort>.size, EventPort.packedSize),
        ]
        for (record, size, packed) in records {
            XCTAssertEqual(fieldBytes(record), size, "\(type(of: record)) has padding")
            XCTAssertEqual(size, packed, "\(type(of: record))")
        }
        // A lifecycle is stored as its case index, which is its raw value.
        var dom = Domain()
        dom.lifecycle = .dead
        XCTAssertEqual(bytes(dom)[0], DomainLifecycle.dead.rawValue)
        XCTAssertEqual(bytes(dom)[0], 4)

        var frame = FrameRecord(state: .released(5), mapRefs: 0)
        frame.state = .owned(7)
        frame.state = .free
        XCTAssertEqual(bytes(frame), bytes(FrameRecord()))
        XCTAssertEqual(bytes(FrameRecord(state: .owned(2))), bytes(FrameRecord(state: .released(2))).enumerated().map { $0.offset == 0 ? 1 : $0.element })

        var port = EventPort()
        port.state = .interdomain(remote: 2, port: 9)
        port.state = .unbound(remote: 1)
        var unbound = EventPort()
        unbound.state = .unbound(remote: 1)
        XCTAssertEqual(bytes(port), bytes(unbound))
        port.state = .free
        XCTAssertEqual(bytes(port), bytes(EventPort()))
        XCTAssertNotEqual(bytes(unbound), bytes(EventPort()))
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

    /// With the partial-unmap-frees-handle bug a handle goes back to the
    /// free list twice per mapping, so the list grows without bound; the
    /// row has room for twice the handles and further pushes are dropped.
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

    /// A snapshot's tables must be ones a hypervisor can hold: a list is
    /// blank past its end and an inactive active entry is blank (their bytes
    /// are the encoding, so anything else would fingerprint as no reachable
    /// state does).
    func testDecodingRejectsRecordsNoHypervisorLeaves() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let hv = makeHypervisor()
        let good = try encoder.encode(hv)
        XCTAssertEqual(try JSONDecoder().decode(Hypervisor.self, from: good), hv)
        func edited(_ edit: (inout [String: Any]) -> Void) throws -> Data {
            var json = try XCTUnwrap(try JSONSerialization.jsonObject(with: good) as? [String: Any])
            var tables = try XCTUnwrap(json["tables"] as? [String: Any])
            edit(&tables)
            json["tables"] = tables
            return try JSONSerialization.data(withJSONObject: json)
        }
        // Domain 0's page list holds fewer frames than its row: a frame past its end.
        let d0 = hv[domain: 0]
        XCTAssertLessThan(Int(d0.pageCount), hv.pageLists.width)
        let staleFrame = try edited { tables in
            var pages = tables["pageLists"] as! [String: Any]
            var records = pages["records"] as! [Int]
            records[Int(d0.pageCount)] = 1
            pages["records"] = records
            tables["pageLists"] = pages
        }
        XCTAssertThrowsError(try JSONDecoder().decode(Hypervisor.self, from: staleFrame))
        let staleActive = try edited { tables in
            var active = tables["activeEntries"] as! [String: Any]
            var records = active["records"] as! [[String: Any]]
            let k = records.firstIndex { ($0["hostRead"] as! Int) + ($0["hostWrite"] as! Int) == 0 }!
            records[k]["frame"] = 3
            active["records"] = records
            tables["activeEntries"] = active
        }
        XCTAssertThrowsError(try JSONDecoder().decode(Hypervisor.self, from: staleActive))
    }
}

/// Reads which shape object a hypervisor's tables refer to.
enum TableShapeProbe {
    static func same(_ a: Hypervisor, _ b: Hypervisor) -> Bool {
        a.tables.withShape { x in b.tables.withShape { y in x === y } }
    }
}

/// Reusing the buffers of dropped hypervisors (`recycleStorage`, through
/// the thread's `StoragePool`): a copy may land in a kept buffer, and must
/// then be exactly the copy a new buffer would hold; a buffer another
/// value still holds is never kept.
final class RecycledTablesTests: XCTestCase {
    /// Hypervisors along a walk, each a step on from the one before.
    private func walk(_ steps: Int, seed: UInt64) -> [Hypervisor] {
        var hv = RandomWalkTests.seededStart()
        var rng = PRNG(seed: seed)
        var all = [hv]
        for _ in 0..<steps {
            _ = RandomWalkTests.randomStep(&hv, &rng)
            all.append(hv)
        }
        return all
    }

    /// A hypervisor alone in a buffer of its own (rebuilt from its coded form).
    private func unshared(_ hv: Hypervisor) -> Hypervisor {
        try! JSONDecoder().decode(Hypervisor.self, from: JSONEncoder().encode(hv))
    }

    func testACopyIntoAKeptBufferIsTheCopyItself() {
        // Explorations earlier on this thread may have filled its pool.
        StoragePool.drain()
        let states = walk(40, seed: 11)
        var writes = 0, reused = 0
        for (k, source) in states.enumerated() {
            // A different hypervisor, alone in its buffer, is dropped first.
            var dying = unshared(states[(k + 17) % states.count])
            let dyingBuffer = dying.tables.bufferID
            dying.recycleStorage()
            dying = source  // drops it
            // The same steps on a copy of `source` (until one writes, so the
            // copy takes a buffer) and on a reference in a buffer of its own.
            var copy = source, expected = unshared(source)
            var r1 = PRNG(seed: 99 &+ UInt64(k)), r2 = r1
            for _ in 0..<20 where copy.tables.sharesBuffer(with: source.tables) {
                _ = RandomWalkTests.randomStep(&copy, &r1)
                _ = RandomWalkTests.randomStep(&expected, &r2)
            }
            if !copy.tables.sharesBuffer(with: source.tables) { writes += 1 }
            if copy.tables.bufferID == dyingBuffer { reused += 1 }
            XCTAssertEqual(copy, expected, "state \(k)")
            XCTAssertEqual(copy.canonicalBytes, expected.canonicalBytes, "state \(k)")
        }
        // Every copy landed in the buffer dropped just before it.
        XCTAssertGreaterThan(writes, 30)
        XCTAssertEqual(reused, writes)
    }

    /// A hypervisor sharing its buffer with another does not give it away:
    /// the other keeps its value through later copies and writes.
    func testASharedBufferIsNeverKept() {
        let states = walk(30, seed: 5)
        var writes = 0
        for (k, source) in states.enumerated() {
            let keeper = source
            let keeperBytes = keeper.canonicalBytes
            var sharer = source
            sharer.recycleStorage()  // shared with `keeper` (and `states`): not kept
            _ = sharer
            var copy = source
            var rng = PRNG(seed: UInt64(k) &+ 1000)
            for _ in 0..<20 where copy.tables.sharesBuffer(with: keeper.tables) {
                _ = RandomWalkTests.randomStep(&copy, &rng)
            }
            if copy.canonicalBytes != keeperBytes { writes += 1 }
            XCTAssertEqual(keeper.canonicalBytes, keeperBytes, "state \(k)")
        }
        XCTAssertGreaterThan(writes, 20)
    }
}
