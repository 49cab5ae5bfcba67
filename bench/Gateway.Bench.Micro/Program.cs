namespace Gateway.Bench.Micro;

internal static class Program
{
    public static int Main() => 0;
}
