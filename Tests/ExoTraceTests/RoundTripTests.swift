import Foundation
import XCTest
import ExoCore
@testable import ExoTrace

final class RoundTripTests: TraceTestCase {
    func testSameSeedGivesIdenticalBytes() throws {
        let a = try record("a.trace.gz", seed: 11)
        let b = try record("b.trace.gz", seed: 11)
        let c = try record("c.trace.gz", seed: 12)
        XCTAssertEqual(try bytes(a), try bytes(b))
        XCTAssertNotEqual(try bytes(a), try bytes(c))
    }

    func testRoundTripKeepsHeaderEventsSnapshotsAndFooter() throws {
        let model = ToyModel()
        let p = path("rt.trace.gz")
        let h = header(seed: 3, k: 50)
        let rec = try TraceRecorder(model: model, path: p, header: h, initialState: model.initialState())
        // Drive by hand so the expected events are known.
        var state = model.initialState()
        var prng = PRNG(seed: 3)
        var expected: [TraceRecord] = []
        for n in 1...200 {
            let acts = model.actions(of: state)
            let i = prng.index(acts.count)
            let ev = model.apply(acts[i], to: &state)
            try rec.record(choice: i, event: ev, state: state)
            expected.append(TraceRecord(number: UInt64(n), choice: i, clock: state.clock, event: ev,
                                        fingerprint32: TraceRecord.truncate(model.fingerprint128(of: state))))
        }
        let footer = try rec.finish()

        let r = try TraceReader(path: p)
        XCTAssertEqual(r.header, h)
        XCTAssertEqual(r.header.metadata("mutants"), "none")
        XCTAssertEqual(r.header.metadata.map(\.key), ["command", "mutants"])
        var events: [TraceRecord] = []
        var snaps: [UInt64] = []
        while let item = try r.next() {
            switch item {
            case .event(let e): events.append(e)
            case .snapshot(let s):
                snaps.append(s.eventCount)
                if s.eventCount == 200 {
                    let decoded = try JSONDecoder().decode(ToyModel.State.self, from: Data(s.state))
                    XCTAssertEqual(decoded, state)
                }
            }
        }
        XCTAssertEqual(events, expected)
        XCTAssertEqual(snaps, [0, 50, 100, 150, 200])
        XCTAssertEqual(r.footer, footer)
        XCTAssertEqual(footer.eventCount, 200)
        XCTAssertEqual(footer.finalFingerprint, model.fingerprint128(of: state))
        XCTAssertEqual(footer.index.map(\.eventCount), snaps)
        XCTAssertEqual(try TraceReader(path: p).loadFooter(), footer)
        XCTAssertEqual(summary(try replay(p))?.finalFingerprint, footer.finalFingerprint)
    }

    func testReRecordingWhileReplayingIsByteIdentical() throws {
        for (events, k) in [(20_000, 256), (40, 1)] {
            let p = try record("orig-\(k).trace.gz", events: events, k: UInt64(k))
            let out = path("again-\(k).trace.gz")
            let s = summary(try replay(p, ReplayOptions(outPath: out)))
            XCTAssertEqual(s?.rerecorded, out)
            XCTAssertEqual(s?.eventsReplayed, UInt64(events))
            XCTAssertTrue(s?.reachedEnd ?? false)
            XCTAssertEqual(try bytes(p), try bytes(out))
        }
        XCTAssertGreaterThan(try memberPayloads(path("orig-256.trace.gz")).count, 3, "spans several members")
    }

    func testEmptyRunIsAValidTrace() throws {
        let p = try record("empty.trace.gz", events: 0)
        let s = summary(try replay(p))
        XCTAssertEqual(s?.eventsReplayed, 0)
        XCTAssertEqual(s?.reachedEnd, true)
    }

    func testWriterIsAtomic() throws {
        let model = ToyModel()
        let p = path("atomic.trace.gz")
        let rec = try TraceRecorder(model: model, path: p, header: header(seed: 1), initialState: model.initialState())
        try TraceBench.simulate(model: model, seed: 1, events: 100, recorder: rec)
        XCTAssertFalse(FileManager.default.fileExists(atPath: p), "nothing under the final name before finish")
        rec.abandon()
        XCTAssertFalse(FileManager.default.fileExists(atPath: p))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [], "temporary file removed")
    }

    func testGzipToolReadsTheWholeFile() throws {
        let p = try record("z.trace.gz", events: 20000, k: 4096)
        XCTAssertGreaterThan(try memberPayloads(p).count, 2, "several members")
        guard let gzip = ["/usr/bin/gzip", "/bin/gzip"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("no gzip binary")
        }
        let proc = Process()
        proc.executableURL = URL(fileURLWithPath: gzip)
        proc.arguments = ["-dc", p]
        let pipe = Pipe()
        proc.standardOutput = pipe
        try proc.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        proc.waitUntilExit()
        XCTAssertEqual(proc.terminationStatus, 0)
        XCTAssertEqual(Array(out.prefix(8)), Array("EXOTRACE".utf8))
        XCTAssertEqual(Array(out), try memberPayloads(p).flatMap { $0 })
    }

    func testMembersAreDeterministicGzip() throws {
        let p = try record("h.trace.gz", events: 10)
        let b = try bytes(p)
        XCTAssertEqual(Array(b[0..<4]), [0x1F, 0x8B, 8, 0x04], "magic, deflate, FEXTRA")
        XCTAssertEqual(Array(b[4..<8]), [0, 0, 0, 0], "mtime 0")
        XCTAssertEqual(b[9], 255, "OS unknown")
        XCTAssertEqual(Array(b[12..<14]), Array("EX".utf8))
        let size = Int(readLE(b, 16, as: UInt32.self))
        XCTAssertEqual(Array(b[size..<size + 2]), [0x1F, 0x8B], "the size field hops to the next member")
    }
}
