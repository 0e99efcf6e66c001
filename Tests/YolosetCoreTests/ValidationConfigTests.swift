import Testing
import YolosetCore

/// The YAML config: what it changes, and that a typo is an error, never a silently ignored key.
@Suite struct ValidationConfigTests {
    @Test func readsSeveritiesThresholdsAndLimits() throws {
        let config = try ValidationConfig.parse(
            yaml: """
                rules:
                  box.tiny: { severity: error, min_side_pixels: 3.5 }
                  box.out-of-bounds:
                    tolerance_pixels: 4
                  geometry.invalid: { tolerance_pixels: 0 }
                  image.orientation: off
                images:
                  max_pixels: 50_000_000
                  max_memory_mb: 64
                """, file: "v.yaml")
        #expect(config.severity(of: .boxTiny) == .error)
        #expect(config.severity(of: .imageOrientation) == nil)
        #expect(config.severity(of: .splitLeak) == .error)
        #expect(config.tinyMinSidePixels == 3.5)
        #expect(config.boxTolerancePixels == 4)
        #expect(config.geometryTolerancePixels == 0)
        #expect(config.maxPixels == 50_000_000)
        #expect(config.maxMemory == 64 << 20)
        #expect(ValidationConfig().maxMemory == 256 << 20)
    }

    @Test func emptyFileMeansDefaults() throws {
        #expect(try ValidationConfig.parse(yaml: "", file: "v.yaml") == ValidationConfig())
    }

    @Test(arguments: [
        ("rules:\n  box.tiny: { min_side: 3 }\n", "rules.box.tiny.min_side: unknown key"),
        ("rules:\n  box.tiniest: warning\n", "rules.box.tiniest: unknown key"),
        ("rule:\n  box.tiny: warning\n", "rule: unknown key"),
        ("rules:\n  box.tiny: fatal\n", "rules.box.tiny: expected error, warning, info or off"),
        ("rules:\n  box.tiny: { min_side_pixels: -1 }\n", "rules.box.tiny.min_side_pixels: expected a number ≥ 0"),
        ("images:\n  max_pixels: lots\n", "images.max_pixels: expected a number"),
        ("images:\n  max_memory_mb: 8\n", "images.max_memory_mb: must be a number of MiB from 16 to 1048576"),
        ("rules:\n  image.too-small: off\n", "rules.image.too-small: this rule is now part of image.loader-refuses"),
        ("rules: [1, 2]\n", "rules: expected a mapping"),
        ("rules: {\n", "not valid YAML"),
    ])
    func mistakesNameTheKey(yaml: String, expected: String) {
        let error = #expect(throws: ConfigError.self) { try ValidationConfig.parse(yaml: yaml, file: "v.yaml") }
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
        #expect(error?.description.contains("'v.yaml'") == true)
    }
}
