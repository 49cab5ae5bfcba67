namespace Gateway.Bench.Baselines;

internal static class Program
{
    public static int Main() => 0;
}
