import ArgumentParser

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(bench: being written)")

    func run() throws {
        throw CLIError("bench is not available yet")
    }
}
