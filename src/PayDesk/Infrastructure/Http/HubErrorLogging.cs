using Microsoft.AspNetCore.SignalR;

namespace PayDesk.Infrastructure.Http;

/// <summary>
/// Hub calls log as requests do: a refusal the caller gets as a <see cref="HubException"/> (an empty or 4,001-character
/// chat message, a chat that has ended) is the caller's mistake and logs at Debug; anything else is an error, logged
/// here with the hub and method. SignalR's own dispatcher logged every refusal at Error with a stack trace, so an
/// anonymous chat visitor could fill the error log at will (found by an outside probe); its category is turned down
/// to Critical in <see cref="PayDeskHost"/> and this filter logs instead.
/// </summary>
internal sealed partial class HubErrorLogging(ILogger<HubErrorLogging> logger) : IHubFilter
{
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        catch (HubException refused)
        {
            Refused(logger, context.Hub.GetType().Name, context.HubMethodName, refused.Message);
            throw;
        }
        catch (OperationCanceledException) when (context.Context.ConnectionAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception failure)
        {
            Failed(logger, failure, context.Hub.GetType().Name, context.HubMethodName);
            throw;
        }
    }

    [LoggerMessage(EventId = 2601, Level = LogLevel.Debug, Message = "{Hub}.{Method} refused: {Reason}")]
    private static partial void Refused(ILogger logger, string hub, string method, string reason);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Error, Message = "{Hub}.{Method} failed.")]
    private static partial void Failed(ILogger logger, Exception failure, string hub, string method);
}
