import XCTest
@testable import ExoXen
import ExoCore
