import ArgumentParser

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(simulate: being written)")

    func run() throws {
        throw CLIError("simulate is not available yet")
    }
}
