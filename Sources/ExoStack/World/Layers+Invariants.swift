import ExoCore
import ExoKernel
import ExoXen

/// The invariant and mutant catalogues of the composed stack, and the checks
/// that only the composition can make (no single layer sees both sides).
extension Layers {
    /// Every invariant, each name once, hypervisor first, the world's own
    /// (no-deadlock) last.
    public static var invariants: [InvariantInfo] {
        var out: [InvariantInfo] = []
        for i in Hypervisor.invariants + Exokernel.invariants where !out.contains(where: { $0.name == i.name }) {
            out.append(i)
        }
        out.append(SystemModel.noDeadlock)
        return out
    }

    public static var mutants: [MutantInfo] {
        XenMutants.catalogue.map(\.1) + ExoMutants.catalogue.map(\.1) + WorldMutants.catalogue.map(\.1)
    }

    public func check(now: Tick, into out: inout [Violation]) {
        hv.checkInvariants(into: &out)
        for u in unikernels { u?.checkInvariants(hv, into: &out) }
        for v in vchans { v.checkInvariants(hv, into: &out) }
        if exoDomain != nil {
            withExokernel { k in
                // A method: this call still copies the exokernel.
                k.pointee.checkInvariants(now: now, into: &out)
                checkComposition(k, into: &out)
            }
        }
    }

    /// frame-conservation across the layers: the exokernel's frames are
    /// exactly the frames the hypervisor says its domain holds.
    /// revocation-complete across the layers: a frame the exokernel took
    /// back has no grant entry left that a remote domain could still map.
    /// no-reuse-while-mapped across the layers: a frame another domain maps
    /// is never on the exokernel's free list. `k`: the exokernel where it
    /// lies (`withExokernel`).
    func checkComposition(_ k: UnsafePointer<Exokernel>, into out: inout [Violation]) {
        guard let xd = exoDomain else { return }
        for i in k.pointee.frames.indices {
            let m = k.pointee.frames[i].machine
            let owner = hv.owner(ofFrame: m)
            if owner != xd {
                out.append(Violation("frame-conservation",
                                     "exokernel frame \(m) is not held by its domain in the hypervisor (owner \(owner.map(String.init) ?? "none"))"))
            }
            if k.pointee.frames[i].state == .free && hv.mappingCount(of: m) > 0 {
                out.append(Violation("no-reuse-while-mapped",
                                     "frame \(m) is free in the exokernel while another domain maps it (\(hv.mappingCount(of: m)) mappings)"))
            }
        }
        // Page list and grant refs read in place: this runs on every new
        // state of a composed spec.
        hv.forEachFrame(ownedBy: xd) { m in
            if k.pointee.frameIndex(m) == nil {
                out.append(Violation("frame-conservation", "frame \(m) of the exokernel's domain is unknown to the exokernel"))
            }
        }
        hv.forEachGrantRefInUse(xd) { ref in
            guard let entry = hv.grantEntry(xd, ref), entry.flags.isPermitAccess,
                  let i = k.pointee.frameIndex(entry.frame) else { return }
            if case .owned = k.pointee.frames[i].state { return }
            let busy = entry.flags.contains(.reading) || entry.flags.contains(.writing)
            if !busy {
                out.append(Violation("revocation-complete",
                                     "frame \(entry.frame) was taken back by the exokernel but grant ref \(ref) still lets domain \(entry.domid) map it"))
            }
        }
    }
}
