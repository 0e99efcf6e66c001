import Testing

@testable import YolosetCore

/// Every rule has its own help text, in the shape SARIF's fullDescription and help carry, and a name.
@Suite struct RuleDocumentationTests {
    static let ruleIDs = Rule.known.map(\.id)

    @Test func everyKnownRuleHasATableEntry() {
        let missing = Rule.known.filter { RuleDocumentation.table[$0.id] == nil }.map(\.id)
        #expect(missing == [])
        // Entries of rules not (or no longer) known are allowed; each is at least a rule id with its family.
        for (id, documentation) in RuleDocumentation.table {
            let parts = id.split(separator: ".").map(String.init)
            #expect(parts.count == 2, "\(id)")
            #expect(Array(documentation.tags.prefix(3)) == ["yoloset", "data-quality", parts[0]], "\(id)")
        }
        for rule in Rule.known {
            #expect(rule.documentation == RuleDocumentation.table[rule.id])
            #expect(rule.documentation != RuleDocumentation.fallback(for: rule))
        }
    }

    @Test(arguments: ruleIDs)
    func textsAreSentencesInPlainASCII(id: String) throws {
        let documentation = try #require(Rule.named(id)).documentation
        for (field, text) in [
            ("checks", documentation.checks), ("why", documentation.why), ("fix", documentation.fix),
        ] {
            #expect(!text.isEmpty, "\(id) \(field)")
            #expect(text.hasSuffix("."), "\(id) \(field) does not end with a period")
            #expect(text.first?.isUppercase == true || text.first == "`", "\(id) \(field) starts in lower case")
            #expect(text.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 }, "\(id) \(field)")
            #expect(!text.contains("  "), "\(id) \(field) has a double space")
            #expect(text.filter { $0 == "`" }.count % 2 == 0, "\(id) \(field) has an unpaired backtick")
        }
    }

    @Test(arguments: ruleIDs)
    func tagsAreYolosetDataQualityTheFamilyAndAtMostTwoMore(id: String) throws {
        let tags = try #require(Rule.named(id)).documentation.tags
        let family = String(id.split(separator: ".")[0])
        #expect(Array(tags.prefix(3)) == ["yoloset", "data-quality", family])
        let extra = tags.dropFirst(3)
        #expect(extra.count <= 2)
        #expect(Set(extra).isSubset(of: RuleDocumentation.extraTags))
        #expect(Set(tags).count == tags.count)
        #expect(tags.allSatisfy { $0 == $0.lowercased() })
    }

    @Test func noTwoRulesShareTheirChecksText() {
        let byText = Dictionary(grouping: Rule.known, by: { $0.documentation.checks })
        #expect(byText.values.filter { $0.count > 1 }.map { $0.map(\.id) } == [])
    }

    @Test func thresholdsAndConfigKeysAreTheConfigs() {
        let defaults = ValidationConfig()
        #expect(defaults.tinyMinSidePixels == 2)
        #expect(Rule.boxTiny.documentation.checks.contains("`min_side_pixels` (default 2)"))
        #expect(defaults.boxTolerancePixels == 1)
        #expect(Rule.boxOutOfBounds.documentation.checks.contains("`tolerance_pixels` (default 1)"))
        #expect(defaults.labelTolerancePixels == 1)
        #expect(Rule.labelOutOfBounds.documentation.checks.contains("`tolerance_pixels` (default 1)"))
        #expect(defaults.geometryTolerancePixels == 1)
        #expect(Rule.geometryInvalid.documentation.checks.contains("`tolerance_pixels` (default 1)"))
        #expect(Rule.imageTooLarge.documentation.checks.contains("`images.max_pixels` (default \(defaults.maxPixels)"))
        #expect(Rule.imageTooLarge.documentation.checks.contains("(default \(defaults.maxMemory >> 20))"))
        #expect(Rule.imageLoaderRefuses.documentation.checks.contains("\(PillowLimits.decompressionBombPixels) pixels"))
        #expect(Rule.imageLoaderRefuses.documentation.checks.contains("under \(PillowLimits.minimumSide) pixels"))
    }

    /// Every `rules: {...}` example in a fix parses as a config, so the help never shows a setting
    /// `--config` refuses.
    @Test(arguments: ruleIDs)
    func configExamplesInFixesParse(id: String) throws {
        let fix = try #require(Rule.named(id)).documentation.fix
        for example in fix.split(separator: "`").enumerated().filter({ $0.offset % 2 == 1 }).map(\.element)
        where example.hasPrefix("rules:") || example.hasPrefix("images:") {
            #expect(throws: Never.self, "\(id): \(example)") {
                _ = try ValidationConfig.parse(yaml: String(example), file: "help")
            }
        }
    }

    @Test func aRuleWithoutAnEntryFallsBackToItsSummary() {
        let rule = Rule(id: "made.up-rule", defaultSeverity: .warning, summary: "Something odd is there.")
        let documentation = rule.documentation
        #expect(documentation == RuleDocumentation.fallback(for: rule))
        #expect(documentation.checks == rule.summary)
        #expect(documentation.why.hasSuffix(".") && documentation.fix.hasSuffix("."))
        #expect(documentation.tags == ["yoloset", "data-quality", "made"])
    }

    @Test func namesAreTheIdsInUpperCamelCaseAndUnique() {
        #expect(Rule.boxOutOfRange.name == "BoxOutOfRange")
        #expect(Rule.imageLoaderRefuses.name == "ImageLoaderRefuses")
        #expect(Rule.datasetSplitMissing.name == "DatasetSplitMissing")
        #expect(Rule.labelNotANumber.name == "LabelNotANumber")
        let names = Rule.known.map(\.name)
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(name.first?.isUppercase == true)
            #expect(name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }, "\(name)")
        }
    }
}
