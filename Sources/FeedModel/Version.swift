/// The program's name and version, as `--version` and the HTTP `User-Agent` give them.
public enum FeedsiftVersion {
    public static let number = "0.1.0"
    public static let userAgent = "feedsift/\(number) (+https://github.com/feedsift/feedsift)"
}
