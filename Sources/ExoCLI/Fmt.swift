import ArgumentParser

struct Fmt: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(fmt: being written)")

    func run() throws {
        throw CLIError("fmt is not available yet")
    }
}
