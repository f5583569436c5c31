/// The tool's version, written into every trace header.
public enum ToolVersion {
    public static let string = "0.1.0"
}
