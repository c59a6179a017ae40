using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Storage;

namespace PayDesk.Tests.Infrastructure;

/// <summary>A real SMTP server (the SmtpServer package) on a free loopback port, keeping every message it is given.</summary>
public sealed class SmtpTestRelay : IAsyncDisposable
{
    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override Task<SmtpServer.Protocol.SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(MimeMessage.Load(stream, cancellationToken));
            return Task.FromResult(SmtpServer.Protocol.SmtpResponse.Ok);
        }
    }

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _server;

    public SmtpTestRelay(string serverName = "localhost")
    {
        Port = Features.Channels.ChannelTestKit.FreePort();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Messages));
        _server = new SmtpServer.SmtpServer(new SmtpServerOptionsBuilder().ServerName(serverName)
                .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build(), services)
            .StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _server;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
        _stop.Dispose();
    }
}
