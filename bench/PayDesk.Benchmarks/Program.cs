// PayDesk code-path benchmarks.
//   dotnet run -c Release --project bench/PayDesk.Benchmarks -- calendar     BenchmarkDotNet: due-time arithmetic
//   dotnet run -c Release --project bench/PayDesk.Benchmarks -- evaluator [n] time to find due clocks among n open ones (SQLite)
//   dotnet run -c Release --project bench/PayDesk.Benchmarks -- routing      BenchmarkDotNet: routing one contact among 500 agents
using BenchmarkDotNet.Running;
using PayDesk.Benchmarks;

return args.FirstOrDefault() switch
{
    "calendar" => RunCalendar(args[1..]),
    "routing" => RunRouting(args[1..]),
    "evaluator" => await EvaluatorBenchmark.RunAsync(args.Length > 1 && int.TryParse(args[1], out var n) ? n : 1_000_000),
    _ => Usage(),
};

static int RunCalendar(string[] rest)
{
    BenchmarkRunner.Run<CalendarBenchmarks>(args: rest);
    return 0;
}

static int RunRouting(string[] rest)
{
    BenchmarkRunner.Run<RoutingBenchmarks>(args: rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: calendar|routing [BenchmarkDotNet options] | evaluator [open clocks, default 1000000]");
    return 2;
}
