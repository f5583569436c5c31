import XCTest
import ExoCore
@testable import ExoKernel

/// `CapName` holds a capability's name inline. What must hold: the prefix
/// relation of byte strings, the canonical bytes and the coded form of the
/// `[UInt8]` it replaced, and a clear refusal of names it cannot hold.
final class CapNameTests: XCTestCase {
    private let samples: [[UInt8]] = [[], [0], [1], [1, 0], [1, 2], [1, 2, 3], [0, 0, 0], [255], [1, 2, 3, 4, 5, 6, 7, 8],
                                      [1, 2, 3, 4, 5, 6, 7, 9], [1, 2, 3, 4, 5, 6, 7]]

    func testPrefixIsTheByteStringRelation() {
        for a in samples {
            for b in samples {
                let expected = a.count <= b.count && Array(b.prefix(a.count)) == a
                XCTAssertEqual(CapName(a).isPrefix(of: CapName(b)), expected, "\(a) prefix of \(b)")
                XCTAssertEqual(CapName(a) == CapName(b), a == b, "\(a) == \(b)")
            }
        }
    }

    func testAppendingAndBytes() {
        XCTAssertEqual(CapName([1, 2]).appending([3, 0]).bytes, [1, 2, 3, 0])
        XCTAssertEqual(CapName([]).appending([]).bytes, [])
        XCTAssertEqual(CapName([1, 2, 3, 4]).appending([5, 6, 7, 8]), CapName([1, 2, 3, 4, 5, 6, 7, 8]))
        XCTAssertEqual(CapName([9, 8, 7])[1], 8)
        XCTAssertEqual(CapName([4, 2]).description, "[4, 2]")
    }

    func testEncodingAndCodedFormAreAByteArrays() throws {
        for a in samples {
            var viaName = CanonicalEncoder(), viaArray = CanonicalEncoder()
            CapName(a).encode(into: &viaName)
            viaArray.array(a)
            XCTAssertEqual(viaName.bytes, viaArray.bytes, "\(a)")
            let json = try JSONEncoder().encode(CapName(a))
            XCTAssertEqual(json, try JSONEncoder().encode(a))
            XCTAssertEqual(try JSONDecoder().decode(CapName.self, from: json), CapName(a))
        }
    }

    func testANameTooLongIsADecodingErrorAndAConfigurationProblem() {
        XCTAssertThrowsError(try JSONDecoder().decode(CapName.self, from: Data("[1,2,3,4,5,6,7,8,9]".utf8))) { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(context.debugDescription.contains("9 bytes"), context.debugDescription)
        }
        var config = ExoConfig()
        config.maxNameLength = CapName.capacity
        XCTAssertEqual(config.problems, [])
        config.maxNameLength = CapName.capacity + 1
        XCTAssertEqual(config.problems, ["maxNameLength must be at most 8 (names are held inline), not 9"])
    }

    /// What the change is for: the records that carry a name hold no
    /// references, so copying them or the tables of them retains nothing.
    func testRecordsWithNamesHoldNoReferences() {
        XCTAssertTrue(_isPOD(CapName.self))
        XCTAssertTrue(_isPOD(CapabilityRecord.self))
        XCTAssertTrue(_isPOD(FrameRecord.self))
    }
}
