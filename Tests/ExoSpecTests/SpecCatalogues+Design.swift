@testable import ExoSpec

extension SpecCatalogues {
    /// The invariant and mutant names of the design's catalogue, for tests
    /// that must not depend on how far the layers have got.
    static let design = SpecCatalogues(
        invariants: ["binding-soundness", "exclusive-ownership", "revocation-complete", "abort-deadline",
                     "frame-conservation", "filter-safety", "grant-authorized", "grant-readonly",
                     "no-reuse-while-mapped", "maptrack-consistency", "evtchn-isolation", "sealed-image",
                     "vm-isolation", "ipc-integrity"],
        mutants: ["end-access-while-mapped", "stlb-kept-after-abort", "verifier-allows-backward-jump"])
}
