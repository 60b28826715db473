/// srooter's own version, printed by `srooter --version` and written into releases and SBOMs.
public enum SrooterVersion {
    /// The version of this build.
    public static let current = "0.1.0"
}
