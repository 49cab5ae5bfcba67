using BenchmarkDotNet.Running;

namespace Gateway.Bench.Micro;

/// <summary>BenchmarkDotNet's switcher: pick benchmarks and jobs on the command line (deploy/loadtest/micro.sh).</summary>
internal static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
