#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ExoCore

/// Figures from one `TraceBench.run`.
public struct TraceBenchReport: Equatable, Sendable, CustomStringConvertible {
    public var events: UInt64
    public var snapshotInterval: UInt64
    /// Seeded simulation without recording (actions, apply, check), events/s.
    public var simulateEventsPerSecond: Double
    /// The same run while recording, events/s.
    public var recordEventsPerSecond: Double
    /// Recording cost over the unrecorded run: 0.3 means 30% slower.
    public var recordOverhead: Double
    /// Recording cost in nanoseconds per event (fingerprint, record,
    /// snapshots, deflate): what to add to a model's own step time.
    public var recordNanosPerEvent: Double
    /// Full replay (with every check), events/s.
    public var replayEventsPerSecond: Double
    public var compressedBytes: UInt64
    public var bytesPerEvent: Double

    public init(events: UInt64, snapshotInterval: UInt64, simulateEventsPerSecond: Double,
                recordEventsPerSecond: Double, recordOverhead: Double, recordNanosPerEvent: Double,
                replayEventsPerSecond: Double, compressedBytes: UInt64, bytesPerEvent: Double) {
        self.events = events
        self.snapshotInterval = snapshotInterval
        self.simulateEventsPerSecond = simulateEventsPerSecond
        self.recordEventsPerSecond = recordEventsPerSecond
        self.recordOverhead = recordOverhead
        self.recordNanosPerEvent = recordNanosPerEvent
        self.replayEventsPerSecond = replayEventsPerSecond
        self.compressedBytes = compressedBytes
        self.bytesPerEvent = bytesPerEvent
    }

    public var description: String {
        func f(_ x: Double, _ d: Int = 0) -> String {
            var p: Double = 1
            for _ in 0..<d { p *= 10 }
            let r = (x * p).rounded() / p
            return d == 0 ? String(Int64(r)) : String(r)
        }
        return """
        events                 \(events)  (snapshot every \(snapshotInterval))
        simulate               \(f(simulateEventsPerSecond)) events/s
        simulate + record      \(f(recordEventsPerSecond)) events/s  (overhead \(f(recordOverhead * 100, 1))%, \(f(recordNanosPerEvent)) ns/event)
        replay                 \(f(replayEventsPerSecond)) events/s
        trace size             \(compressedBytes) bytes, \(f(bytesPerEvent, 2)) bytes/event
        """
    }
}

/// Measures the trace machinery on a model: simulation with and without
/// recording, replay, and compressed size. The only place in ExoTrace that
/// reads a clock (a monotonic one, for timing, never for semantics).
public enum TraceBench {
    /// Runs `events` seeded steps of `model` three ways (plain and recorded
    /// `repeats` times each, alternating, reporting medians; replay once);
    /// the trace is written (at deflate `level`) under `directory` and
    /// removed afterwards.
    @inlinable
    public static func run<M: Model>(model: M, seed: UInt64, events: Int,
                                     snapshotInterval: UInt64 = TraceFormat.defaultSnapshotInterval,
                                     level: Int32 = TraceFormat.defaultLevel,
                                     directory: String = "/tmp", repeats: Int = 3) throws -> TraceBenchReport {
        let path = directory + "/exocheck-bench-\(getpid())-\(seed).trace.gz"
        defer { unlink(path) }
        let header = TraceHeader(toolVersion: "bench", specFileName: "bench", specText: "", mode: .seededRun,
                                 seed: seed, snapshotInterval: snapshotInterval)

        // Plain and recorded runs alternate, `repeats` times each, and the
        // medians are reported: one pass of each is at the mercy of
        // whatever else the machine does in that second.
        var plainTimes: [Double] = [], recordTimes: [Double] = []
        var plain: UInt64 = 0, recorded: UInt64 = 0
        for _ in 0..<max(1, repeats) {
            var t = now()
            plain = try simulate(model: model, seed: seed, events: events, recorder: nil)
            plainTimes.append(now() - t)

            t = now()
            let recorder = try TraceRecorder(model: model, path: path, header: header, initialState: model.initialState(),
                                             level: level)
            recorded = try simulate(model: model, seed: seed, events: events, recorder: recorder)
            try recorder.finish()
            recordTimes.append(now() - t)
            precondition(plain == recorded, "recording changed the run")
        }
        let plainTime = median(plainTimes), recordTime = median(recordTimes)

        var st = stat()
        _ = stat(path, &st)
        let t = now()
        let outcome = try Replayer(model: model, reader: try TraceReader(path: path)).run()
        let replayTime = now() - t
        guard case .match = outcome else {
            throw TraceError.invalidRequest(file: path, detail: "benchmark trace did not replay: \(outcome)")
        }
        let n = Double(max(1, recorded))
        return TraceBenchReport(events: recorded, snapshotInterval: snapshotInterval,
                                simulateEventsPerSecond: n / plainTime, recordEventsPerSecond: n / recordTime,
                                recordOverhead: recordTime / plainTime - 1,
                                recordNanosPerEvent: (recordTime - plainTime) / n * 1e9, replayEventsPerSecond: n / replayTime,
                                compressedBytes: UInt64(st.st_size), bytesPerEvent: Double(st.st_size) / n)
    }

    /// A seeded random walk of up to `events` steps (fewer if a terminal
    /// state is reached), recording each step if a recorder is given.
    /// Returns the number of steps taken.
    @discardableResult @inlinable
    public static func simulate<M: Model>(model: M, seed: UInt64, events: Int, recorder: TraceRecorder<M>?) throws -> UInt64 {
        // The same walk `exocheck simulate` takes (ExoCore's Simulator), with
        // the invariant check every step, so the figures are a real run's.
        var sim = Simulator(model: model, seed: seed)
        var violations: [Violation] = []
        var steps: UInt64 = 0
        while steps < UInt64(events), let (choice, event) = sim.step() {
            violations.removeAll(keepingCapacity: true)
            model.check(sim.state, into: &violations)
            if let v = sim.frozen()?.violation { violations.append(v) }
            try recorder?.record(choice: choice, event: event, state: sim.state)
            steps += 1
        }
        return steps
    }

    @usableFromInline static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
