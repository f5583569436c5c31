import Foundation
import XCTest
import ExoCore
@testable import ExoTrace

final class BadInputTests: TraceTestCase {
    func testMissingFile() {
        let p = path("nope.trace.gz")
        assertTraceError(p, { _ = try TraceReader(path: p) }) { $0 == .missingFile(file: p) }
    }

    func testNotGzip() throws {
        let p = path("text.trace.gz")
        try write(Array("hello, this is not gzip at all".utf8), p)
        assertTraceError(p, { _ = try TraceReader(path: p) }) { $0 == .notGzip(file: p) }
        XCTAssertEqual(TraceError.notGzip(file: "run.trace.gz").description, "run.trace.gz: not a gzip file")
    }

    func testEmptyFileIsTruncated() throws {
        let p = path("empty.trace.gz")
        try write([], p)
        assertTraceError(p, { _ = try TraceReader(path: p) }) { if case .truncated = $0 { return true }; return false }
    }

    func testTruncatedGzipMember() throws {
        let p = try record("t.trace.gz", events: 2000)
        let b = try bytes(p)
        let cut = path("cut.trace.gz")
        try write(Array(b.prefix(b.count / 2)), cut)
        assertTraceError(cut, { try self.readAll(cut) }) { if case .truncated = $0 { return true }; return false }
        assertTraceError(cut, { _ = try TraceReader(path: cut).loadFooter() }) { if case .truncated = $0 { return true }; return false }
    }

    func testTruncatedAtAMemberBoundaryBeforeTheFooter() throws {
        let p = try record("t.trace.gz", events: 50)
        var payloads = try memberPayloads(p)
        payloads.removeLast(2)  // drop footer and tail members
        let cut = path("nofooter.trace.gz")
        try writeMembers(payloads, cut, storedLast: false)
        assertTraceError(cut, { try self.readAll(cut) }) {
            if case .truncated(_, let d) = $0 { return d.contains("before the footer") }
            return false
        }
    }

    func testCRCError() throws {
        let p = try record("c.trace.gz", events: 100)
        var b = try bytes(p)
        let size = Int(readLE(b, 16, as: UInt32.self))
        b[size - 8] ^= 0xFF  // first member's CRC32
        let bad = path("crc.trace.gz")
        try write(b, bad)
        assertTraceError(bad, { _ = try TraceReader(path: bad) }) { $0 == .crcMismatch(file: bad, memberOffset: 0) }
    }

    func testISizeError() throws {
        let p = try record("c.trace.gz", events: 100)
        var b = try bytes(p)
        let size = Int(readLE(b, 16, as: UInt32.self))
        b[size - 4] ^= 0x01
        let bad = path("isize.trace.gz")
        try write(b, bad)
        assertTraceError(bad, { _ = try TraceReader(path: bad) }) { $0 == .sizeMismatch(file: bad, memberOffset: 0) }
    }

    func testCorruptDeflateData() throws {
        let p = try record("c.trace.gz", events: 100)
        var b = try bytes(p)
        for i in 20..<40 { b[i] = 0xFF }
        let bad = path("deflate.trace.gz")
        try write(b, bad)
        assertTraceError(bad, { _ = try TraceReader(path: bad) }) {
            switch $0 { case .corruptDeflate, .crcMismatch: return true; default: return false }
        }
    }

    func testPlainGzipWithoutOurSizeField() throws {
        // A minimal gzip member without FEXTRA (the empty file gzipped).
        let p = path("plain.gz")
        try write([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0], p)
        assertTraceError(p, { _ = try TraceReader(path: p) }) { if case .notATrace = $0 { return true }; return false }
    }

    func testWrongMagic() throws {
        let p = path("magic.trace.gz")
        try writeMembers([Array("NOTATRACE and then some bytes".utf8)], p, storedLast: false)
        assertTraceError(p, { _ = try TraceReader(path: p) }) { $0 == .wrongMagic(file: p) }
    }

    func testNewerFormatVersion() throws {
        var h = header(seed: 1)
        h.formatVersion = TraceFormat.version + 1
        let p = path("newer.trace.gz")
        try writeMembers([h.encoded()], p, storedLast: false)
        assertTraceError(p, { _ = try TraceReader(path: p) }) {
            $0 == .newerVersion(file: p, found: TraceFormat.version + 1, supported: TraceFormat.version)
        }
    }

    func testSpecDigestMismatch() throws {
        var h = header(seed: 1)
        h.specText += "# edited after recording\n"  // the digest still names the old text
        let p = path("digest.trace.gz")
        let w = try TraceWriter(path: p, header: h)
        try w.finish(finalClock: 0, finalFingerprint: Fingerprint128(high: 0, low: 0))
        assertTraceError(p, { _ = try TraceReader(path: p) }) {
            if case .specDigestMismatch(_, let stored, let actual) = $0 {
                return stored == XXH3.hash128(Self.spec) && actual == XXH3.hash128(h.specText)
            }
            return false
        }
    }

    func testMalformedRecord() throws {
        var stream = header(seed: 1).encoded()
        var snap: [UInt8] = []
        TraceSnapshot(eventCount: 0, clock: 0, fingerprint: Fingerprint128(high: 0, low: 0), chain: XXH3.hash64(stream), state: [])
            .encode(into: &snap)
        stream += snap
        stream += [TraceFormat.tagEvent, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]  // 11-byte varint
        let p = path("malformed.trace.gz")
        try writeMembers([stream], p, storedLast: false)
        assertTraceError(p, { try self.readAll(p) }) {
            if case .malformedRecord(_, let e, _) = $0 { return e == 1 }
            return false
        }
        XCTAssertTrue(TraceError.malformedRecord(file: p, event: 17, detail: "x").description.hasPrefix("\(p): event 17: "))

        var stream2 = header(seed: 1).encoded()
        stream2 += snap
        stream2 += [0x7F]
        let p2 = path("tag.trace.gz")
        try writeMembers([stream2], p2, storedLast: false)
        assertTraceError(p2, { try self.readAll(p2) }) {
            if case .malformedRecord(_, _, let d) = $0 { return d.contains("unknown record tag") }
            return false
        }
    }

    func testTooManyOperandsIsMalformedNotATrap() throws {
        var stream = header(seed: 1).encoded()
        let chain = XXH3.hash64(stream)
        TraceSnapshot(eventCount: 0, clock: 0, fingerprint: Fingerprint128(high: 0, low: 0), chain: chain, state: [])
            .encode(into: &stream)
        stream += [TraceFormat.tagEvent, 0, 0, 0, 0, 9]
        let p = path("ops.trace.gz")
        try writeMembers([stream], p, storedLast: false)
        assertTraceError(p, { try self.readAll(p) }) { if case .malformedRecord = $0 { return true }; return false }
    }

    func testReplayRequestsOutOfRange() throws {
        let p = try record("r.trace.gz", events: 100)
        assertTraceError(p, { _ = try self.replay(p, ReplayOptions(from: 500)) }) { if case .invalidRequest = $0 { return true }; return false }
        assertTraceError(p, { _ = try self.replay(p, ReplayOptions(from: 50, to: 10)) }) { if case .invalidRequest = $0 { return true }; return false }
    }
}
