using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace PayDesk.Features.Assistant;

/// <summary>
/// The models PayDesk trains at start from what ships (the assistant's intents, the offline English stack, the question-pair
/// model, the trainee-question model) kept on disk, so that a restart loads them in milliseconds instead of spending some
/// 40 s of CPU training them again while it serves (a rolling restart into full load, a crash-restart). A file is named by
/// what its model was learnt from — the kind, this build of PayDesk (its module version id: any code change retrains) and
/// a digest of the training examples — and carries a SHA-256 of its bytes; a missing, truncated, damaged or unreadable
/// file is ignored (logged) and the model trained again and written afresh. The digest finds damage, not forgery: whoever
/// can write to the folder can write a model PayDesk will load (read by PayDesk's own readers, never a deserializer of
/// arbitrary types), so the folder is PayDesk's alone (operations.md). Files are written to a temporary name and
/// renamed, so a process killed while writing leaves no half file, and several processes may share a folder.
/// Folder: <c>Assistant:ModelCache</c>, by default <c>cache/models</c> in the data folder; "off" keeps nothing on disk.
/// </summary>
internal static partial class TrainedModelCache
{
    private const string Magic = "paydesk-model-cache-1";
    private static readonly string Build = typeof(TrainedModelCache).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    private static volatile string? _folder;
    private static ILogger _logger = NullLogger.Instance;

    /// <summary>Set by each host at start; every host of a process may share one folder (the files are named by content).</summary>
    public static void Configure(string? folder, ILogger logger)
    {
        _logger = logger;
        _folder = Resolve(folder);
    }

    /// <summary>The full path of a configured folder; null for "off" or nothing.</summary>
    internal static string? Resolve(string? folder) =>
        string.IsNullOrWhiteSpace(folder) || folder.Trim().Equals("off", StringComparison.OrdinalIgnoreCase) ? null : Path.GetFullPath(folder);

    /// <summary>The folder a host uses: <c>Assistant:ModelCache</c>, else <c>cache/models</c> under the data folder.</summary>
    public static string FolderFor(IConfiguration configuration, string dataDir) =>
        configuration["Assistant:ModelCache"] is { } configured ? configured : Path.Combine(dataDir, "cache", "models");

    /// <summary>A digest of what a model learns from (text and label of every example, in order).</summary>
    public static string Digest(IEnumerable<LabelledText> examples)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var e in examples)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(e.Text));
            hash.AppendData([0]);
            hash.AppendData(Encoding.UTF8.GetBytes(e.Label));
            hash.AppendData([1]);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The model named by <paramref name="kind"/> and <paramref name="inputs"/> from disk, else trained (and written).</summary>
    public static T GetOrTrain<T>(string kind, string inputs, Func<T> train, Action<T, BinaryWriter> write, Func<BinaryReader, T> read) where T : class =>
        GetOrTrain(_folder, _logger, kind, inputs, train, write, read);

    /// <summary>As above, in <paramref name="folder"/> (null: train, keep nothing).</summary>
    internal static T GetOrTrain<T>(string? folder, ILogger logger, string kind, string inputs, Func<T> train, Action<T, BinaryWriter> write,
        Func<BinaryReader, T> read) where T : class
    {
        if (folder is null) return train();
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Magic}\n{kind}\n{Build}\n{inputs}")))[..32];
        var path = Path.Combine(folder, $"{kind}-{name}.bin");
        if (TryRead(path, kind, read, logger) is { } cached) return cached;

        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var model = train();
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        TryWrite(path, kind, model, write, logger);
        Log.Trained(logger, kind, seconds, path);
        return model;
    }

    private static T? TryRead<T>(string path, string kind, Func<BinaryReader, T> read, ILogger logger) where T : class
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(path)) return null;
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.Unreadable(logger, kind, path, ex.GetType().Name);
            return null;
        }
        try
        {
            // [32-byte SHA-256 of the rest][the model]: a truncated or altered file is never deserialised.
            if (bytes.Length < 32 || !SHA256.HashData(bytes.AsSpan(32)).AsSpan().SequenceEqual(bytes.AsSpan(0, 32)))
            {
                Log.Unreadable(logger, kind, path, "checksum");
                return null;
            }
            using var reader = new BinaryReader(new MemoryStream(bytes, 32, bytes.Length - 32, writable: false), Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadString() != kind) throw new InvalidDataException("not this kind of model");
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            var model = read(reader);
            Log.Loaded(logger, kind, System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            Touch(path);
            return model;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException or ArgumentException or OverflowException
            or IndexOutOfRangeException or OutOfMemoryException or FormatException)
        {
            Log.Unreadable(logger, kind, path, ex.GetType().Name);
            return null;
        }
    }

    /// <summary>Marks a file as used now, so pruning keeps it (best effort: a read-only folder still serves).</summary>
    private static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void TryWrite<T>(string path, string kind, T model, Action<T, BinaryWriter> write, ILogger logger)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(kind);
                write(model, writer);
            }
            var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(SHA256.HashData(body));
                file.Write(body);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            Prune(Path.GetDirectoryName(path)!, kind, logger);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not kept: the next start trains again. Serving goes on with the model in memory.
            Log.NotWritten(logger, kind, path, ex.GetType().Name);
            try { File.Delete(temporary); } catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>Files of one kind kept: this build's, and a few others (nodes of two versions during a rolling upgrade).</summary>
    internal const int KeptPerKind = 3;

    /// <summary>
    /// Every build and every trained version names new files: of each kind only the <see cref="KeptPerKind"/> last used stay
    /// (a loaded file counts as used: its time is touched), and temporary files a killed process left an hour ago go.
    /// </summary>
    private static void Prune(string folder, string kind, ILogger logger)
    {
        try
        {
            var directory = new DirectoryInfo(folder);
            var old = directory.GetFiles($"{kind}-*.bin").OrderByDescending(f => f.LastWriteTimeUtc).Skip(KeptPerKind)
                // Only this kind's own temporary files ({kind}-….bin.{process}.{guid}.tmp): the folder may be shared, and another
                // program's *.tmp there is not the cache's to remove.
                .Concat(directory.GetFiles($"{kind}-*.bin.*.tmp").Where(f => f.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1)));
            foreach (var file in old) file.Delete();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.NotPruned(logger, folder, ex.GetType().Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2214, Level = LogLevel.Warning, Message = "Old trained models in {Folder} could not be removed ({Reason}).")]
        public static partial void NotPruned(ILogger logger, string folder, string reason);

        [LoggerMessage(EventId = 2210, Level = LogLevel.Information, Message = "Trained the {Kind} model in {Seconds:F1} s; kept in {Path} for the next start.")]
        public static partial void Trained(ILogger logger, string kind, double seconds, string path);

        [LoggerMessage(EventId = 2211, Level = LogLevel.Information, Message = "Loaded the {Kind} model from the model cache in {Milliseconds:F0} ms.")]
        public static partial void Loaded(ILogger logger, string kind, double milliseconds);

        [LoggerMessage(EventId = 2212, Level = LogLevel.Warning, Message = "The cached {Kind} model at {Path} could not be used ({Reason}); training it again.")]
        public static partial void Unreadable(ILogger logger, string kind, string path, string reason);

        [LoggerMessage(EventId = 2213, Level = LogLevel.Warning, Message = "The {Kind} model could not be kept at {Path} ({Reason}); the next start trains it again.")]
        public static partial void NotWritten(ILogger logger, string kind, string path, string reason);
    }
}
