/// The entities a spec declares (domains, environments, processes,
/// filters, packets), in one namespace, with what elaboration needs to turn a name
/// into an operand value or an actor's principal.
struct EntityTable {
    enum Kind: String {
        case domain, env, process, filter, packet
    }

    struct Entity {
        var name: String
        var kind: Kind
        var range: SourceRange
        /// The domain id of a domain, or of the exokernel domain an
        /// environment or process lives in.
        var domain: Int32
        /// The operand value: the domain id, the environment's index in its
        /// domain, the process's index in its domain, the filter's or the
        /// packet's index.
        var value: Int32
        /// For a domain: its kind word (`guest`, `unikernel`, `exokernel`).
        var domainKind: String = ""
        /// For a process: its environment's index.
        var env: Int32 = 0
    }

    private(set) var entities: [Entity] = []

    func lookup(_ name: String) -> Entity? { entities.first { $0.name == name } }

    var names: [String] { entities.map(\.name) }

    func names(of kind: Kind) -> [String] { entities.filter { $0.kind == kind }.map(\.name) }

    /// Adds an entity; reports a name already in use and returns false.
    mutating func declare(_ e: Entity, _ d: inout DiagnosticBag) -> Bool {
        // `any` where an operand stands always begins a set (`free any`),
        // so an entity of that name could never be named: refuse it where
        // it is declared. (The statement keywords still read as names in
        // operand position.)
        if e.name == "any" {
            d.error("'\(e.name)' is a keyword of the spec language and cannot name \(e.kind.article)", at: e.range,
                    hints: ["choose another name"])
            return false
        }
        if let first = lookup(e.name) {
            d.error("'\(e.name)' is already declared", at: e.range,
                    hints: ["domains, environments, processes, filters and packets share one namespace"],
                    notes: [d.note("'\(e.name)' is declared here as \(first.kind.article)", at: first.range)])
            return false
        }
        entities.append(e)
        return true
    }
}

extension EntityTable.Kind {
    /// "a domain", "an env", ...
    var article: String { self == .env ? "an env" : "a \(rawValue)" }
}
