import ExoCore

/// A unikernel image: one application linked with only the modules it
/// reaches through the dependency graph (unreached code is not compiled in),
/// with the sizes the boot layout needs.
public struct UnikernelImage: Equatable, Codable, Sendable, CanonicalEncodable {
    /// Why an image could not be built.
    public enum BuildError: Error, Equatable, Sendable {
        /// The application index names no module.
        case noSuchApplication(Int)
        /// A reachable module depends on an index that names no module.
        case danglingDependency
        /// The image would be larger than the limit, in pages.
        case tooLarge(UInt64)
    }

    /// The application's module index.
    public let application: Int
    /// The included module indices, ascending.
    public let included: [Int]
    /// The included module names, in the same order.
    public let includedNames: [String]
    public let textPages: UInt32
    public let dataPages: UInt32

    /// The image size in pages (text plus data).
    public var sizePages: UInt32 { textPages + dataPages }

    /// Builds the image of `application` from `graph`; images larger than
    /// `maxPages` are refused.
    public static func build(application: Int, graph: ModuleGraph,
                             maxPages: UInt32 = 1 << 16) -> Result<UnikernelImage, BuildError> {
        guard application >= 0 && application < graph.modules.count else {
            return .failure(.noSuchApplication(application))
        }
        guard let included = graph.reachable(from: application) else { return .failure(.danglingDependency) }
        var text: UInt64 = 0, data: UInt64 = 0
        for m in included {
            text += UInt64(graph.modules[m].textPages)
            data += UInt64(graph.modules[m].dataPages)
        }
        guard text + data <= UInt64(maxPages) else { return .failure(.tooLarge(text + data)) }
        return .success(UnikernelImage(application: application, included: included,
                                       includedNames: included.map { graph.modules[$0].name },
                                       textPages: UInt32(text), dataPages: UInt32(data)))
    }

    private init(application: Int, included: [Int], includedNames: [String], textPages: UInt32, dataPages: UInt32) {
        self.application = application
        self.included = included
        self.includedNames = includedNames
        self.textPages = textPages
        self.dataPages = dataPages
    }

    public func encode(into e: inout CanonicalEncoder) {
        e.int(application); e.array(included); e.u32(textPages); e.u32(dataPages)
    }
}
