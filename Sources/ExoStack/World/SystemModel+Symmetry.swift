import ExoCore
import ExoXen

/// Symmetry of identical guests (`actor each d in d1, d2, d3`).
///
/// A group qualifies when its actors are on distinct plain guest domains
/// other than domain 0 (dom0 is the control domain, and zeroed fields name
/// it), those domains start with no frames, and renaming the group's domains
/// maps every actor's program onto the program of the actor it renames to
/// (and every other actor's program onto itself). Then renaming commutes with
/// every step: the hypervisor treats domain ids opaquely and takes frames in
/// pool order whoever asks. Specs that use vchans, unikernels or the
/// exokernel's domain in a group get no symmetry (nothing is renamed there).
struct Symmetry: Sendable {
    /// Each permutation as (domain renaming over all domain ids, actor
    /// renaming over all actors); the identity is not included.
    let perms: [(domains: [DomID], actors: [Int])]

    init(system: SystemSpec) {
        var groups: [Int: [Int]] = [:]
        for (i, a) in system.actors.enumerated() {
            if let g = a.symmetryGroup { groups[g, default: []].append(i) }
        }
        let usesVchan = system.actors.contains { a in
            a.program.code.contains { instr in
                if case .call(let c) = instr { return [.vchanListen, .vchanConnect, .vchanSend, .vchanRecv, .vchanClose].contains(c.op) }
                return false
            }
        }
        var out: [(domains: [DomID], actors: [Int])] = []
        // Groups in ascending order of their number (the dictionary is only a lookup).
        for g in groups.keys.sorted() where !usesVchan {
            let members = groups[g]!
            guard members.count >= 2, members.count <= 4 else { continue }
            var doms: [DomID] = []
            for i in members {
                guard case .domain(let d) = system.actors[i].principal, d > 0, Int(d) < system.domains.count,
                      system.domains[Int(d)].kind == .guest, system.domains[Int(d)].initialFrames == 0,
                      let id = DomID(exactly: d), !doms.contains(id) else { doms = []; break }
                doms.append(id)
            }
            guard doms.count == members.count else { continue }
            for p in Symmetry.permutations(members.count) where p != Array(0..<members.count) {
                var dperm = (0..<system.domains.count).map { DomID($0) }
                var aperm = Array(system.actors.indices)
                for (k, target) in p.enumerated() {
                    dperm[Int(doms[k])] = doms[target]
                    aperm[members[k]] = members[target]
                }
                guard Symmetry.programsCommute(system, domains: dperm, actors: aperm) else { continue }
                out.append((dperm, aperm))
            }
        }
        perms = out
    }

    static func permutations(_ n: Int) -> [[Int]] {
        if n == 0 { return [[]] }
        var out: [[Int]] = []
        for p in permutations(n - 1) {
            for pos in 0...p.count {
                var q = p
                q.insert(n - 1, at: pos)
                out.append(q)
            }
        }
        return out.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Renaming maps actor i's program onto actor perm[i]'s.
    static func programsCommute(_ s: SystemSpec, domains: [DomID], actors: [Int]) -> Bool {
        for (i, a) in s.actors.enumerated() {
            let target = s.actors[actors[i]]
            if rename(a.program, domains) != target.program { return false }
            if rename(a.principal, domains) != target.principal { return false }
            if a.isDaemon != target.isDaemon { return false }
        }
        return true
    }

    static func rename(_ p: Principal, _ perm: [DomID]) -> Principal {
        if case .domain(let d) = p, d >= 0, Int(d) < perm.count { return .domain(Int32(perm[Int(d)])) }
        return p
    }

    static func rename(_ p: Program, _ perm: [DomID]) -> Program {
        var q = p
        for (k, instr) in p.code.enumerated() {
            switch instr {
            case .call(let c): q.code[k] = .call(rename(c, perm))
            case .wait(let c): q.code[k] = .wait(rename(c, perm))
            default: break
            }
        }
        return q
    }

    static func rename(_ c: Call, _ perm: [DomID]) -> Call {
        var out = c
        let params = Catalogue.info(c.op).params
        c.forEachArgument { i, arg, first in
            switch arg {
            case .value(let v):
                if first < params.count && params[first] == .domain { out.args[i] = .value(renameValue(v, perm)) }
            case .local:
                break
            case .any(var set):
                let qualifiers = Catalogue.setInfo(set.kind).qualifierParams
                for (j, q) in set.args.enumerated() {
                    if case .value(let v) = q, j < qualifiers.count, qualifiers[j] == .domain {
                        set.args[j] = .value(renameValue(v, perm))
                    }
                }
                out.args[i] = .any(set)
            }
        }
        return out
    }

    static func renameValue(_ v: Int32, _ perm: [DomID]) -> Int32 {
        v >= 0 && Int(v) < perm.count ? Int32(perm[Int(v)]) : v
    }

    /// The world with the group's domains and actors renamed.
    static func rename(_ w: World, domains: [DomID], actors: [Int]) -> World {
        var r = w
        r.layers.hv = w.layers.hv.renamingDomains(domains)
        let unikernels = w.layers.unikernels
        if !unikernels.isEmpty {
            var uk = unikernels
            for (i, u) in unikernels.enumerated() { uk[Int(domains[i])] = u }
            r.layers.unikernels = uk
        }
        for (i, a) in w.actors.enumerated() { r.actors[actors[i]] = a }
        return r
    }
}

extension SystemModel: ReducibleModel {
    public var hasSymmetry: Bool { !symmetry.perms.isEmpty }

    /// The smallest canonical encoding over the group's renamings.
    public func symmetricFingerprintBytes(of state: World, into encoder: inout CanonicalEncoder) {
        guard hasSymmetry else { fingerprintBytes(of: state, into: &encoder); return }
        var scratch = CanonicalEncoder(capacity: 1024)
        fingerprintBytes(of: state, into: &scratch)
        var best = scratch.bytes
        for p in symmetry.perms {
            scratch.reset()
            fingerprintBytes(of: Symmetry.rename(state, domains: p.domains, actors: p.actors), into: &scratch)
            if scratch.bytes.lexicographicallyPrecedes(best) { best = scratch.bytes }
        }
        encoder.raw(best)
    }
}
