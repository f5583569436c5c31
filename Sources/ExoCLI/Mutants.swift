import ArgumentParser
import ExoStack

struct Mutants: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every mutant against specs and show which spec kills each.",
        discussion: """
            A mutant is a named, deliberate bug. For each one, the specs that expect to hold are \
            explored with the mutant on, in order, until one finds a violation (the mutant is \
            killed). Prints a mutant × killed-by table with the invariant that fired and the \
            length of the shortest (breadth-first) counterexample. Exit 1 if any mutant survives.
            """)

    @Argument(help: "Spec files (default: every spec in specs/).") var specs: [String] = []
    @Option(name: .customLong("mutant"), help: "Only these mutants (repeatable).") var only: [String] = []
    @Option(parsing: .unconditional, help: "Worker threads per exploration.") var jobs: Int = 1

    func validate() throws { try OptionLimits.checkJobs(jobs) }

    func run() throws {
        let files = specs.isEmpty ? try SpecSuite.specFiles(in: "specs") : specs
        let loaded = try SpecSuite.load(files)
        // Only a spec that expects to hold can kill a mutant (one that
        // expects a violation already has a bug switched on); say which
        // were left out, or a mutant such a spec names looks survived.
        // Named one by one when the user listed the specs; counted when
        // they are the whole specs/ directory (its bug specs, by design).
        let skipped = loaded.filter { $0.system.expect != .holds }
        if specs.isEmpty {
            if !skipped.isEmpty {
                writeStderr("note: \(counted(skipped.count, "spec")) that expect a violation skipped: only specs that expect to hold can kill a mutant\n")
            }
        } else {
            for s in skipped {
                writeStderr("note: \(s.path) is skipped: it expects \(s.system.expect), and only specs that expect to hold can kill a mutant\n")
            }
        }
        if !loaded.contains(where: { $0.system.expect == .holds }) {
            throw CLIError("no spec that expects to hold among the specs given: nothing can kill a mutant")
        }
        let suite = SpecSuite(jobs: jobs)
        var chosen = Layers.mutants
        if !only.isEmpty {
            for n in only where !chosen.contains(where: { $0.name == n }) {
                throw CLIError("unknown mutant '\(n)' (see `exocheck list mutants`)")
            }
            chosen = chosen.filter { only.contains($0.name) }
        }
        var kills: [SpecSuite.Kill] = []
        for m in chosen { kills.append(try suite.kill(m, with: loaded)) }
        print(SpecSuite.killTable(kills), terminator: "")
        let survivors = kills.filter { $0.spec == nil }.count
        print("\(kills.count - survivors) of \(counted(kills.count, "mutant")) killed")
        if survivors > 0 { throw ExitCode(Exit.violation) }
    }
}
