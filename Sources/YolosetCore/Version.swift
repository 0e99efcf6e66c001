/// yoloset's own version, as reports and `--version` show it.
public enum YolosetVersion {
    public static let current = "0.1.0"
}
