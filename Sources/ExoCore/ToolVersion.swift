/// The tool's version, written into every trace header. Bumped whenever the
/// model's semantics change what a trace replays to (0.2.0: actors rest past
/// their jumps, so traces of 0.1.0 diverge at the first such step).
public enum ToolVersion {
    public static let string = "0.2.0"
}
