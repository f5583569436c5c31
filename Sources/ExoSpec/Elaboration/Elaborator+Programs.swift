import ExoStack

/// What names mean inside one actor's program (or one fault line).
struct ActorScope {
    var principal: Principal
    /// The entity the actor runs on (nil for faults).
    var runsOn: EntityTable.Entity?
    /// `actor each VAR in ...`: the variable and the entity it stands for.
    var each: (name: String, entity: EntityTable.Entity)?
    /// `let` names in slot order, with the kind of value each holds.
    var locals: [(name: String, kind: ParamKind, range: SourceRange)] = []
    /// Every `let` in the actor, found before elaboration, so a use before
    /// the binding can say where the binding is.
    var laterBindings: [Identifier] = []

    var isFault: Bool { runsOn == nil }

    func local(_ name: String) -> Int? { locals.firstIndex { $0.name == name } }
}

extension Elaborator {
    /// Operation codes that are conditions for `wait` (no side effects).
    static func isCondition(_ op: Op) -> Bool { (90..<120).contains(op.rawValue) }

    /// Operations a spec can name (not the world's own steps).
    static var callableNames: [String] { Catalogue.ops.map(\.name) }

    // MARK: actors and faults

    mutating func actor(_ a: ActorDecl, group: Int) {
        switch a.binding {
        case .on(let name, let target):
            guard !actorNameTaken(name) else { return }
            guard let entity = actorTarget(target) else { return }
            var scope = ActorScope(principal: principal(of: entity), runsOn: entity)
            scope.laterBindings = Elaborator.bindings(in: a.body)
            if let program = program(a.body, scope: &scope, at: name.range) {
                actors.append(ActorSpec(name: name.text, principal: scope.principal, program: program, isDaemon: a.isDaemon))
            }
        case .each(let variable, let over):
            if let clash = entities.lookup(variable.text) {
                diagnostics.error("'\(variable.text)' would hide \(clash.kind.article) of the same name", at: variable.range,
                                  hints: ["choose another variable name"],
                                  notes: [diagnostics.note("'\(variable.text)' is declared here", at: clash.range)])
                return
            }
            var resolved: [EntityTable.Entity] = []
            for t in over {
                if let e = actorTarget(t) { resolved.append(e) }
            }
            guard resolved.count == over.count else { return }
            if let first = resolved.first, let odd = resolved.first(where: { $0.kind != first.kind }) {
                diagnostics.error("'\(a.isDaemon ? "daemon" : "actor") each' ranges over one kind of entity; '\(odd.name)' is \(odd.kind.article)",
                                  at: over[resolved.firstIndex { $0.name == odd.name }!].range,
                                  hints: ["'\(first.name)' is \(first.kind.article)"])
                return
            }
            // Identical actors: one copy of the program per entity, the
            // variable standing for that entity. The same mistake in every
            // copy is reported once (the diagnostic bag drops repeats).
            for (k, e) in resolved.enumerated() {
                let name = "\(variable.text)=\(e.name)"
                guard !actorNameTaken(Identifier(name, range: over[k].range)) else { continue }
                var scope = ActorScope(principal: principal(of: e), runsOn: e, each: (variable.text, e))
                scope.laterBindings = Elaborator.bindings(in: a.body)
                if let program = program(a.body, scope: &scope, at: variable.range) {
                    actors.append(ActorSpec(name: name, principal: scope.principal, program: program,
                                            symmetryGroup: group, isDaemon: a.isDaemon))
                }
            }
        }
    }

    private mutating func actorNameTaken(_ name: Identifier) -> Bool {
        guard let first = actorNames.first(where: { $0.text == name.text }) else {
            actorNames.append(name)
            return false
        }
        diagnostics.error("actor '\(name.text)' is declared twice", at: name.range,
                          notes: [diagnostics.note("'\(name.text)' is first declared here", at: first.range)])
        return true
    }

    /// A domain or environment an actor can run on.
    private mutating func actorTarget(_ t: Identifier) -> EntityTable.Entity? {
        guard let e = entities.lookup(t.text) else {
            var hints: [String] = []
            let candidates = entities.names(of: .domain) + entities.names(of: .env)
            if let h = NameSuggestions.hint(for: t.text, among: candidates) { hints.append(h) }
            if ["domains", "envs", "guests"].contains(t.text), !candidates.isEmpty {
                hints.append("list them: " + candidates.prefix(3).joined(separator: ", "))
            }
            hints.append("an actor runs on a domain or an env declared by a 'domain' or 'env' line")
            diagnostics.error("unknown domain or env '\(t.text)'", at: t.range, hints: hints)
            return nil
        }
        switch e.kind {
        case .domain, .env: return e
        case .process:
            let envName = entities.entities.first { $0.kind == .env && $0.domain == e.domain && $0.value == e.env }?.name
            diagnostics.error("an actor runs on a domain or an env, and '\(t.text)' is a process", at: t.range,
                              hints: envName.map { ["run it on the process's env '\($0)' and name '\(t.text)' in its operations"] } ?? [])
            return nil
        case .filter, .packet:
            diagnostics.error("an actor runs on a domain or an env, and '\(t.text)' is \(e.kind.article)", at: t.range)
            return nil
        }
    }

    private func principal(of e: EntityTable.Entity) -> Principal {
        e.kind == .env ? .env(domain: e.domain, env: e.value) : .domain(e.domain)
    }

    mutating func fault(_ f: FaultDecl) {
        var scope = ActorScope(principal: .kernel, runsOn: nil)
        guard let call = call(f.call, scope: &scope, isWait: false) else { return }
        var name = "fault:" + f.call.operation.text
        if actors.contains(where: { $0.name == name }) {
            var k = 2
            while actors.contains(where: { $0.name == "\(name)#\(k)" }) { k += 1 }
            name += "#\(k)"
        }
        if let program = compile([.call(call)], scope: scope, at: f.call.operation.range) {
            actors.append(ActorSpec(name: name, principal: .kernel, program: program))
        }
    }

    // MARK: programs

    /// Every `let` name in a body, in source order.
    static func bindings(in body: [Statement]) -> [Identifier] {
        var out: [Identifier] = []
        for s in body {
            switch s.kind {
            case .call(let c): if let b = c.binding { out.append(b) }
            case .wait: break
            case .loop(let inner), .repeatLoop(_, _, let inner): out += bindings(in: inner)
            case .either(let arms): for a in arms { out += bindings(in: a.body) }
            }
        }
        return out
    }

    private mutating func program(_ body: [Statement], scope: inout ActorScope, at range: SourceRange) -> Program? {
        let errors = diagnostics.errorCount
        let stmts = statements(body, scope: &scope)
        guard diagnostics.errorCount == errors else { return nil }
        return compile(stmts, scope: scope, at: range)
    }

    private mutating func compile(_ stmts: [Stmt], scope: ActorScope, at range: SourceRange) -> Program? {
        do {
            return try Program.compile(stmts, namedLocals: scope.locals.map(\.name))
        } catch {
            diagnostics.error("\(error)", at: range)
            return nil
        }
    }

    private mutating func statements(_ body: [Statement], scope: inout ActorScope) -> [Stmt] {
        var out: [Stmt] = []
        for s in body {
            switch s.kind {
            case .call(let c):
                if var call = call(c, scope: &scope, isWait: false) {
                    call.validEnd = s.validEnd
                    out.append(.call(call))
                }
            case .wait(let event, let args):
                let c = CallSyntax(operation: event, arguments: args, range: s.range)
                if var call = call(c, scope: &scope, isWait: true) {
                    call.validEnd = s.validEnd
                    out.append(.wait(call))
                }
            case .loop(let inner):
                out.append(.loop(statements(inner, scope: &scope)))
            case .repeatLoop(let n, let r, let inner):
                if n > 1_000_000 {
                    diagnostics.error("repeat count \(n) is too large", at: r,
                                      hints: ["use 'loop:' for an unbounded repetition"])
                } else if n < 1 {
                    diagnostics.error("'repeat 0' never runs its block", at: r,
                                      hints: ["remove the block, or repeat it at least once"])
                }
                out.append(.repeatN(Int32(clamping: n), statements(inner, scope: &scope)))
            case .either(let arms):
                out.append(.either(arms.map { statements($0.body, scope: &scope) }))
            }
        }
        return out
    }

    // MARK: calls

    /// Checks an operation call (or a `wait` condition) against the
    /// catalogue: the name, who may call it, its operands, its binding.
    mutating func call(_ c: CallSyntax, scope: inout ActorScope, isWait: Bool) -> ExoStack.Call? {
        let name = c.operation
        guard let op = Catalogue.op(named: name.text) else {
            unknownOperation(name, scope: scope, isWait: isWait)
            return nil
        }
        let info = Catalogue.info(op)
        guard mayCall(info, name: name, scope: scope, isWait: isWait) else { return nil }
        guard let args = operands(c.arguments, of: info, call: c, scope: scope) else { return nil }
        var bind: Int?
        if let b = c.binding {
            guard let returns = info.returns else {
                diagnostics.error("'\(info.name)' returns nothing to bind to '\(b.text)'", at: b.range,
                                  hints: ["drop 'let \(b.text) ='"])
                return nil
            }
            if let slot = scope.local(b.text) {
                let old = scope.locals[slot]
                guard old.kind == returns else {
                    diagnostics.error("'\(b.text)' holds \(ParamKind.article(old.kind)), and '\(info.name)' returns \(ParamKind.article(returns))",
                                      at: b.range, hints: ["bind the result to another name"],
                                      notes: [diagnostics.note("'\(b.text)' is first bound here", at: old.range)])
                    return nil
                }
                bind = slot
            } else if entities.lookup(b.text) != nil || scope.each?.name == b.text {
                diagnostics.error("'\(b.text)' already names \(scope.each?.name == b.text ? "the 'each' variable" : "a declared entity")",
                                  at: b.range, hints: ["bind the result to another name"])
                return nil
            } else {
                bind = scope.locals.count
                scope.locals.append((b.text, returns, b.range))
            }
        }
        let source = SourceLoc(line: Int32(clamping: name.range.start.line), column: Int32(clamping: name.range.start.column))
        return ExoStack.Call(op: op, args: args, bind: bind, ignore: c.ignored, source: source)
    }

    /// The operations this context may name.
    private func callable(scope: ActorScope, isWait: Bool) -> [String] {
        Catalogue.ops.filter { info in
            if isWait { return Elaborator.isCondition(info.op) }
            if Elaborator.isCondition(info.op) { return false }
            return allowed(info.principal, scope: scope)
        }.map(\.name)
    }

    private func allowed(_ p: PrincipalKind, scope: ActorScope) -> Bool {
        switch (p, scope.runsOn?.kind) {
        case (.kernel, nil): return true
        case (.any, _?): return true
        case (.domain, .domain?): return true
        case (.unikernel, .domain?): return scope.runsOn?.domainKind == "unikernel"
        case (.env, .env?): return true
        default: return false
        }
    }

    private mutating func unknownOperation(_ name: Identifier, scope: ActorScope, isWait: Bool) {
        let what = isWait ? "condition" : "operation"
        var hints: [String] = []
        let here = callable(scope: scope, isWait: isWait)
        if let h = NameSuggestions.hint(for: name.text, among: here) ?? NameSuggestions.hint(for: name.text, among: Elaborator.callableNames) {
            hints.append(h)
        }
        if isWait {
            hints.append("'wait' takes one of " + NameSuggestions.listed(here, conjunction: "or"))
        } else {
            hints.append("'exocheck list operations' prints them all")
        }
        diagnostics.error("unknown \(what) '\(name.text)'", at: name.range, hints: hints)
    }

    /// Whether this actor (or fault) may issue the operation; reports why not.
    private mutating func mayCall(_ info: OpInfo, name: Identifier, scope: ActorScope, isWait: Bool) -> Bool {
        let condition = Elaborator.isCondition(info.op)
        if isWait, !condition {
            diagnostics.error("'\(info.name)' is an operation, not a condition to wait for", at: name.range,
                              hints: ["'wait' takes one of " + NameSuggestions.listed(callable(scope: scope, isWait: true), conjunction: "or"),
                                      "to perform it, drop 'wait'"])
            return false
        }
        if !isWait, condition {
            diagnostics.error("'\(info.name)' is a condition, not an operation", at: name.range,
                              hints: ["write 'wait \(info.name) ...' to block until it holds"])
            return false
        }
        if scope.isFault, isWait || info.principal != .kernel {
            let faults = Catalogue.ops.filter { $0.principal == .kernel }.map(\.name)
            diagnostics.error("'\(info.name)' is done by \(Elaborator.doer(info.principal)), not injected as a fault",
                              at: name.range,
                              hints: ["a fault is one of " + NameSuggestions.listed(faults, conjunction: "or")])
            return false
        }
        guard !allowed(info.principal, scope: scope) else { return true }
        let on = scope.runsOn!
        var hints: [String] = []
        if let h = NameSuggestions.hint(for: info.name, among: callable(scope: scope, isWait: false)) { hints.append(h) }
        switch info.principal {
        case .kernel:
            hints.append("write it as a fault: 'fault \(info.name) ...'")
        case .env:
            hints.append("run the actor on an env: 'actor NAME on ENV:'")
        case .unikernel:
            hints.append("run the actor on a unikernel domain")
        default:
            hints.append("run the actor on a domain: 'actor NAME on DOMAIN:'")
        }
        let onWhat = on.kind == .domain ? "the \(on.domainKind) domain '\(on.name)'" : "the env '\(on.name)'"
        diagnostics.error("'\(info.name)' is done by \(Elaborator.doer(info.principal)); this actor runs on \(onWhat)",
                          at: name.range, hints: hints)
        return false
    }

    static func doer(_ p: PrincipalKind) -> String {
        switch p {
        case .domain: return "a domain"
        case .unikernel: return "a unikernel domain"
        case .env: return "a library OS (an actor on an env)"
        case .kernel: return "the hypervisor or exokernel itself"
        case .any: return "anyone"
        }
    }
}

extension ParamKind {
    /// "a frame", "an env", "a map-kind".
    static func article(_ k: ParamKind) -> String {
        let w = k.rawValue
        if k == .rights { return "rights (ro or rw)" }
        return (w.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + w
    }
}
