using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Operations;

/// <summary>
/// A running server holds <c>server.lock</c> in the data folder (a shared lock the operating system drops when the
/// process ends, even by kill -9), so `paydesk restore`, which asks for the exclusive lock, can tell that a server is
/// using the SQLite database. Shared, because several hosts may serve one SQLite file and anyone may read the folder.
/// </summary>
internal sealed class ServerLock(StorageOptions storage, ILogger<ServerLock> logger) : IHostedService, IDisposable
{
    public const string FileName = "server.lock";

    private FileStream? _lock;

    public static string PathFor(StorageOptions storage) => Path.Combine(Path.GetFullPath(storage.DataDir), FileName);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Acquire();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes the lock (once). The server does so before it opens the database to migrate and seed it — a restore in the
    /// minutes an upgrade's migrations may take would otherwise find no lock and move the database from under it.
    /// </summary>
    public void Acquire()
    {
        if (_lock is not null) return;
        try
        {
            // On Linux, FileShare other than None takes flock(LOCK_SH): other servers and readers share it, restore's LOCK_EX cannot.
            _lock = new FileStream(PathFor(storage), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (IOException ex)
        {
            // Several hosts on one SQLite file are supported (one writer queue each); only restore cares about the lock.
            logger.LogInformation("Another PayDesk process holds {Lock}: {Message}", PathFor(storage), ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }

    /// <summary>True when a running PayDesk process holds the data folder's lock.</summary>
    public static bool IsHeld(StorageOptions storage)
    {
        var path = PathFor(storage);
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
