import ArgumentParser
import ExoCore
import ExoSpec
import ExoStack
import ExoTrace

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a trace as a readable timeline, or as JSON lines.",
        discussion: """
            Names actors and operations from the embedded spec; if that spec no longer compiles \
            with this version of exocheck, raw numbers are printed instead.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The trace file (.trace.gz).") var trace: String
    @Option(help: "text or json.") var format: Format = .text
    @Option(parsing: .unconditional, help: "First event to print.") var from: UInt64 = 1
    @Option(parsing: .unconditional, help: "Last event to print.") var to: UInt64?
    @Flag(help: "Also print snapshot records.") var snapshots = false

    /// The same checks as `replay` (`EventRange`); the trace-dependent one
    /// (`--from` beyond the last event) is made by `Timeline.render`.
    func validate() throws {
        if let p = EventRange.problem(from: from, to: to) { throw ValidationError(p) }
    }

    func run() throws {
        try TraceCommand.guarded(trace) {
            let reader = try TraceReader(path: trace)
            let h = reader.header
            var namer = EventNamer.raw
            let mutants = ModelLoader.mutantList(h.metadata("mutants"))
            if let system = try? SpecCompiler.compile(text: h.specText, file: h.specFileName),
               let model = try? SystemModel(system: mutantsApplied(system, mutants)) {
                namer = EventNamer(model: model)
            }
            let timeline = Timeline(namer: namer, format: format == .json ? .jsonLines : .text)
            try timeline.render(reader, from: from, to: to, snapshots: snapshots) { print($0) }
        }
    }

    private func mutantsApplied(_ s: SystemSpec, _ m: [String]) -> SystemSpec {
        var s = s
        for x in m where !s.mutants.contains(x) { s.mutants.append(x) }
        return s
    }
}
