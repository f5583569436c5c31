import Foundation
import XCTest
import ExoCore
@testable import ExoTrace

/// A fresh directory per test case, removed afterwards.
class TraceTestCase: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "exotrace-\(getpid())-\(name.filter { $0.isLetter || $0.isNumber })"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func path(_ name: String) -> String { dir + "/" + name }

    static let spec = "spec toy\n  \"three counters and a clock\"\nexpect holds\n"

    func header(seed: UInt64, k: UInt64 = 64) -> TraceHeader {
        TraceHeader(toolVersion: "exocheck-test 0.1", specFileName: "toy.exo", specText: Self.spec, mode: .seededRun,
                    seed: seed, snapshotInterval: k, metadata: [("mutants", "none"), ("command", "simulate")])
    }

    /// Records a seeded run of `model` into `path`.
    @discardableResult
    func record(_ name: String, model: ToyModel = ToyModel(), seed: UInt64 = 7, events: Int = 500, k: UInt64 = 64) throws -> String {
        let p = path(name)
        let r = try TraceRecorder(model: model, path: p, header: header(seed: seed, k: k), initialState: model.initialState())
        try TraceBench.simulate(model: model, seed: seed, events: events, recorder: r)
        try r.finish()
        return p
    }

    func bytes(_ p: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: p))) }
    func write(_ b: [UInt8], _ p: String) throws { try Data(b).write(to: URL(fileURLWithPath: p)) }

    /// Reads every item of a trace.
    func items(_ p: String) throws -> [TraceItem] {
        let r = try TraceReader(path: p)
        var out: [TraceItem] = []
        while let i = try r.next() { out.append(i) }
        return out
    }

    /// Copies a trace record by record through `TraceWriter`, letting
    /// `change` alter events (the chain stays consistent: this models a
    /// trace that was recorded differently, not a corrupted file).
    func rewrite(_ src: String, _ dst: String, snapshot: (inout TraceSnapshot) throws -> Void = { _ in },
                 change: (inout TraceRecord) -> Void = { _ in }) throws {
        let r = try TraceReader(path: src)
        let w = try TraceWriter(path: dst, header: r.header)
        while let item = try r.next() {
            switch item {
            case .event(var e):
                change(&e)
                try w.appendEvent(choice: e.choice, event: e.event, clock: e.clock, fingerprint32: e.fingerprint32)
            case .snapshot(var s):
                try snapshot(&s)
                try w.appendSnapshot(state: s.state, clock: s.clock, fingerprint: s.fingerprint)
            }
        }
        let f = r.footer!
        try w.finish(finalClock: f.finalClock, finalFingerprint: f.finalFingerprint)
    }

    /// Every record of a trace with its start offset in the logical stream
    /// (found by re-encoding what precedes it).
    func recordOffsets(_ p: String) throws -> [(item: TraceItem, start: Int)] {
        let r = try TraceReader(path: p)
        var offset = r.header.encoded().count
        var prevClock: Tick = 0
        var out: [(item: TraceItem, start: Int)] = []
        while let item = try r.next() {
            var b: [UInt8] = []
            switch item {
            case .event(let e): e.encode(into: &b, previousClock: prevClock); prevClock = e.clock
            case .snapshot(let s): s.encode(into: &b); prevClock = s.clock
            }
            out.append((item, offset))
            offset += b.count
        }
        return out
    }

    /// The uncompressed payload of every member.
    func memberPayloads(_ p: String) throws -> [[UInt8]] {
        let m = try GzipMemberReader(path: p)
        var out: [[UInt8]] = []
        while try m.loadNext() { out.append(Array(UnsafeBufferPointer(start: m.payload, count: m.payloadCount))) }
        return out
    }

    /// Flips bits of the byte at `offset` of the logical stream, keeping member boundaries.
    func flip(_ payloads: [[UInt8]], at offset: Int, mask: UInt8) -> [[UInt8]] {
        var out = payloads
        var o = offset
        for i in out.indices {
            if o < out[i].count { out[i][o] ^= mask; return out }
            o -= out[i].count
        }
        XCTFail("offset \(offset) beyond the stream")
        return out
    }

    /// Writes payloads as members, the last one as a stored tail member like the writer does.
    func writeMembers(_ payloads: [[UInt8]], _ p: String, storedLast: Bool = true) throws {
        let sink = try AtomicFileWriter(path: p)
        let w = try GzipMemberWriter(sink: sink, level: TraceFormat.defaultLevel)
        for (i, pl) in payloads.enumerated() {
            if storedLast && i == payloads.count - 1 {
                try w.writeStoredMember(pl)
            } else {
                try w.write(pl)
                _ = try w.flush()
            }
        }
        try sink.commit()
    }

    func replay(_ p: String, model: ToyModel = ToyModel(), _ options: ReplayOptions = ReplayOptions()) throws -> ReplayOutcome {
        try Replayer(model: model, reader: try TraceReader(path: p)).run(options)
    }

    func divergence(_ o: ReplayOutcome, file: StaticString = #filePath, line: UInt = #line) -> Divergence? {
        guard case .diverged(let d) = o else { XCTFail("expected a divergence, got \(o)", file: file, line: line); return nil }
        return d
    }

    func summary(_ o: ReplayOutcome, file: StaticString = #filePath, line: UInt = #line) -> ReplaySummary? {
        guard case .match(let s) = o else { XCTFail("expected a match, got \(o)", file: file, line: line); return nil }
        return s
    }

    /// Asserts that `body` throws a `TraceError` matching `match`, and that its description starts with the file.
    func assertTraceError(_ file: String, _ body: () throws -> Void, _ match: (TraceError) -> Bool,
                          fileID: StaticString = #filePath, line: UInt = #line) {
        do {
            try body()
            XCTFail("expected a TraceError", file: fileID, line: line)
        } catch let e as TraceError {
            XCTAssertTrue(match(e), "unexpected error: \(e)", file: fileID, line: line)
            XCTAssertTrue(e.description.hasPrefix(file + ": "), e.description, file: fileID, line: line)
        } catch {
            XCTFail("unexpected error type: \(error)", file: fileID, line: line)
        }
    }

    /// Reads a trace to the end (header, records, footer).
    func readAll(_ p: String) throws { _ = try items(p) }
}
