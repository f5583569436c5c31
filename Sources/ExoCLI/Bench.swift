import ArgumentParser
import ExoCheck
import ExoCore
import ExoStack
import ExoTrace
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure exploration and trace speed on specs (a benchmark, not a test).",
        discussion: """
            For each spec: distinct states/s, transitions/s and bytes/state with --jobs 1 and \
            with --jobs N (medians of --rounds alternating runs), the speed-up of each pair, where the \
            median runs' time went (expanding, merging, folding, idle threads), the states each reduction saves, and the trace figures \
            (simulated events/s and recording overhead as medians of three alternating plain and \
            recorded runs, replay events/s, compressed bytes/event). \
            Build with -c release before trusting the numbers.
            """)

    @Argument(help: "Spec files (default: every spec in specs/bench/).") var specs: [String] = []
    @Option(parsing: .unconditional, help: "Worker threads for the parallel run (default: all cores).") var jobs: Int?
    @Option(parsing: .unconditional, help: "Rounds of --jobs 1 and --jobs N runs, alternating; medians are reported.") var rounds: Int = 3
    @Option(parsing: .unconditional, help: "Events for the trace benchmark.") var events: Int = 1_000_000
    @Option(parsing: .unconditional, help: "Seed for the trace benchmark.") var seed: UInt64 = 1
    @Flag(help: "Skip the exploration figures.") var noExplore = false
    @Flag(help: "Skip the trace figures.") var noTrace = false
    @Flag(help: "Skip the reduction comparison (it explores four more times).") var noReductions = false

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        guard events >= 1 else { throw ValidationError("--events must be at least 1") }
        try OptionLimits.checkJobs(jobs)
    }

    /// The phases of each jobs count's median run, as a table; nil unless
    /// the search was breadth-first.
    static func timeSplit(_ series: BenchmarkSeries) -> String? {
        var rows = [["jobs", "expanding", "merging", "folding", "idle", "checked"]]
        for k in series.jobs.indices {
            let f = series.median(k)
            guard let p = f.phases else { return nil }
            rows.append([String(f.jobs)] + [p.expanding, p.merging, p.folding, p.idle].map { String(format: "%.2f", $0) }
                        + [String(f.checked)])
        }
        return renderColumns(rows)
    }

    func run() throws {
        let jobs = self.jobs ?? min(ProcessInfo.processInfo.activeProcessorCount, OptionLimits.maxJobs)
        let files = specs.isEmpty ? try SpecSuite.specFiles(in: "specs/bench") : specs
        for path in files {
            let (_, system, model) = try ModelLoader.load(path: path)
            print("== \(path)")
            if !noExplore {
                let explorer = Explorer(model: model, options: ExploreOptions(spec: system))
                let series = explorer.benchmark(jobs: jobs > 1 ? [1, jobs] : [1], rounds: rounds)
                var rows = [["jobs", "distinct", "generated", "seconds", "states/s", "transitions/s", "bytes/state", "links B/state"]]
                for k in series.jobs.indices {
                    let f = series.median(k)
                    rows.append([String(f.jobs), String(f.distinct), String(f.generated), String(format: "%.2f", f.seconds),
                                 String(format: "%.0f", f.statesPerSecond), String(format: "%.0f", f.transitionsPerSecond),
                                 String(format: "%.1f", f.bytesPerState), String(format: "%.1f", f.parentLinkBytesPerState)])
                }
                print("median of \(rounds) alternating run\(rounds == 1 ? "" : "s") per jobs count:")
                print(renderColumns(rows), terminator: "")
                if series.jobs.count == 2 {
                    let s = series.speedups(1)
                    print(String(format: "speed-up with %d jobs: median %.2fx (pairs: %@)", jobs, ExoCore.median(s),
                                 s.map { String(format: "%.2fx", $0) }.joined(separator: ", ")))
                }
                if let split = Bench.timeSplit(series) {
                    print("where the median runs' time went (thread-seconds; successors checked before the merge):")
                    print(split, terminator: "")
                }
                if !noReductions {
                    if let c = explorer.compareReductions() {
                        print("reductions (distinct states): \(c.text)")
                    } else {
                        print("reductions: not compared (a search with or without them did not cover its whole state space)")
                    }
                }
            }
            if !noTrace {
                do {
                    let r = try TraceBench.run(model: model, seed: seed, events: events, directory: NSTemporaryDirectory())
                    print(r.description)
                } catch let e as TraceError {
                    throw CLIError(e.description)
                }
            }
        }
    }
}
