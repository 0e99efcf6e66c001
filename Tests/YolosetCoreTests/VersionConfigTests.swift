import Testing

@testable import YolosetCore

/// A version config's `classes` section names only classes the project has.
@Suite struct VersionConfigTests {
    static let classes = ["person", "car", "dog"]

    @Test(arguments: [
        ("classes: {rename: {persn: human}}", "classes.rename.persn: no class 'persn' in the project"),
        ("classes: {drop: [dgo]}", "classes.drop: no class 'dgo' in the project"),
        ("classes: {merge: {truck: car}}", "classes.merge.truck: no class 'truck' in the project"),
        ("classes: {merge: {car: vehicle}}", "classes.merge.car: merges into 'vehicle', which is no class"),
    ])
    func aClassTheProjectDoesNotHaveIsAnErrorNamingTheKnownOnes(yaml: String, problem: String) throws {
        let config = try VersionConfig.parse(yaml: yaml, file: "v.yaml")
        let error = #expect(throws: ConfigError.self) { try config.checkClasses(Self.classes) }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("Unable to use config 'v.yaml': \(problem)"), "\(text)")
        #expect(text.contains("person, car, dog"), "\(text)")
    }

    @Test func knownClassesAndAMergeIntoARenamedClassPass() throws {
        let config = try VersionConfig.parse(
            yaml: "classes: {rename: {car: vehicle}, merge: {dog: vehicle}, drop: [person]}", file: "v.yaml")
        try config.checkClasses(Self.classes)
    }
}
