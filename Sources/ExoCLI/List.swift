import ArgumentParser
import ExoCore
import ExoStack

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the invariants, mutants or operations exocheck knows.",
        discussion: "Each line: the name, the layer, and one line of description.")

    enum What: String, ExpressibleByArgument, CaseIterable {
        case invariants, mutants, operations
    }

    @Argument(help: "What to list: invariants, mutants or operations.")
    var what: What

    func run() throws {
        print(List.render(what), terminator: "")
    }

    static func render(_ what: What) -> String {
        var rows: [(String, String, String)] = []
        switch what {
        case .invariants:
            rows = Layers.invariants.map { ($0.name, $0.layer, $0.summary) }
        case .mutants:
            rows = Layers.mutants.map { ($0.name, $0.layer, "\($0.summary) (breaks \($0.breaks))") }
        case .operations:
            rows = Catalogue.ops.map { row in
                let params = row.params.map(\.rawValue).joined(separator: " ")
                return ("\(row.name)\(params.isEmpty ? "" : " " + params)", row.principal.rawValue, row.summary)
            }
        }
        return renderColumns(rows.map { [$0.0, $0.1, $0.2] })
    }
}
