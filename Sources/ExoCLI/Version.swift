import ArgumentParser
import ExoCore
import ExoTrace

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the tool and trace-format versions.")

    func run() throws {
        print("exocheck \(ToolVersion.string)")
        print("trace format \(TraceFormat.version)")
    }
}
