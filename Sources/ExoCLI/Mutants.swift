import ArgumentParser

struct Mutants: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(mutants: being written)")

    func run() throws {
        throw CLIError("mutants is not available yet")
    }
}
