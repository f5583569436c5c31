import ExoStack

/// Turns a parsed spec into the `SystemSpec` the world is built from,
/// checking every name, size, operation and operand against the layers'
/// catalogue and reporting each problem where it was written.
///
/// This file elaborates the system and the run settings; programs are in
/// `Elaborator+Programs.swift`, operands and sets in
/// `Elaborator+Operands.swift`.
struct Elaborator {
    var diagnostics: DiagnosticBag
    let catalogues: SpecCatalogues
    var entities = EntityTable()

    // The system as it is assembled.
    var domains: [DomainSpec] = []
    var filters: [FilterSpec] = []
    var packets: [PacketSpec] = []
    /// Per domain id: environment names, processes, and the exokernel
    /// settings (filled for exokernel domains only).
    var envNames: [[String]] = []
    var processes: [[ProcessSpec]] = []
    var exokernel: [ExokernelSpec] = []
    var actors: [ActorSpec] = []
    /// Every actor name declared so far, valid or not, for duplicate checks.
    var actorNames: [Identifier] = []

    init(diagnostics: DiagnosticBag, catalogues: SpecCatalogues) {
        self.diagnostics = diagnostics
        self.catalogues = catalogues
    }

    /// Limits on sizes; generous, but they keep a typo such as
    /// `frames 40000000` from reaching the world.
    static let maxFrames = 4096
    static let maxTable = 4096

    mutating func elaborate(_ ast: SpecAST) -> SystemSpec {
        let start = SourceRange(SourceLocation(line: 1, column: 1, offset: 0), SourceLocation(line: 1, column: 1, offset: 0))
        var system = SystemSpec(name: "")
        if let h = ast.header {
            system.name = h.name.text
            system.summary = h.description ?? ""
        } else {
            diagnostics.error("the spec has no name", at: start, hints: ["start the spec with 'spec NAME'"])
        }
        system.expect = expectation(ast, start: start, header: ast.header)
        if let m = ast.machine { system.machine = machine(m) }
        if let h = ast.hypervisor { system.hypervisor = hypervisor(h) }
        for e in ast.entities { entity(e) }
        checkFrameBudget(ast, machine: system.machine)
        checkSystemShape(ast)
        for (i, a) in ast.actors.enumerated() { actor(a, group: i) }
        for f in ast.faults { fault(f) }
        system.domains = assembledDomains()
        system.filters = filters
        system.packets = packets
        system.actors = actors
        system.invariants = invariants(ast.checks)
        system.mutants = mutants(ast.mutants)
        if let x = ast.explore { system.explore = explore(x) }
        return system
    }

    // MARK: header, expectation, run settings

    private mutating func expectation(_ ast: SpecAST, start: SourceRange, header: SpecHeader?) -> ExoStack.Expectation {
        guard let e = ast.expectation else {
            diagnostics.error("the spec states no expected verdict", at: header?.range ?? start,
                              hints: ["add 'expect holds' or 'expect violation INVARIANT', so CI can check the outcome"])
            return .holds
        }
        switch e.verdict {
        case .holds: return .holds
        case .violation(let inv):
            checkName(inv, among: catalogues.invariants, what: "invariant", list: "exocheck list invariants")
            return .violation(inv.text)
        }
    }

    /// Reports `name` unless it is one of `known`. An empty catalogue means
    /// the layers have not published theirs yet: names are then taken on trust.
    private mutating func checkName(_ name: Identifier, among known: [String], what: String, list: String) {
        guard !known.isEmpty, !known.contains(name.text) else { return }
        var hints: [String] = []
        if let h = NameSuggestions.hint(for: name.text, among: known) { hints.append(h) }
        hints.append("'\(list)' prints them all")
        diagnostics.error("unknown \(what) '\(name.text)'", at: name.range, hints: hints)
    }

    private mutating func invariants(_ checks: [CheckDecl]) -> [String]? {
        if checks.isEmpty || checks.contains(where: \.all) { return nil }
        var out: [String] = []
        for c in checks {
            for n in c.names {
                checkName(n, among: catalogues.invariants, what: "invariant", list: "exocheck list invariants")
                if !out.contains(n.text) { out.append(n.text) }
            }
        }
        return out
    }

    private mutating func mutants(_ decls: [MutantDecl]) -> [String] {
        var out: [String] = []
        for m in decls {
            for n in m.names {
                checkName(n, among: catalogues.mutants, what: "mutant", list: "exocheck list mutants")
                if !out.contains(n.text) { out.append(n.text) }
            }
        }
        return out
    }

    static let strategies = ["bfs", "dfs", "random"]

    private mutating func explore(_ s: Settings) -> ExploreSettings {
        let r = PropertyReader(s.properties, of: "'explore'",
                               schema: [("strategy", .word), ("depth", .integer(1...1_000_000)),
                                        ("states", .integer(1...1_000_000_000_000))], into: &diagnostics)
        var out = ExploreSettings()
        if let w = r.word("strategy", &diagnostics) {
            if Elaborator.strategies.contains(w.text) {
                out.strategy = w.text
            } else {
                var hints: [String] = []
                if let h = NameSuggestions.hint(for: w.text, among: Elaborator.strategies) { hints.append(h) }
                hints.append("the strategies are " + NameSuggestions.listed(Elaborator.strategies, conjunction: "and"))
                diagnostics.error("unknown strategy '\(w.text)'", at: w.range, hints: hints)
            }
        }
        out.maxDepth = r.integer("depth", &diagnostics)
        out.maxStates = r.integer("states", &diagnostics)
        return out
    }

    // MARK: machine and hypervisor

    private mutating func machine(_ s: Settings) -> MachineConfig {
        let r = PropertyReader(s.properties, of: "'machine'",
                               schema: [("frames", .integer(1...Elaborator.maxFrames)), ("cpus", .integer(1...64)),
                                        ("tlb", .integer(1...Elaborator.maxTable))], into: &diagnostics)
        var m = MachineConfig()
        if let n = r.integer("frames", &diagnostics) { m.frames = n }
        if let n = r.integer("cpus", &diagnostics) { m.cpus = n }
        if let n = r.integer("tlb", &diagnostics) { m.tlbEntries = n }
        return m
    }

    private mutating func hypervisor(_ s: Settings) -> HypervisorConfig {
        let size = PropertyReader.Shape.integer(1...Elaborator.maxTable)
        // One grant-table frame per domain: its entries are the hypervisor's limit.
        let grants = PropertyReader.Shape.integer(1...SystemLimits.maxGrantEntries)
        let r = PropertyReader(s.properties, of: "'hypervisor'",
                               schema: [("grant-entries", grants), ("maptrack", size), ("ports", size)], into: &diagnostics)
        var h = HypervisorConfig()
        if let n = r.integer("grant-entries", &diagnostics) { h.grantEntries = n }
        if let n = r.integer("maptrack", &diagnostics) { h.maptrackSlots = n }
        if let n = r.integer("ports", &diagnostics) { h.ports = n }
        return h
    }

    // MARK: entities

    static let domainKinds = ["guest", "unikernel", "exokernel"]

    private mutating func entity(_ e: EntityDecl) {
        switch e.keyword.text {
        case "domain": domain(e)
        case "env": env(e)
        case "process": process(e)
        case "filter": filter(e)
        case "packet": packet(e)
        default:
            diagnostics.error("'\(e.keyword.text)' declarations are not supported yet", at: e.keyword.range)
        }
    }

    private mutating func noKind(_ e: EntityDecl) {
        if let k = e.kind {
            diagnostics.error("\(e.keyword.text == "env" ? "an env" : "a " + e.keyword.text) has no kind",
                              at: k.range, hints: ["only a domain takes a kind after ':'"])
        }
    }

    private mutating func domain(_ e: EntityDecl) {
        let kind = e.kind?.text ?? "guest"
        let frames = PropertyReader.Shape.integer(0...Elaborator.maxFrames)
        let schema: [(String, PropertyReader.Shape)]
        switch kind {
        case "guest": schema = [("frames", frames)]
        case "unikernel": schema = [("app", .word), ("modules", .names), ("frames", frames)]
        case "exokernel": schema = [("stlb", .integer(1...Elaborator.maxTable)),
                                    ("guaranteed", .integer(0...Elaborator.maxFrames)),
                                    ("deadline", .integer(1...1_000_000)), ("quantum", .integer(0...1_000_000)),
                                    ("containers", .integer(1...64)), ("frames", frames)]
        default:
            var hints: [String] = []
            if let h = NameSuggestions.hint(for: kind, among: Elaborator.domainKinds) { hints.append(h) }
            hints.append("a domain is a " + NameSuggestions.listed(Elaborator.domainKinds, conjunction: "or"))
            diagnostics.error("unknown domain kind '\(kind)'", at: e.kind!.range, hints: hints)
            return
        }
        let r = PropertyReader(e.properties, of: "a \(kind) domain", schema: schema, into: &diagnostics)
        let initial = r.integer("frames", &diagnostics) ?? 0
        let domainKind: DomainKind
        switch kind {
        case "unikernel":
            guard let app = r.word("app", &diagnostics) else {
                if r.property("app") == nil {
                    diagnostics.error("a unikernel domain needs its application", at: e.kind!.range,
                                      hints: ["add 'app NAME', as in 'domain u0 : unikernel app echo'"])
                }
                return
            }
            let modules = r.names("modules", &diagnostics) ?? []
            if let p = r.property("modules") {
                for m in modules where !UnikernelLibrary.names.contains(m) {
                    var hints: [String] = []
                    if let h = NameSuggestions.hint(for: m, among: UnikernelLibrary.names) { hints.append(h) }
                    hints.append("the library has " + NameSuggestions.listed(UnikernelLibrary.names, conjunction: "and"))
                    diagnostics.error("unknown unikernel module '\(m)'", at: p.value.range, hints: hints)
                }
            }
            domainKind = .unikernel(UnikernelSpec(app: app.text, modules: modules))
        case "exokernel":
            domainKind = .exokernel(ExokernelSpec(envs: []))
        default:
            domainKind = .guest
        }
        var exo = ExokernelSpec(envs: [])
        if let n = r.integer("stlb", &diagnostics) { exo.stlbEntries = n }
        if let n = r.integer("guaranteed", &diagnostics) { exo.guaranteed = n }
        if let n = r.integer("deadline", &diagnostics) { exo.revocationDeadline = UInt64(n) }
        if let n = r.integer("quantum", &diagnostics) { exo.quantum = UInt64(n) }
        if let n = r.integer("containers", &diagnostics) { exo.containers = n }
        for n in e.names {
            let id = Int32(domains.count)
            guard entities.declare(.init(name: n.text, kind: .domain, range: n.range, domain: id, value: id,
                                         domainKind: kind), &diagnostics) else { continue }
            if domains.count == SystemLimits.maxDomains {
                diagnostics.error("too many domains: the hypervisor has \(SystemLimits.maxDomains) domain slots", at: n.range)
            }
            if kind == "exokernel",
               let first = entities.entities.first(where: { $0.kind == .domain && $0.domainKind == "exokernel" && $0.name != n.text }) {
                diagnostics.error("at most one domain may run an exokernel", at: n.range,
                                  notes: [diagnostics.note("'\(first.name)' runs one already", at: first.range)])
            }
            domains.append(DomainSpec(name: n.text, kind: domainKind, initialFrames: initial))
            envNames.append([])
            processes.append([])
            exokernel.append(exo)
        }
    }

    /// The entity a `on NAME` property names, which must be of `kind`.
    private mutating func owner(_ e: EntityDecl, _ r: PropertyReader, kind: EntityTable.Kind,
                                example: String) -> EntityTable.Entity? {
        guard let on = r.word("on", &diagnostics) else {
            if r.property("on") == nil {
                diagnostics.error("\(e.keyword.text == "env" ? "an env" : "a " + e.keyword.text) must say where it lives",
                                  at: e.names[0].range, hints: ["add 'on NAME', as in '\(example)'"])
            }
            return nil
        }
        guard let owner = entities.lookup(on.text) else {
            undefinedEntity(on, kind: kind)
            return nil
        }
        if kind == .domain, owner.kind == .domain, owner.domainKind != "exokernel" {
            diagnostics.error("'\(on.text)' is a \(owner.domainKind) domain; environments live in an exokernel domain",
                              at: on.range, notes: [diagnostics.note("'\(on.text)' is declared here", at: owner.range)])
            return nil
        }
        guard owner.kind == kind else {
            diagnostics.error("'\(on.text)' is \(owner.kind.article), but \(e.keyword.text) lives on \(kind.article)",
                              at: on.range, notes: [diagnostics.note("'\(on.text)' is declared here", at: owner.range)])
            return nil
        }
        return owner
    }

    /// Reports an entity name that is not declared (before this point).
    mutating func undefinedEntity(_ name: Identifier, kind: EntityTable.Kind) {
        var hints: [String] = []
        if let h = NameSuggestions.hint(for: name.text, among: entities.names(of: kind)) { hints.append(h) }
        hints.append("\(kind.rawValue)s are declared by '\(kind.rawValue)' lines, before they are used")
        diagnostics.error("unknown \(kind.rawValue) '\(name.text)'", at: name.range, hints: hints)
    }

    private mutating func env(_ e: EntityDecl) {
        noKind(e)
        let r = PropertyReader(e.properties, of: "an env", schema: [("on", .word)], into: &diagnostics)
        guard let dom = owner(e, r, kind: .domain, example: "env e0 on x0") else { return }
        let d = Int(dom.domain)
        for n in e.names {
            let index = Int32(envNames[d].count)
            guard entities.declare(.init(name: n.text, kind: .env, range: n.range, domain: dom.domain, value: index),
                                   &diagnostics) else { continue }
            if envNames[d].count == SystemLimits.maxEnvs {
                diagnostics.error("too many envs on '\(dom.name)': an exokernel holds at most \(SystemLimits.maxEnvs)", at: n.range,
                                  hints: ["each env takes a root capability in the kernel's capability table of \(SystemLimits.maxEnvs) entries"])
            }
            envNames[d].append(n.text)
        }
    }

    private mutating func process(_ e: EntityDecl) {
        noKind(e)
        let r = PropertyReader(e.properties, of: "a process", schema: [("on", .word), ("container", .integer(0...63))],
                               into: &diagnostics)
        guard let env = owner(e, r, kind: .env, example: "process p0 on e0") else { return }
        let d = Int(env.domain)
        let container = r.integer("container", &diagnostics) ?? 0
        if container >= exokernel[d].containers, let p = r.property("container") {
            diagnostics.error("container \(container) does not exist: '\(dom(d))' has \(exokernel[d].containers) per env",
                              at: p.value.range, hints: ["containers are numbered from 0; set 'containers N' on the exokernel domain"])
        }
        for n in e.names {
            let index = Int32(processes[d].count)
            guard entities.declare(.init(name: n.text, kind: .process, range: n.range, domain: env.domain,
                                         value: index, env: env.value), &diagnostics) else { continue }
            if processes[d].filter({ $0.env == Int(env.value) }).count == SystemLimits.maxProcessesPerEnv {
                diagnostics.error("too many processes on '\(env.name)': an env runs at most \(SystemLimits.maxProcessesPerEnv)",
                                  at: n.range, hints: ["put further processes on another env"])
            }
            processes[d].append(ProcessSpec(name: n.text, env: Int(env.value), container: container))
        }
    }

    private mutating func filter(_ e: EntityDecl) {
        noKind(e)
        let r = PropertyReader(e.properties, of: "a filter", schema: [("code", .text)], into: &diagnostics)
        guard let code = r.text("code", &diagnostics) else {
            if r.property("code") == nil {
                diagnostics.error("a filter needs its code", at: e.names[0].range,
                                  hints: ["add 'code \"...\"' or 'code |' followed by the bytecode, indented"])
            }
            return
        }
        if e.names.count > 1 {
            diagnostics.error("one filter per line", at: e.names[1].range, hints: ["each filter has its own code"])
            return
        }
        let n = e.names[0]
        guard entities.declare(.init(name: n.text, kind: .filter, range: n.range, domain: 0,
                                     value: Int32(filters.count)), &diagnostics) else { return }
        // The world's own assembler, so what elaborates assembles.
        if case .failure(let problem) = LayerStatics.assemble(filter: code), let p = r.property("code") {
            diagnostics.error("filter \(n.text): \(problem.message)", at: filterRange(problem, in: p.value, code: code))
        }
        filters.append(FilterSpec(name: n.text, source: code))
    }

    private mutating func packet(_ e: EntityDecl) {
        noKind(e)
        let r = PropertyReader(e.properties, of: "a packet", schema: [("bytes", .bytes)], into: &diagnostics)
        guard let bytes = r.bytes("bytes", &diagnostics) else {
            if r.property("bytes") == nil {
                diagnostics.error("a packet needs its bytes", at: e.names[0].range,
                                  hints: ["add 'bytes 8, 0, 69' (integers from 0 to 255) or 'bytes \"text\"'"])
            }
            return
        }
        for n in e.names {
            guard entities.declare(.init(name: n.text, kind: .packet, range: n.range, domain: 0,
                                         value: Int32(packets.count)), &diagnostics) else { continue }
            packets.append(PacketSpec(name: n.text, bytes: bytes))
        }
    }

    private func dom(_ id: Int) -> String { domains[id].name }

    /// Where in the file a filter assembly error lies: the filter reports a
    /// line and a byte column of the decoded code, which the lexer maps back
    /// through escapes, folded line breaks and a block's indentation. The
    /// range covers the word there.
    private func filterRange(_ problem: FilterSourceError, in value: ValueSyntax, code: String) -> SourceRange {
        let whole = value.range
        guard !problem.wholeProgram,
              let from = Lexer.literalOffsets(diagnostics.source, tokenAt: whole.start.offset),
              from.count == code.utf8.count + 1 else { return whole }
        let bytes = Array(code.utf8)
        var index = 0, line = 1
        while line < problem.line, index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") { line += 1 }
            index += 1
        }
        index = min(bytes.count, index + max(0, problem.column - 1))
        var end = index
        let separators = Array(" \t\r\n,;#".utf8)
        while end < bytes.count, !separators.contains(bytes[end]) { end += 1 }
        let startOffset = from[index]
        let endOffset = end > index ? from[end - 1] + 1 : startOffset
        return diagnostics.source.range(startOffset, max(startOffset, endOffset))
    }

    /// Whole-system rules the world enforces: at least one domain, and an
    /// env in every exokernel domain.
    private mutating func checkSystemShape(_ ast: SpecAST) {
        if !ast.entities.contains(where: { $0.keyword.text == "domain" }) {
            let at = ast.header?.name.range
                ?? SourceRange(SourceLocation(line: 1, column: 1, offset: 0), SourceLocation(line: 1, column: 1, offset: 0))
            diagnostics.error("the system has no domain", at: at, hints: ["declare one, as in 'domain d0 : guest'"])
        }
        for (i, d) in domains.enumerated() where envNames[i].isEmpty {
            guard case .exokernel = d.kind, let entity = entities.lookup(d.name) else { continue }
            diagnostics.error("exokernel domain '\(d.name)' has no env", at: entity.range,
                              hints: ["declare one with 'env NAME on \(d.name)'"])
        }
    }

    /// Frames populated at creation must fit in the machine.
    private mutating func checkFrameBudget(_ ast: SpecAST, machine: MachineConfig) {
        var total = 0
        for e in ast.entities where e.keyword.text == "domain" {
            // Out-of-range sizes are reported by the property reader.
            guard let p = e.property("frames"), case .integer(let n, let r) = p.value,
                  (0...Elaborator.maxFrames).contains(n) else { continue }
            let before = total
            total += n * e.names.count
            if total > machine.frames, before <= machine.frames {
                var notes: [DiagnosticNote] = []
                if let m = ast.machine?.property("frames") {
                    notes.append(diagnostics.note("the machine has \(machine.frames) frames", at: m.range))
                } else {
                    notes.append(DiagnosticNote(message: "the machine has \(machine.frames) frames by default; set 'machine frames N'"))
                }
                diagnostics.error("domains are given \(total) frames, more than the machine has", at: r, notes: notes)
            }
        }
        for e in ast.entities where e.keyword.text == "domain" && e.kind?.text == "exokernel" && e.property("frames") == nil {
            diagnostics.warning("the exokernel domain manages no frames, so every 'exo_alloc' is refused",
                                at: e.names[0].range, hints: ["give it frames from the machine: 'frames N'"])
        }
        for e in ast.entities where e.keyword.text == "domain" {
            if let p = e.property("guaranteed"), case .integer(let n, let r) = p.value, n > machine.frames {
                diagnostics.error("\(n) guaranteed frames, more than the machine's \(machine.frames)", at: r)
            }
        }
    }

    private func assembledDomains() -> [DomainSpec] {
        domains.enumerated().map { (i, d) in
            guard case .exokernel = d.kind else { return d }
            var out = d
            var exo = exokernel[i]
            exo.envs = envNames[i]
            exo.processes = processes[i]
            out.kind = .exokernel(exo)
            return out
        }
    }
}
