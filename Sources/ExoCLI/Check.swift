import ArgumentParser
import ExoSpec
import ExoStack

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate specs without exploring them.",
        discussion: """
            Parses and elaborates each spec and builds its initial world. Every diagnostic is \
            printed as file:line:col: error: message, with the offending line and a caret. \
            Exit 0 when every spec is valid, 2 otherwise.
            """)

    @Argument(help: "Spec files (.exo).") var specs: [String]

    func validate() throws {
        guard !specs.isEmpty else { throw ValidationError("name at least one spec") }
    }

    func run() throws {
        var bad = 0
        for path in specs {
            let text: String
            do { text = try ModelLoader.readText(path) } catch let e as CLIError {
                writeStderr("exocheck: \(e.message)\n"); bad += 1; continue
            }
            let (system, diagnostics) = SpecCompiler.check(text: text, file: path)
            if !diagnostics.isEmpty { writeStderr(diagnostics.rendered + "\n") }
            guard let system else { bad += 1; continue }
            do {
                let m = try ModelLoader.model(system, file: path)
                print("\(path): ok (\(counted(system.domains.count, "domain")), \(counted(system.actors.count, "actor")), \(counted(m.actions(of: m.initialState()).count, "step")) enabled initially; expect \(system.expect))")
            } catch let e as CLIError {
                writeStderr("exocheck: \(e.message)\n"); bad += 1
            }
        }
        if bad > 0 { throw CLIError("\(bad) of \(specs.count) spec\(specs.count == 1 ? "" : "s") invalid") }
    }
}
