using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace PayDesk.Features.Channels;

/// <summary>
/// Redis, when chat is shared through it: a connection, AUTH when a password is set, and a PING (RESP over TCP, TLS when
/// <c>ssl=true</c>). Its own short connection, so the check neither waits on nor disturbs the SignalR backplane's.
/// Registered with failure status Degraded (docs/operations.md): without Redis each node still serves the chats
/// connected to it, and since every node shares the one Redis, "Unhealthy" would take the whole cluster out of the balancer.
/// </summary>
internal sealed class RedisHealthCheck(string connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connection);
        }
        catch (Exception ex) when (ex is ArgumentException or RedisConnectionException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis connection setting cannot be read: " + ex.Message);
        }
        var endpoint = options.EndPoints.FirstOrDefault();
        var (host, port) = endpoint switch
        {
            DnsEndPoint dns => (dns.Host, dns.Port),
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            _ => ("localhost", 6379),
        };
        if (port == 0) port = options.Ssl ? 6380 : 6379;
        var where = $"{host}:{port}";
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(host, port, ct);
            Stream stream = tcp.GetStream();
            if (options.Ssl)
            {
                var ssl = new SslStream(stream);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = options.SslHost ?? host }, ct);
                stream = ssl;
            }
            await using (stream)
            {
                using var reader = new StreamReader(stream, Encoding.UTF8, false, 256, leaveOpen: true);
                if (!string.IsNullOrEmpty(options.Password))
                {
                    var auth = string.IsNullOrEmpty(options.User) ? Command("AUTH", options.Password) : Command("AUTH", options.User, options.Password);
                    await stream.WriteAsync(auth, ct);
                    if (await reader.ReadLineAsync(ct) is not { } authReply || !authReply.StartsWith('+'))
                    {
                        return new HealthCheckResult(context.Registration.FailureStatus, $"Redis {where} refused the password.");
                    }
                }
                await stream.WriteAsync(Command("PING"), ct);
                var reply = await reader.ReadLineAsync(ct);
                return reply == "+PONG"
                    ? HealthCheckResult.Healthy($"Redis {where} answers.")
                    : new HealthCheckResult(context.Registration.FailureStatus, $"Redis {where} answered PING with: {reply?[..Math.Min(reply.Length, 80)] ?? "nothing"}");
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis {where} unreachable: {ex.Message}");
        }
    }

    private static byte[] Command(params string[] parts)
    {
        var text = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts) text.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
