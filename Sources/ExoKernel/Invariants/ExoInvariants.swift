import ExoCore

extension Exokernel {
    /// The exokernel and library-OS invariants (see docs/invariants/exokernel.md).
    public static let invariants: [InvariantInfo] = [
        InvariantInfo(name: "binding-soundness", summary: "every TLB and software-TLB entry is backed by a live secure binding with at least its rights, and every binding by a valid capability passing the frame's ACL", layer: "exokernel"),
        InvariantInfo(name: "exclusive-ownership", summary: "a frame has at most one owner and the owner's list agrees with the frame table", layer: "exokernel"),
        InvariantInfo(name: "revocation-complete", summary: "after an abort the old owner holds no binding, software-TLB or TLB entry for the frame, and its repossession vector records it", layer: "exokernel"),
        InvariantInfo(name: "abort-deadline", summary: "an unanswered revocation is aborted at its deadline, never before; a library OS that complied is never aborted", layer: "exokernel"),
        InvariantInfo(name: "frame-conservation", summary: "free + kernel + owned + quarantined = all the kernel's frames, each in exactly one place", layer: "exokernel"),
        InvariantInfo(name: "filter-safety", summary: "installed downloaded code is short, jumps only forward, loads inside the largest packet, stores inside its own memory, and never runs out of fuel", layer: "exokernel"),
        InvariantInfo(name: "capability-unforgeable", summary: "every held capability exists in the kernel's table and descends from a root by derivations that only extend the name and narrow the rights", layer: "exokernel"),
        InvariantInfo(name: "vm-isolation", summary: "a process's page table maps only frames bound for that page (or repossessed and awaiting the handler), given to that process or shared explicitly", layer: "libos"),
        InvariantInfo(name: "ipc-integrity", summary: "messages between two processes are queued once each, in sending order, to their addressee", layer: "libos"),
        InvariantInfo(name: "container-isolation", summary: "no message or shared frame crosses a container boundary without a grant", layer: "libos"),
        InvariantInfo(name: "guaranteed-frames-kept", summary: "the guaranteed set stays owned by its environment and is never asked for", layer: "exokernel"),
        InvariantInfo(name: "quarantine-held", summary: "a frame another domain still maps is never free, allocated or bound; a quarantined frame is released when the last foreign mapping goes", layer: "exokernel"),
        InvariantInfo(name: "packet-demux", summary: "a queued packet is one its environment's filter accepts", layer: "exokernel"),
        InvariantInfo(name: "cpu-quantum-bounded", summary: "no environment keeps a CPU past its quantum without the upcall, nor past the grace period after it", layer: "exokernel"),
    ]
}
