/// The tool's version, written into every trace header. Bumped whenever the
/// model's semantics change what a trace replays to (0.2.0: actors rest past
/// their jumps, so traces of 0.1.0 diverge at the first such step; 0.3.0:
/// the hypervisor encodes as its tables' bytes, so every fingerprint a
/// 0.2.0 trace holds differs).
public enum ToolVersion {
    public static let string = "0.3.0"
}
