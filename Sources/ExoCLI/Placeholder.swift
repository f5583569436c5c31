public enum ExoCheckMain {
    public static func main() { print("exocheck: under construction") }
}
