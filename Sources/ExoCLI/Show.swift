import ArgumentParser

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(show: being written)")

    func run() throws {
        throw CLIError("show is not available yet")
    }
}
