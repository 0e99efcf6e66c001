/// "1 image", "3 images", "2 batches": a count with its noun, singular for exactly one. Every text
/// output counts with it, so no line says "1 errors".
func plural(_ count: Int, _ one: String, _ many: String? = nil) -> String {
    "\(count) \(count == 1 ? one : many ?? one + "s")"
}
