import ArgumentParser

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(replay: being written)")

    func run() throws {
        throw CLIError("replay is not available yet")
    }
}
