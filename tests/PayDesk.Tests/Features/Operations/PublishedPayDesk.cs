using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PayDesk.Tests.Features.Operations;

/// <summary>
/// PayDesk published once per test run (`dotnet publish --no-build` of the build the tests run against) into a temp
/// folder, and helpers to run its verbs and its server as separate processes, as an operator would.
/// </summary>
internal static class PublishedPayDesk
{
    private static readonly Lazy<Task<string>> Folder = new(PublishAsync);

    public const string AdminPassword = "Harbour-Lantern-T3sts";

    public static Task<string> FolderAsync() => Folder.Value;

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PayDesk.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PayDesk.slnx not found above " + AppContext.BaseDirectory);
    }

    private static async Task<string> PublishAsync()
    {
        // The configuration the tests were built in (bin/<Configuration>/net10.0/): publish that build, do not rebuild.
        var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var configuration = parts[Array.LastIndexOf(parts, "bin") + 1];
        var output = Scratch("paydesk-published-");
        var project = Path.Combine(RepositoryRoot(), "src", "PayDesk", "PayDesk.csproj");
        var result = await RunAsync("dotnet", ["publish", project, "--no-build", "-c", configuration, "-o", output, "-nologo", "-v", "quiet"],
            RepositoryRoot(), new Dictionary<string, string?>(), TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, $"dotnet publish failed ({result.ExitCode}): {result.Output}\n{result.Error}");
        Assert.True(File.Exists(Path.Combine(output, "PayDesk.dll")), "PayDesk.dll was not published");
        return output;
    }

    /// <summary>A temp folder removed when the test process ends (the published build is 95 MB).</summary>
    public static string Scratch(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
        return folder;
    }

    public sealed record Run(int ExitCode, string Output, string Error);

    /// <summary>Runs `dotnet PayDesk.dll args…` from the published folder, with its working directory elsewhere.</summary>
    public static async Task<Run> VerbAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var folder = await FolderAsync();
        return await RunAsync("dotnet", [Path.Combine(folder, "PayDesk.dll"), .. args], Path.GetTempPath(), environment, TimeSpan.FromMinutes(2));
    }

    public static async Task<Run> RunAsync(string file, string[] args, string workingDirectory, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        using var process = new Process { StartInfo = Start(file, args, workingDirectory, environment) };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}: {await stdout}\n{await stderr}");
        }
        return new Run(process.ExitCode, await stdout, await stderr);
    }

    public static ProcessStartInfo Start(string file, string[] args, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        // The test runner's own settings (environment, content root) must not leak into the child.
        foreach (var key in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ASPNETCORE_CONTENTROOT", "DOTNET_CONTENTROOT", "PAYDESK_POSTGRES", "PAYDESK_REDIS" })
        {
            start.Environment.Remove(key);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }

    /// <summary>Base settings for a PayDesk process on its own SQLite data folder.</summary>
    public static Dictionary<string, string?> Settings(string dataDir) => new()
    {
        ["PAYDESK_DATA_DIR"] = dataDir,
        ["PAYDESK_ADMIN_PASSWORD"] = AdminPassword,
        ["PAYDESK_DEMO"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
        // The offline MiniLM model (ONNX) would load in the background of every process started here.
        ["Assistant__Embeddings__Offline"] = "false",
    };

    /// <summary>A server's output so far, read under the lock its output handlers append with.</summary>
    public static string Text(System.Text.StringBuilder log)
    {
        lock (log) return log.ToString();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
