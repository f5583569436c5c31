import ArgumentParser

struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(explore: being written)")

    func run() throws {
        throw CLIError("explore is not available yet")
    }
}
