import ArgumentParser
import ExoCheck
import ExoStack
import Foundation

struct Suite: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The invariant suite CI runs: specs, mutants and golden traces.",
        discussion: """
            1. Every spec in --specs is explored and must meet its `expect` line. \
            2. Every mutant must be killed by some spec that expects to hold. \
            3. Every spec in which a reduction was in force is explored again, alone and with \
            each mutant, with and without the reductions: the verdicts must agree. \
            4. Every golden trace in --traces must replay bit-exactly. \
            Ends with a line `N passed, M failed`; exit 1 if anything failed.
            """)

    @Option(help: "Directory of specs.") var specs: String = "specs"
    @Option(help: "Directory of golden traces.") var traces: String = "traces"
    @Option(parsing: .unconditional, help: "Worker threads per exploration.") var jobs: Int = 1

    func validate() throws { try OptionLimits.checkJobs(jobs) }

    func run() throws {
        let suite = SpecSuite(jobs: jobs)
        // Both directories are read before anything runs: a traces
        // directory that is missing would otherwise check nothing, silently,
        // after minutes of exploring.
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: traces) else {
            throw CLIError("\(traces): cannot list the directory of golden traces")
        }
        let goldens = names.filter { $0.hasSuffix(".trace.gz") }.sorted()
        let loaded = try SpecSuite.load(try SpecSuite.specFiles(in: specs))
        var passed = 0, failed = 0
        func report(_ ok: Bool, _ line: String) {
            if ok { passed += 1 } else { failed += 1 }
            print("\(ok ? "PASS" : "FAIL")  \(line)")
        }
        var reduced: [SpecSuite.LoadedSpec] = []
        for s in loaded {
            let r = try suite.explore(s)
            if SpecSuite.reductionsActive(r) { reduced.append(s) }
            let model = try ModelLoader.model(s.system, file: s.path)
            let rep = ExploreReport(spec: s.path, specText: s.text, system: s.system, model: model, mutants: [],
                                    result: r, outDir: NSTemporaryDirectory())
            let found = r.violations.first.map { " found \($0.first.invariant) in \(counted($0.depth, "step"));" } ?? ""
            let cut: String
            if case .notShown(let b) = rep.outcome { cut = "; the \(b.rawValue) bound stopped the search, so holding is not shown" } else { cut = "" }
            report(rep.expectationMet, "spec \(s.path): expect \(s.system.expect);\(found) \(r.distinct) states\(cut)")
        }
        for m in Layers.mutants {
            let k = try suite.kill(m, with: loaded)
            report(k.spec != nil, "mutant \(m.name): " + (k.spec.map { "killed by \($0) (\(k.invariant ?? "?"), \(counted(k.steps ?? 0, "step")))" } ?? "survived every spec"))
        }
        for s in reduced {
            let (ok, msg) = try suite.reductionsAgree(s, mutants: Layers.mutants)
            report(ok, "reductions \(s.path): \(msg)")
        }
        for g in goldens {
            let path = (traces as NSString).appendingPathComponent(g)
            let (ok, msg) = SpecSuite.replayGolden(path)
            report(ok, "trace \(path): \(msg)")
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(Exit.violation) }
    }
}
