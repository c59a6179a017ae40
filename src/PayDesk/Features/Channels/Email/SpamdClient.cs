using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace PayDesk.Features.Channels.Email;

/// <summary>SpamAssassin's verdict on one message: its score, the threshold it was judged by, and the rules that fired.</summary>
internal sealed record SpamVerdict(double Score, IReadOnlyList<string> Rules);

/// <summary>
/// A client for spamd's SPAMC/1.5 protocol over TCP (the SYMBOLS command: score plus rule names). NuGet has no
/// maintained .NET client, and the protocol is a request line, two headers and the message.
/// </summary>
internal sealed class SpamdClient(IOptions<SpamdOptions> options)
{
    public SpamdOptions Options => options.Value;

    /// <summary>Scores the message; throws <see cref="SpamdUnavailableException"/> when spamd cannot be reached, is slow, or answers nonsense.</summary>
    public async Task<SpamVerdict> CheckAsync(byte[] message, CancellationToken ct)
    {
        var o = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        try
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(o.Host!, o.Port, timeout.Token);
            await using var stream = client.GetStream();
            var head = Encoding.ASCII.GetBytes($"SYMBOLS SPAMC/1.5\r\nContent-length: {message.Length}\r\n\r\n");
            await stream.WriteAsync(head, timeout.Token);
            await stream.WriteAsync(message, timeout.Token);
            client.Client.Shutdown(SocketShutdown.Send);
            using var answer = new MemoryStream();
            await stream.CopyToAsync(answer, timeout.Token);
            return Parse(Encoding.ASCII.GetString(answer.GetBuffer(), 0, (int)answer.Length));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new SpamdUnavailableException($"spamd did not answer within {o.TimeoutSeconds} s");
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            throw new SpamdUnavailableException($"spamd unreachable: {ex.Message}");
        }
    }

    /// <summary>"SPAMD/1.1 0 EX_OK", headers including "Spam: True ; 1000.0 / 5.0", a blank line, then "RULE_A,RULE_B".</summary>
    internal static SpamVerdict Parse(string answer)
    {
        var lines = answer.Replace("\r\n", "\n").Split('\n');
        var status = lines[0].Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (status is not [{ } protocol, "0", ..] || !protocol.StartsWith("SPAMD/", StringComparison.Ordinal))
        {
            throw new SpamdUnavailableException($"spamd refused the message: {lines[0]}");
        }
        double? score = null;
        var i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            if (!lines[i].StartsWith("Spam:", StringComparison.OrdinalIgnoreCase)) continue;
            var value = lines[i]["Spam:".Length..];
            var semicolon = value.IndexOf(';');
            var slash = value.IndexOf('/');
            if (semicolon >= 0 && slash > semicolon &&
                double.TryParse(value[(semicolon + 1)..slash].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
            {
                score = s;
            }
        }
        if (score is null) throw new SpamdUnavailableException("spamd's answer had no score");
        var rules = string.Join(',', lines.Skip(i + 1)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new SpamVerdict(score.Value, rules);
    }
}

internal sealed class SpamdUnavailableException(string message) : Exception(message);
