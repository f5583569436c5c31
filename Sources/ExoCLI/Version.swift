import ArgumentParser
import ExoCore

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the tool and trace-format versions.")

    func run() throws {
        print("exocheck \(ToolVersion.string)")
    }
}
