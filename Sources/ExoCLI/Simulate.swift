import ArgumentParser
import ExoCore
import ExoStack
import ExoTrace
import Foundation

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one seeded random interleaving of a spec and record it as a trace.",
        discussion: """
            At each step one enabled action is drawn with exocheck's own PRNG (xoshiro256**), \
            so the same spec and seed always give the same trace, byte for byte. Invariants are \
            checked after every step; the run stops at the first violation (exit 1), when no \
            action is enabled, 16 steps after nothing can change any more (a livelock, which \
            no-deadlock reports unless every actor is at a valid end; --steps may end the run \
            first), or after --steps steps.
            """)

    @Argument(help: "The spec file (.exo).") var spec: String
    @Option(parsing: .unconditional, help: "The seed.") var seed: UInt64 = 1
    @Option(parsing: .unconditional, help: "The most steps to take.") var steps: Int = 1000
    @Option(help: "Where to write the trace (.trace.gz).") var out: String
    @Option(parsing: .unconditional, help: "Full state snapshot every K events.") var snapshotInterval: UInt64 = TraceFormat.defaultSnapshotInterval
    @Option(name: .customLong("mutant"), help: "Switch a mutant on (repeatable).") var mutants: [String] = []
    @Flag(help: "Do not check no-deadlock: a run that reaches a state where nothing can happen, or nothing can change any more, just stops there.") var noDeadlock = false

    func validate() throws {
        guard steps >= 0 else { throw ValidationError("--steps must not be negative") }
        guard snapshotInterval > 0 else { throw ValidationError("--snapshot-interval must be positive") }
        // The trace would replace the spec it was made from.
        if Simulate.samePath(out, spec) { throw ValidationError("--out names the spec itself (\(spec)): choose a .trace.gz path") }
    }

    /// Whether two paths name the same file (after `.`/`..` and symlinks).
    static func samePath(_ a: String, _ b: String) -> Bool {
        func resolved(_ p: String) -> String { URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path }
        return resolved(a) == resolved(b)
    }

    func run() throws {
        let mutants = ModelLoader.canonicalMutants(self.mutants)
        let (text, _, model) = try ModelLoader.load(path: spec, mutants: mutants, deadlock: !noDeadlock)
        var header = TraceHeader(toolVersion: ToolVersion.string, specFileName: spec, specText: text,
                                 mode: .seededRun, seed: seed, snapshotInterval: snapshotInterval)
        header.setMetadata("command", "simulate")
        ModelLoader.setRunMetadata(&header, mutants: mutants, deadlock: !noDeadlock)
        let outcome = try SimulationRun.run(model: model, seed: seed, steps: steps, header: header, out: out)
        // The repro command names every option that shapes the trace's bytes.
        var options = mutants.map { " --mutant \($0)" }.joined()
        if snapshotInterval != TraceFormat.defaultSnapshotInterval { options += " --snapshot-interval \(snapshotInterval)" }
        if noDeadlock { options += " --no-deadlock" }
        print(outcome.summary(model: model, out: out, spec: spec, seed: seed, options: options))
        if outcome.violations.isEmpty == false { throw ExitCode(Exit.violation) }
    }
}

/// A seeded run, recorded, with invariants checked after every step.
struct SimulationRun {
    var events = 0
    var violations: [Violation] = []
    var stoppedBecause = "step bound"
    var finalFingerprint = ""

    static func run(model: SystemModel, seed: UInt64, steps: Int, header: TraceHeader, out: String) throws -> SimulationRun {
        var r = SimulationRun()
        var sim = Simulator(model: model, seed: seed)
        r.violations = model.violations(of: sim.state)
        let recorder: TraceRecorder<SystemModel>
        do {
            recorder = try TraceRecorder(model: model, path: out, header: header, initialState: sim.state)
        } catch let e as TraceError {
            throw CLIError(e.description)
        }
        if r.violations.isEmpty {
            while r.events < steps {
                guard let (choice, event) = sim.step() else { r.stoppedBecause = "no action enabled"; break }
                try recorder.record(choice: choice, event: event, state: sim.state)
                r.events += 1
                model.check(sim.state, into: &r.violations)
                if r.violations.isEmpty, let frozen = sim.frozen() {
                    guard let v = frozen.violation else { r.stoppedBecause = "nothing can change any more"; break }
                    r.violations.append(v)
                }
                if !r.violations.isEmpty { r.stoppedBecause = "violation"; break }
            }
        } else {
            r.stoppedBecause = "violation in the initial state"
        }
        let footer = try recorder.finish()
        r.finalFingerprint = footer.finalFingerprint.description
        return r
    }

    /// `options`: the command-line options besides the seed and steps that
    /// the run was made with (` --mutant X --no-deadlock`), for the repro line.
    func summary(model: SystemModel, out: String, spec: String, seed: UInt64, options: String) -> String {
        var s = "simulated \(counted(events, "event")) (stopped: \(stoppedBecause)); final fingerprint \(finalFingerprint); trace \(out)"
        for v in violations { s += "\nviolation: \(v.invariant): \(v.message)" }
        if !violations.isEmpty {
            s += "\nreproduce: exocheck replay \(out)    (or: exocheck simulate \(spec) --seed \(seed) --steps \(events)\(options) --out \(out))"
        }
        return s
    }
}
