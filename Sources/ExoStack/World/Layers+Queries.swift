import ExoCore
import ExoKernel
import ExoXen

/// What `any` ranges over and what `wait` waits for, read from the layers.
extension Layers {
    /// Appends the elements of a set (each `SetKind.elementArity` values),
    /// in ascending order. The qualifiers are read in place (the
    /// explorer's hot path: no allocation beyond `out` growing, and two
    /// words to pass).
    func enumerate(_ kind: SetKind, _ q: UnsafeBufferPointer<Int32>, by principal: Principal, into out: inout ValueSink) {
        let n = q.count
        func dom(_ i: Int) -> DomID? { i < n ? domainID(q[i]) : nil }
        switch kind {
        case .frameFree:
            hv.forEachFreeFrame { out.append(Int32($0)) }
        case .frameOwnedBy:
            guard let d = dom(0) else { return }
            hv.forEachFrame(ownedBy: d) { out.append(Int32($0)) }
        case .frameOfEnv, .envAll, .processOf, .vpageOf, .revocationOf, .slotOf:
            enumerateExokernel(kind, q, into: &out)
        case .domainAll:
            hv.forEachLiveDomain { out.append(Int32($0)) }
        case .domainOtherThan:
            guard let x = dom(0) else { return }
            hv.forEachLiveDomain { d in if d != x { out.append(Int32(d)) } }
        case .grantOf:
            guard let d = dom(0) else { return }
            hv.forEachGrantRefInUse(d) { out.append(Int32($0)) }
        case .grantOfferedTo:
            guard let d = dom(0) else { return }
            hv.forEachGrantOffered(to: d) { g, r in out.append(Int32(g)); out.append(Int32(r)) }
        case .mappingOf:
            guard let d = dom(0) else { return }
            hv.forEachLiveHandle(d) { out.append(Int32($0)) }
        case .portOf:
            guard let d = dom(0) else { return }
            for p in (hv.unboundPorts(d) + hv.boundPorts(d)).sorted() { out.append(Int32(p)) }
        case .rights:
            out.append(0); out.append(1)
        case .mapKind:
            out.append(1); out.append(2); out.append(3)
        case .intRange:
            // The elaborator refuses a range of more than `intRangeLimit`
            // values, so none is cut here.
            guard n == 2, q[0] <= q[1] else { return }
            precondition(Int(q[1]) - Int(q[0]) < SetKind.intRangeLimit, "a range longer than the spec language allows")
            for v in q[0]...q[1] { out.append(v) }
        case .packetAll:
            for i in 0..<packetCount { out.append(Int32(i)) }
        }
    }

    /// `enumerate` for the sets the exokernel answers, read where the
    /// kernel lies in the cell (`Exokernel.visitOwnedFrames(at:_:_:)` and
    /// the like): a method called on `exokernel` copies the whole kernel
    /// first, retaining every array and box in it, and makes an array of
    /// its answer. Each set comes out as the array queries give it
    /// (ascending).
    private func enumerateExokernel(_ kind: SetKind, _ q: UnsafeBufferPointer<Int32>, into out: inout ValueSink) {
        guard exoDomain != nil else { return }
        withExokernel { k in
            if case .envAll = kind {
                for e in 0..<k.pointee.envs.count where Exokernel.envAlive(at: k, e) { out.append(Int32(e)) }
                return
            }
            guard q.count > 0, Exokernel.envAlive(at: k, Int(q[0])) else { return }
            let e = Int(q[0])
            let start = out.count
            switch kind {
            case .frameOfEnv:
                Exokernel.visitOwnedFrames(at: k, e) { out.append(Int32($0)) }
                out.sortTail(from: start)
            case .processOf:
                Exokernel.visitProcesses(at: k, e) { out.append(Int32($0)) }
            case .vpageOf:
                Exokernel.visitBoundPages(at: k, e) { out.append(Int32($0)) }
                out.sortTail(from: start)
            case .revocationOf:
                Exokernel.visitPendingRevocations(at: k, e) { out.append(Int32($0)) }
                out.sortTail(from: start)
            case .slotOf:
                Exokernel.visitCapabilitySlots(at: k, e) { out.append(Int32($0)) }
            default:
                preconditionFailure("set \(kind) is not the exokernel's")
            }
        }
    }

    /// Whether a `wait` condition holds for the caller.
    public func holds(_ op: Op, by principal: Principal, _ a: Operands, now: Tick) -> Bool {
        switch (op, principal) {
        case (.mapped, .domain(let d)):
            guard let dom = domainID(d), let ref = Layers.u32(a[0]), let e = hv.grantEntry(dom, ref) else { return false }
            return e.flags.contains(.reading) || e.flags.contains(.writing)
        case (.pending, .domain(let d)):
            guard let dom = domainID(d), let p = Layers.u32(a[0]) else { return false }
            return hv.port(dom, p)?.pending ?? false
        case (.revoked, .env(_, let e)):
            guard exoDomain != nil, let f = Layers.u32(a[0]) else { return false }
            return exokernel.pendingRevocations(Int(e)).contains(f)
        default:
            return false
        }
    }
}
