import ArgumentParser

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(check: being written)")

    func run() throws {
        throw CLIError("check is not available yet")
    }
}
