import ExoCore

/// The invariant checker. It re-derives what must be true from the state
/// alone and shares no decision logic with the operations.
extension Exokernel {
    /// Appends every violated invariant at time `now`.
    public func checkInvariants(now: Tick, into out: inout [Violation]) {
        checkBindings(&out)
        checkOwnership(&out)
        checkRevocations(now: now, &out)
        checkConservation(&out)
        checkFilters(&out)
        checkCapabilities(&out)
        checkProcesses(&out)
        checkGuaranteed(&out)
        checkQuarantine(&out)
        checkCPUs(now: now, &out)
    }

    /// All violations at the kernel's own clock (convenience for tests).
    public var violations: [Violation] {
        var out: [Violation] = []
        checkInvariants(now: clock, into: &out)
        return out
    }

    private func m(_ f: Int) -> String { f >= 0 && f < frames.count ? "frame \(frames[f].machine)" : "frame #\(f)" }

    // The per-frame tallies below are scratch memory (`withScratch`), not
    // arrays: the checker runs on every new state, on every thread.

    private func checkBindings(_ out: inout [Violation]) {
        withScratch(0, count: frames.count) { checkBindings(&out, refs: $0) }
    }

    private func checkBindings(_ out: inout [Violation], refs: UnsafeMutableBufferPointer<Int>) {
        let name = "binding-soundness"
        for (e, env) in envs.enumerated() where env.isAlive {
            for b in env.bindings {
                guard b.frame >= 0 && b.frame < frames.count else {
                    out.append(Violation(name, "env \(e) page \(b.vpage) bound to a frame that does not exist")); continue
                }
                refs[b.frame] += 1
                guard case .owned = frames[b.frame].state else {
                    out.append(Violation(name, "env \(e) page \(b.vpage) bound to \(m(b.frame)), which nobody owns")); continue
                }
                guard let cap = capabilities.record(b.cap), !cap.revoked else {
                    out.append(Violation(name, "env \(e) page \(b.vpage) binding rests on a revoked or missing capability")); continue
                }
                let fr = frames[b.frame]
                // Byte by byte, not `isPrefix`: the checker does not reuse what it checks.
                let prefixOK = cap.name.count <= fr.aclName.count && (0..<cap.name.count).allSatisfy { fr.aclName[$0] == cap.name[$0] }
                if !prefixOK || b.rights.rawValue & ~(cap.rights.rawValue & fr.aclRights.rawValue) != 0 {
                    out.append(Violation(name, "env \(e) page \(b.vpage) binding to \(m(b.frame)) with \(b.rights) is not authorised by its capability and the frame's ACL"))
                }
            }
            for s in env.stlb.entries {
                if !backed(e, s) { out.append(Violation(name, "env \(e) software-TLB entry for page \(s.vpage) -> \(m(s.frame)) has no binding with its rights")) }
            }
        }
        for (c, tlb) in tlbs.enumerated() {
            for t in tlb.entries where !backed(t.env, t) {
                out.append(Violation(name, "CPU \(c) TLB entry env \(t.env) page \(t.vpage) -> \(m(t.frame)) has no binding with its rights"))
            }
        }
        for f in frames.indices where frames[f].refs != refs[f] {
            out.append(Violation(name, "\(m(f)) counts \(frames[f].refs) bindings but \(refs[f]) exist"))
        }
    }

    private func backed(_ env: Int, _ t: TranslationEntry) -> Bool {
        guard envAlive(env) else { return false }
        return envs[env].bindings.contains { $0.vpage == t.vpage && $0.frame == t.frame && t.rights.rawValue & ~$0.rights.rawValue == 0 }
    }

    private func checkOwnership(_ out: inout [Violation]) {
        // Per frame: how many environments list it, and the first of them.
        withScratch(0, count: 2 * frames.count) { tally in
            checkOwnership(&out, listings: UnsafeMutableBufferPointer(rebasing: tally[..<frames.count]),
                           firstLister: UnsafeMutableBufferPointer(rebasing: tally[frames.count...]))
        }
    }

    private func checkOwnership(_ out: inout [Violation], listings: UnsafeMutableBufferPointer<Int>,
                                firstLister: UnsafeMutableBufferPointer<Int>) {
        let name = "exclusive-ownership"
        for (e, env) in envs.enumerated() where env.status != .free {
            for f in env.owned where f >= 0 && f < frames.count {
                if listings[f] == 0 { firstLister[f] = e }
                listings[f] += 1
            }
        }
        for f in frames.indices {
            if listings[f] > 1 {
                // Each listing, as often as it is listed (only for the message).
                let listedBy = envs.indices.flatMap { e in envs[e].status == .free ? [] : envs[e].owned.filter { $0 == f }.map { _ in e } }
                out.append(Violation(name, "\(m(f)) is listed as owned by envs \(listedBy.map(String.init).joined(separator: ", "))"))
            }
            if case .owned(let e) = frames[f].state {
                if !envAlive(e) {
                    out.append(Violation(name, "\(m(f)) is owned by env \(e), which is not alive"))
                } else if listings[f] != 1 || firstLister[f] != e {
                    out.append(Violation(name, "\(m(f)) is owned by env \(e) in the frame table but not in its list"))
                }
            } else if listings[f] > 0 {
                out.append(Violation(name, "\(m(f)) is listed as owned by env \(firstLister[f]) but the frame table disagrees"))
            }
        }
    }

    private func checkRevocations(now: Tick, _ out: inout [Violation]) {
        for (e, env) in envs.enumerated() where env.isAlive {
            for r in env.revocations {
                if let a = r.abortedAt {
                    if a < r.deadline {
                        out.append(Violation("abort-deadline", "env \(e) \(m(r.frame)) aborted at \(a), before its deadline \(r.deadline)"))
                    } else if a > r.deadline {
                        out.append(Violation("abort-deadline", "env \(e) \(m(r.frame)) aborted at \(a), after its deadline \(r.deadline)"))
                    }
                    if let c = r.compliedAt {
                        out.append(Violation("abort-deadline", "env \(e) relinquished \(m(r.frame)) at \(c) and was still aborted at \(a)"))
                    }
                    if env.bindings.contains(where: { $0.frame == r.frame }) {
                        out.append(Violation("revocation-complete", "env \(e) still holds a binding of aborted \(m(r.frame))"))
                    }
                    if env.stlb.entries.contains(where: { $0.frame == r.frame }) {
                        out.append(Violation("revocation-complete", "env \(e) still has a software-TLB entry for aborted \(m(r.frame))"))
                    }
                    for (c, tlb) in tlbs.enumerated() where tlb.entries.contains(where: { $0.env == e && $0.frame == r.frame }) {
                        out.append(Violation("revocation-complete", "CPU \(c) still has a TLB entry of env \(e) for aborted \(m(r.frame))"))
                    }
                    if !env.repossessed.contains(r.frame) {
                        out.append(Violation("revocation-complete", "env \(e)'s repossession vector does not record aborted \(m(r.frame))"))
                    }
                } else if r.compliedAt == nil && now > r.deadline {
                    out.append(Violation("abort-deadline", "env \(e) \(m(r.frame)) is unanswered at \(now), past its deadline \(r.deadline), and not aborted"))
                }
            }
        }
    }

    private func checkConservation(_ out: inout [Violation]) {
        withScratch(0, count: frames.count) { checkConservation(&out, places: $0) }
    }

    private func checkConservation(_ out: inout [Violation], places: UnsafeMutableBufferPointer<Int>) {
        let name = "frame-conservation"
        var total = 0
        func count(_ list: [Int], _ what: String) {
            for f in list {
                guard f >= 0 && f < frames.count else { out.append(Violation(name, "\(what) names a frame that does not exist")); continue }
                places[f] += 1
                total += 1
            }
        }
        count(freeList, "the free list")
        count(quarantine, "the quarantine")
        for env in envs where env.status != .free { count(env.owned, "an owned list") }
        for f in frames.indices {
            let expected: Bool
            switch frames[f].state {
            case .free: expected = freeList.contains(f)
            case .quarantined: expected = quarantine.contains(f)
            case .owned(let e): expected = e >= 0 && e < envs.count && envs[e].owned.contains(f)
            case .kernel:
                expected = true
                places[f] += 1
                total += 1
            }
            if !expected { out.append(Violation(name, "\(m(f)) is \(frames[f].state) but not in the matching list")) }
            if places[f] != 1 { out.append(Violation(name, "\(m(f)) is in \(places[f]) places")) }
        }
        if total != frames.count {
            out.append(Violation(name, "free + kernel + owned + quarantined = \(total), but the kernel has \(frames.count) frames"))
        }
    }

    private func checkFilters(_ out: inout [Violation]) {
        let name = "filter-safety"
        for (e, env) in envs.enumerated() where env.isAlive {
            if env.filterOverran { out.append(Violation(name, "env \(e)'s filter ran out of fuel")) }
            guard let p = env.filter else { continue }
            if p.isEmpty || p.count > config.maxFilterLength {
                out.append(Violation(name, "env \(e)'s filter has \(p.count) instructions (bound \(config.maxFilterLength))"))
            }
            for (pc, insn) in p.enumerated() {
                switch insn {
                case .load(let w, let off) where off < 0 || off + w > config.maxPacketLength || ![1, 2, 4].contains(w):
                    out.append(Violation(name, "env \(e)'s filter instruction \(pc) loads bytes \(off)..<\(off + w), outside any packet"))
                case .store(let off) where off < 0 || off >= config.handlerMemory:
                    out.append(Violation(name, "env \(e)'s filter instruction \(pc) stores at \(off), outside its \(config.handlerMemory) bytes"))
                default:
                    if case .at(let t)? = insn.target, !(pc < t && t < p.count) {
                        out.append(Violation(name, "env \(e)'s filter instruction \(pc) jumps to \(t), not forward inside the program"))
                    }
                }
            }
            var scratch = handlerMemory
            for (i, pkt) in env.rxQueue.enumerated() {
                let verdict = FilterInterpreter.run(p, packet: pkt, memory: &scratch, base: e * config.handlerMemory, fuel: config.maxFilterLength)
                if verdict != .accept {
                    out.append(Violation("packet-demux", "env \(e) holds packet \(i) (\(pkt.count) bytes) which its filter does not accept (\(verdict))"))
                }
            }
        }
    }

    private func checkCapabilities(_ out: inout [Violation]) {
        let name = "capability-unforgeable"
        for (e, env) in envs.enumerated() where env.isAlive {
            for (slot, s) in env.caps.enumerated() where s >= 0 && capabilities.record(s) == nil {
                out.append(Violation(name, "env \(e) slot \(slot) holds serial \(s), which the kernel never issued"))
            }
        }
        for (i, r) in capabilities.records.enumerated() where r.inUse {
            if r.parent < 0 {
                if r.rootOf < 0 || r.name != [UInt8(truncatingIfNeeded: r.rootOf)] {
                    out.append(Violation(name, "capability \(i) has no parent and is not an environment's root"))
                }
                continue
            }
            guard let p = capabilities.record(r.parent) else {
                out.append(Violation(name, "capability \(i) descends from \(r.parent), which does not exist")); continue
            }
            if !(p.name.count <= r.name.count && (0..<p.name.count).allSatisfy { r.name[$0] == p.name[$0] }) {
                out.append(Violation(name, "capability \(i) name \(r.name) does not extend its parent's \(p.name)"))
            }
            if r.rights.rawValue & ~p.rights.rawValue != 0 {
                out.append(Violation(name, "capability \(i) has rights \(r.rights) beyond its parent's \(p.rights)"))
            }
            if p.revoked && !r.revoked {
                out.append(Violation(name, "capability \(i) is live though its parent \(r.parent) was revoked"))
            }
        }
    }

    private func checkProcesses(_ out: inout [Violation]) {
        let mod = config.ringSize + 1
        let c = config.maxContainers
        for (e, env) in envs.enumerated() where env.isAlive {
            let procs = env.libos.processes
            for (pid, p) in procs.enumerated() where p.alive {
                for (page, pte) in p.pages.enumerated() where pte.isMapped {
                    let v = pid * config.pagesPerProcess + page
                    if !env.repossessed.contains(pte.frame) {
                        let b = env.bindings.first { $0.vpage == v }
                        if b == nil || b!.frame != pte.frame || (pte.writable && !b!.rights.contains(.write)) {
                            out.append(Violation("vm-isolation", "env \(e) process \(pid) page \(page) maps \(m(pte.frame)) without a secure binding for it"))
                        }
                    }
                    let holder = pte.frame < env.libos.holder.count ? env.libos.holder[pte.frame] : -1
                    if holder != pid && !pte.shared {
                        out.append(Violation("vm-isolation", "env \(e) process \(pid) page \(page) maps \(m(pte.frame)), which was given to process \(holder), without a share"))
                    }
                    if pte.shared && holder >= 0 && holder < procs.count && procs[holder].alive {
                        let a = procs[holder].container, b = p.container
                        if a != b && !env.libos.grants[a * c + b] {
                            out.append(Violation("container-isolation", "env \(e) process \(pid) (container \(b)) shares \(m(pte.frame)) of process \(holder) (container \(a)) without a grant"))
                        }
                    }
                }
                // Messages from each sender, in ring order, must carry consecutive sequence numbers.
                let P = config.maxProcesses
                let me = e * P + pid
                var expected = p.recvSeq
                var queued = Array(repeating: 0, count: expected.count)
                for msg in p.ring {
                    let g = msg.fromEnv * P + msg.from
                    guard msg.fromEnv >= 0, msg.fromEnv < envs.count, msg.from >= 0, msg.from < P, g < expected.count else {
                        out.append(Violation("ipc-integrity", "env \(e) process \(pid) holds a message from nonexistent process \(msg.fromEnv).\(msg.from)")); continue
                    }
                    let want = (expected[g] + 1) % mod
                    if msg.seq != want {
                        out.append(Violation("ipc-integrity", "env \(e) process \(pid) has message #\(msg.seq) from \(msg.fromEnv).\(msg.from) where #\(want) is due (duplicate, lost or reordered)"))
                    }
                    expected[g] = msg.seq
                    queued[g] += 1
                    if msg.fromEnv == e {
                        let sc = procs[msg.from].container
                        if procs[msg.from].alive && sc != p.container && !env.libos.grants[sc * c + p.container] {
                            out.append(Violation("container-isolation", "env \(e) process \(pid) (container \(p.container)) holds a message from process \(msg.from) (container \(sc)) without a grant"))
                        }
                    }
                }
                for (se, senv) in envs.enumerated() where senv.isAlive {
                    for (s, sp) in senv.libos.processes.enumerated() where sp.alive && me < sp.sendSeq.count {
                        let g = se * P + s
                        let inFlight = ((sp.sendSeq[me] - p.recvSeq[g] - 1) % mod + mod) % mod
                        if inFlight != queued[g] {
                            out.append(Violation("ipc-integrity", "process \(se).\(s) sent \(inFlight) message(s) to \(e).\(pid) not yet received, but \(queued[g]) are queued"))
                        }
                    }
                }
            }
        }
    }

    private func checkGuaranteed(_ out: inout [Violation]) {
        let name = "guaranteed-frames-kept"
        for (e, env) in envs.enumerated() where env.isAlive {
            if env.guaranteed.count > config.guaranteedFrames {
                out.append(Violation(name, "env \(e) has \(env.guaranteed.count) guaranteed frames (bound \(config.guaranteedFrames))"))
            }
            for f in env.guaranteed where !(f >= 0 && f < frames.count && frames[f].state == .owned(e)) {
                out.append(Violation(name, "env \(e)'s guaranteed \(m(f)) is no longer its own"))
            }
            for r in env.revocations where r.isPending && env.guaranteed.contains(r.frame) {
                out.append(Violation(name, "env \(e) was asked to relinquish guaranteed \(m(r.frame))"))
            }
        }
    }

    private func checkQuarantine(_ out: inout [Violation]) {
        let name = "quarantine-held"
        for f in frames.indices {
            let fr = frames[f]
            switch fr.state {
            case .free, .kernel:
                if fr.foreign > 0 { out.append(Violation(name, "\(m(f)) is \(fr.state) while another domain maps it \(fr.foreign) time(s)")) }
            case .quarantined:
                if fr.foreign == 0 { out.append(Violation(name, "\(m(f)) stays quarantined with no foreign mapping left")) }
                if fr.refs > 0 { out.append(Violation(name, "quarantined \(m(f)) is bound")) }
                if freeList.contains(f) { out.append(Violation(name, "quarantined \(m(f)) is on the free list")) }
            case .owned:
                break
            }
        }
        for (e, env) in envs.enumerated() where env.isAlive {
            for s in env.stlb.entries where s.frame >= 0 && s.frame < frames.count && frames[s.frame].state == .quarantined {
                out.append(Violation(name, "env \(e) caches a translation to quarantined \(m(s.frame))"))
            }
        }
    }

    private func checkCPUs(now: Tick, _ out: inout [Violation]) {
        let name = "cpu-quantum-bounded"
        for (c, cpu) in cpus.enumerated() where cpu.running >= 0 {
            if !cpu.epiloguePosted && now > cpu.quantumEnd {
                out.append(Violation(name, "CPU \(c) runs env \(cpu.running) at \(now), past its quantum end \(cpu.quantumEnd), without the upcall"))
            }
            if cpu.epiloguePosted && now > cpu.graceEnd {
                out.append(Violation(name, "CPU \(c) still runs env \(cpu.running) at \(now), past its grace period (\(cpu.graceEnd))"))
            }
            if !envAlive(cpu.running) {
                out.append(Violation(name, "CPU \(c) runs env \(cpu.running), which is not alive"))
            }
        }
    }
}
