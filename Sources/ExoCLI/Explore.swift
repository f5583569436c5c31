import ArgumentParser
import ExoCheck
import ExoCore
import ExoStack
import ExoTrace
import Foundation

struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explore every interleaving of a spec and check every invariant on every state.",
        discussion: """
            Breadth-first by default, so each counterexample is a shortest path to its state. Each violation is written \
            as a replayable trace under --out and shown as a timeline with the command that \
            reproduces it. The distinct-state count, verdict, counterexample and state-space \
            signature are the same for every --jobs. Exit 0: no invariant violated (within any \
            bound, which the summary names); 1: a violation; 2: bad input.
            """)

    enum Strategy: String, ExpressibleByArgument, CaseIterable { case bfs, dfs, random }

    @Argument(help: "The spec file (.exo).") var spec: String
    @Option(help: "bfs, dfs or random (default: the spec's, else bfs).") var strategy: Strategy?
    @Option(parsing: .unconditional, help: "Seed for --strategy random.") var seed: UInt64 = 1
    @Option(parsing: .unconditional, help: "Random walks for --strategy random.") var walks: Int = 1000
    @Option(parsing: .unconditional, help: "Steps per random walk.") var depth: Int = 100
    @Option(parsing: .unconditional, help: "Do not expand states deeper than this.") var maxDepth: Int?
    @Option(parsing: .unconditional, help: "Stop after this many distinct states.") var maxStates: Int?
    @Option(parsing: .unconditional, help: "Stop after this many seconds (not deterministic: a run it cuts is marked so).") var timeLimit: Double?
    @Option(parsing: .unconditional, help: "Stop cleanly before the explorer's tables and queued states pass this many MiB (estimated; default: half of this machine's memory).") var memoryLimit: Int?
    @Option(parsing: .unconditional, help: "Fingerprint width: 64 or 128.") var fingerprint: Int = 64
    @Option(parsing: .unconditional, help: "Worker threads (default: all cores).") var jobs: Int?
    @Option(name: .customLong("continue"), parsing: .unconditional, help: "Collect up to K counterexamples, each for an invariant not violated before, before stopping.") var continueCount: Int = 1
    @Flag(help: "Switch partial-order reduction off.") var noPor = false
    @Flag(help: "Switch symmetry reduction off.") var noSymmetry = false
    @Flag(help: "Do not check no-deadlock: a state where nothing can happen, or nothing can change any more, is then no violation.") var noDeadlock = false
    @Flag(help: "Report each counterexample as the search found it: no steps left out (DFS, random walks and partial-order reduction find longer paths than needed; by default they are shortened).") var noShorten = false
    @Flag(help: "Also explore without each reduction (three more searches) and report the distinct states each saves; only when every search covers its whole state space within the bounds.") var measureReductions = false
    @Option(name: .customLong("mutant"), help: "Switch a mutant on (repeatable).") var mutants: [String] = []
    @Option(help: "Directory for counterexample traces.") var out: String = "exocheck-out"
    @Flag(help: "Print the summary as one JSON object.") var json = false
    @Flag(help: "No progress lines.") var quiet = false

    func validate() throws {
        guard fingerprint == 64 || fingerprint == 128 else { throw ValidationError("--fingerprint must be 64 or 128") }
        try OptionLimits.checkJobs(jobs)
        guard continueCount >= 1 else { throw ValidationError("--continue must be at least 1") }
        guard walks >= 1, depth >= 1 else { throw ValidationError("--walks and --depth must be at least 1") }
        if let maxDepth, maxDepth < 0 { throw ValidationError("--max-depth must not be negative") }
        if let maxStates, maxStates < 1 { throw ValidationError("--max-states must be at least 1") }
        try OptionLimits.checkMemoryLimit(memoryLimit)
        try OptionLimits.checkTimeLimit(timeLimit)
    }

    func run() throws {
        let mutants = ModelLoader.canonicalMutants(self.mutants)
        let (text, system, model) = try ModelLoader.load(path: spec, mutants: mutants, deadlock: !noDeadlock)
        var options = ExploreOptions(spec: system)
        switch strategy ?? Strategy(rawValue: system.explore.strategy ?? "bfs") ?? .bfs {
        case .bfs: options.strategy = .bfs
        case .dfs: options.strategy = .dfs
        case .random: options.strategy = .random(seed: seed, walks: walks, depth: depth)
        }
        if let maxDepth { options.maxDepth = maxDepth }
        if let maxStates { options.maxStates = maxStates }
        options.timeLimit = timeLimit
        if let memoryLimit {
            options.memoryLimit = memoryLimit << 20
        } else {
            options.memoryLimit = MachineMemory.defaultExploreLimit()
            options.memoryLimitFromMachine = options.memoryLimit != nil
        }
        options.fingerprint = fingerprint == 128 ? .bits128 : .bits64
        if let jobs { options.jobs = jobs }
        options.maxViolations = continueCount
        options.partialOrderReduction = !noPor
        options.symmetryReduction = !noSymmetry
        options.shortenCounterexamples = !noShorten
        // With --json, progress only on a terminal: a pipe into a JSON
        // reader wants stderr quiet.
        if !quiet && (!json || Progress.tty) { options.onProgress = Progress.reporter() }
        if let jobs, jobs > 1, options.strategy != .bfs {
            let kind = options.strategy == .dfs ? "depth-first search" : "random walk"
            writeStderr("note: --jobs applies to breadth-first search; a \(kind) runs on one thread\n")
        }

        let explorer = Explorer(model: model, options: options)
        let result = explorer.run()
        Progress.finish()
        var report = ExploreReport(spec: spec, specText: text, system: system, model: model, mutants: mutants,
                                   result: result, outDir: out)
        // Savings are counts of whole state spaces: a search a violation or
        // a bound stopped has none to compare.
        if measureReductions, result.verdict == .holds { report.reductions = explorer.compareReductions(reusing: result) }
        report.reductionsAsked = measureReductions
        report.deadlock = !noDeadlock
        // The summary and timelines are printed whatever happens to the
        // traces: a trace that cannot be written must not take the result
        // with it. The write error is reported after them (exit 2).
        let (traces, writeError) = report.writeTraces()
        if json {
            print(report.summary(traces: traces).json())
        } else {
            print(report.text(traces: traces))
        }
        if let writeError {
            throw writeError is CLIError ? writeError : CLIError("\(out): \(ExploreReport.reason(writeError))")
        }
        if case .violation = result.verdict { throw ExitCode(Exit.violation) }
    }
}

/// The live progress line: rewritten in place on a terminal, one plain line
/// a second otherwise; on stderr so stdout stays the result.
enum Progress {
    static let tty = isatty(2) != 0

    static func reporter() -> (ExploreProgress) -> Void {
        return { p in
            // Short runs print nothing: the summary says it all.
            guard p.elapsed >= 1 else { return }
            let line = p.line
            writeStderr(tty ? "\r\u{1B}[K" + line : line + "\n")
        }
    }

    static func finish() { if tty { writeStderr("\r\u{1B}[K") } }
}
