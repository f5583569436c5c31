import ArgumentParser
import ExoSpec
import ExoTrace
import Foundation

struct Fmt: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a spec in canonical form (or rewrite it in place).",
        discussion: "Formatting is idempotent: formatting the output again changes nothing.")

    @Argument(help: "The spec file (.exo).") var spec: String
    @Flag(name: .customLong("in-place"), help: "Rewrite the file (atomically) instead of printing.") var inPlace = false
    @Flag(help: "Exit 1 if the file is not in canonical form (for CI), saying so on stderr; print nothing on stdout.") var check = false

    func run() throws {
        let text = try ModelLoader.readText(spec)
        let formatted: String
        do {
            formatted = try SpecFormatter.format(text: text, file: spec)
        } catch {
            writeStderr(error.description + "\n")
            throw CLIError("\(spec): cannot format a spec that does not parse")
        }
        if check {
            // The text read has no byte-order mark (Foundation drops it) and
            // neither has the canonical form, which --in-place writes: a file
            // that starts with one is not in canonical form.
            let bom = FileManager.default.contents(atPath: spec)?.starts(with: [0xEF, 0xBB, 0xBF]) ?? false
            if formatted != text || bom {
                let why = formatted == text ? " (it starts with a byte-order mark)" : ""
                throw CLIError("\(spec): not in canonical form\(why) (run exocheck fmt --in-place)", code: Exit.violation)
            }
            return
        }
        if inPlace {
            do {
                try AtomicFileWriter.write(Array(formatted.utf8), to: spec)
            } catch let e as TraceError {
                throw CLIError(e.description)
            }
        } else {
            print(formatted, terminator: "")
        }
    }
}

