// PayDesk code-path benchmarks.
//   dotnet run -c Release --project bench/PayDesk.Benchmarks -- calendar     BenchmarkDotNet: due-time arithmetic
//   dotnet run -c Release --project bench/PayDesk.Benchmarks -- evaluator [n] time to find due clocks among n open ones (SQLite)
//   dotnet run -c Release --project bench/PayDesk.Benchmarks -- routing      BenchmarkDotNet: routing one contact among 500 agents
//   dotnet run -c Release --project bench/PayDesk.Benchmarks -- inbox [n]   the inbox's first page over n complaints (SQLite)
//   dotnet run -c Release --project bench/PayDesk.Benchmarks -- search [n] [postgres connection string]
//                                                                            search latency over the articles and n complaints
//   dotnet run -c Release --project bench/PayDesk.Benchmarks -- reports [n] <postgres connection string>
//                                                                            every analytics report over n complaints (PostgreSQL)
//   dotnet run -c Release --project bench/PayDesk.Benchmarks -- autoreview [n]
//                                                                            automatic review throughput: rules alone, and the job on SQLite
using BenchmarkDotNet.Running;
using PayDesk.Benchmarks;

return args.FirstOrDefault() switch
{
    "calendar" => RunCalendar(args[1..]),
    "routing" => RunRouting(args[1..]),
    "inbox" => await InboxBenchmark.RunAsync(args.Length > 1 && int.TryParse(args[1], out var ib) ? ib : 100_000),
    "search" => await SearchBenchmark.RunAsync(args.Length > 1 && int.TryParse(args[1], out var t) ? t : 100_000, args.Length > 2 ? args[2] : null),
    "reports" when args.Length > 2 => await ReportsBenchmark.RunAsync(int.TryParse(args[1], out var r) ? r : 1_000_000, args[2]),
    "autoreview" => await AutomaticReviewBenchmark.RunAsync(args.Length > 1 && int.TryParse(args[1], out var ar) ? ar : 100_000),
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
    Console.Error.WriteLine("usage: calendar|routing [BenchmarkDotNet options] | evaluator [open clocks, default 1000000] | search [complaints, default 100000] [postgres] | reports [complaints, default 1000000] <postgres> | autoreview [complaints, default 100000]");
    return 2;
}
