import ArgumentParser
import ExoCore
import ExoStack
import ExoTrace

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-run a trace from its embedded spec and check every event bit for bit.",
        discussion: """
            Rebuilds the world from the spec text inside the trace, re-applies every recorded \
            choice and compares the event, the clock and the state fingerprint. Exit 0 when \
            everything matches; exit 1 on the first divergence, which is reported with the event, \
            the expected and actual fingerprints and a field-level state diff; exit 2 when the file \
            is not a readable trace. With --out, the replay is re-recorded: the new file is byte \
            for byte the old one.
            """)

    @Argument(help: "The trace file (.trace.gz).") var trace: String
    @Option(parsing: .unconditional, help: "First event to check (replay starts at the nearest snapshot before it).") var from: UInt64 = 1
    @Option(parsing: .unconditional, help: "Last event to check.") var to: UInt64?
    @Flag(help: "Print every event as it is replayed.") var verbose = false
    @Option(help: "Re-record the replay into this file (needs --from 1).") var out: String?

    func validate() throws {
        if let p = EventRange.problem(from: from, to: to) { throw ValidationError(p) }
        if out != nil && from != 1 { throw ValidationError("--out re-records the whole trace: use it without --from") }
    }

    func run() throws {
        try TraceCommand.guarded(trace) {
            let reader = try TraceReader(path: trace)
            let h = reader.header
            let system = try ModelLoader.system(text: h.specText, file: "\(trace) (embedded \(h.specFileName))")
            let model = try ModelLoader.model(forTrace: h, system: system, file: trace)
            let namer = EventNamer(model: model)
            var last: World?
            let outcome = try Replayer(model: model, reader: reader).run(
                ReplayOptions(from: from, to: to, outPath: out)) { record, state in
                if verbose { print(Timeline(namer: namer).line(record)) }
                last = state
            }
            switch outcome {
            case .match(let s):
                var line = "replayed \(counted(Int(s.eventsReplayed), "event")) (\(s.reachedEnd ? "to the end" : "to event \(s.lastEvent)")), "
                line += "\(counted(s.snapshotsVerified, "snapshot")) verified; final clock \(s.finalClock), fingerprint \(s.finalFingerprint): identical"
                if let r = s.rerecorded { line += "; re-recorded to \(r)" }
                print(line)
                if let w = last {
                    let v = model.violations(of: w)
                    for x in v { print("the replayed state violates \(x.invariant): \(x.message)") }
                }
            case .diverged(let d):
                print(d.report(namer: namer))
                if h.toolVersion != ToolVersion.string {
                    print("note: the trace was recorded by exocheck \(h.toolVersion) and this is \(ToolVersion.string); "
                          + "where the model changed between them a divergence is expected: record the run again")
                }
                throw ExitCode(Exit.violation)
            }
        }
    }
}

/// Shared handling of trace errors: a chain mismatch is a divergence
/// (exit 1), anything else is bad input (exit 2).
enum TraceCommand {
    static func guarded(_ path: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as TraceError {
            throw CLIError(e.description, code: e.isDivergence ? Exit.violation : Exit.badInput)
        }
    }
}
