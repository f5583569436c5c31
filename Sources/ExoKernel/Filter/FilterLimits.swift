import ExoCore

/// The bounds a downloaded program is verified against.
public struct FilterLimits: Equatable, Codable, Sendable {
    public var maxLength: Int
    public var maxPacketLength: Int
    public var memorySize: Int

    public init(maxLength: Int, maxPacketLength: Int, memorySize: Int) {
        self.maxLength = maxLength; self.maxPacketLength = maxPacketLength; self.memorySize = memorySize
    }
}
