using System.Collections;
using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace PayDesk.Infrastructure.Observability;

/// <summary>
/// What a request or an outgoing call may say about its address in logs and traces. Raw paths carry secrets and
/// personal data (<c>/confirm/{token}</c>, <c>/survey/{token}</c>, <c>/api/v1/confirmations/{token}</c>, payment
/// accounts and transaction serials), query strings more so: a matched request is named by its route template,
/// an unmatched one by its first segment only, and query strings are never kept.
/// </summary>
internal static class TelemetryRedaction
{
    public const string Hidden = "{redacted}";

    /// <summary>The route template of the endpoint the request matched (<c>/confirm/{Token}</c>), else the first segment and "/…".</summary>
    public static string RequestPath(HttpContext http) => RequestPath(http.GetEndpoint(), http.Request.PathBase, http.Request.Path);

    public static string RequestPath(Endpoint? endpoint, PathString pathBase, PathString path)
    {
        if (endpoint is RouteEndpoint { RoutePattern.RawText: { } template })
        {
            var text = template.StartsWith('/') ? template : "/" + template;
            return pathBase.HasValue ? pathBase.Value + text : text;
        }
        return FirstSegment(pathBase.Add(path).Value);
    }

    /// <summary>"/confirm/abc…" → "/confirm/…": what is left of a path nothing recognised.</summary>
    public static string FirstSegment(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "/") return "/";
        var rest = path.AsSpan(path[0] == '/' ? 1 : 0);
        var slash = rest.IndexOf('/');
        if (slash < 0) return "/" + Word(rest.ToString());
        return "/" + Word(rest[..slash].ToString()) + (slash == rest.Length - 1 ? "/" : "/…");
    }

    /// <summary>
    /// An outgoing call: scheme, host, port and the path with every segment that could be an identifier (a digit,
    /// an escape, more than 24 characters) hidden; no query. <c>…/accounts/6222…/status</c> → <c>…/accounts/{redacted}/status</c>.
    /// </summary>
    public static string? Url(Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri) return null;
        var segments = uri.AbsolutePath.Split('/');
        for (var i = 0; i < segments.Length; i++) segments[i] = Word(segments[i]);
        return $"{uri.Scheme}://{uri.Authority}{string.Join('/', segments)}";
    }

    /// <summary>A path segment as it may be shown: a plain word (or a version such as v1) as is, anything else hidden.</summary>
    private static string Word(string segment)
    {
        if (segment.Length == 0) return segment;
        if (segment.Length <= 24 && segment.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '-' or '_' or '.')) return segment;
        if (segment.Length <= 4 && segment[0] is 'v' or 'V' && segment.Skip(1).All(char.IsAsciiDigit)) return segment;
        return Hidden;
    }
}

/// <summary>
/// The log scope store (replacing the logger factory's own, with the same activity ids): ASP.NET Core's request
/// scope names the raw path (<c>RequestPath</c>, also in its text), so a confirmation or survey token would reach
/// every log line of its request in the JSON logs. Here the scope says the route template instead
/// (<see cref="TelemetryRedaction"/>); everything else passes as it was pushed.
/// </summary>
internal sealed class RedactingScopeProvider(IHttpContextAccessor http, IOptions<LoggerFactoryOptions> options) : IExternalScopeProvider
{
    private static readonly string[] PathKeys = ["RequestPath", "Path"];

    private readonly AsyncLocal<Scope?> _current = new();
    private readonly ActivityTrackingOptions _tracking = options.Value.ActivityTrackingOptions;

    public void ForEachScope<TState>(Action<object?, TState> callback, TState state)
    {
        if (_tracking != ActivityTrackingOptions.None && Activity.Current is { } activity) callback(new ActivityScope(activity, _tracking), state);
        Report(_current.Value);

        void Report(Scope? scope)
        {
            if (scope is null) return;
            Report(scope.Parent);
            callback(Redact(scope.State), state);
        }
    }

    public IDisposable Push(object? state)
    {
        var scope = new Scope(this, state, _current.Value);
        _current.Value = scope;
        return scope;
    }

    private object? Redact(object? state)
    {
        if (state is not IEnumerable<KeyValuePair<string, object?>> pairs || !pairs.Any(p => PathKeys.Contains(p.Key, StringComparer.Ordinal))) return state;
        var copy = pairs.Select(p => PathKeys.Contains(p.Key, StringComparer.Ordinal)
            ? new KeyValuePair<string, object?>(p.Key, SafePath(p.Value as string ?? p.Value?.ToString())) : p).ToList();
        return new RedactedScope(copy);
    }

    /// <summary>The route template when the scope's request is the one running here (it always is: both flow together), else the first segment.</summary>
    private string SafePath(string? raw)
    {
        if (http.HttpContext is { } context && context.GetEndpoint() is RouteEndpoint)
        {
            var current = context.Request.PathBase.Add(context.Request.Path).Value;
            if (string.Equals(current, raw, StringComparison.Ordinal)) return TelemetryRedaction.RequestPath(context);
        }
        return TelemetryRedaction.FirstSegment(raw);
    }

    private sealed class Scope(RedactingScopeProvider owner, object? state, Scope? parent) : IDisposable
    {
        private bool _disposed;

        public Scope? Parent { get; } = parent;

        public object? State { get; } = state;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            owner._current.Value = Parent;
        }
    }

    /// <summary>The scope as key/value pairs (the JSON formatter writes these) and as text "Key:value Key:value".</summary>
    private sealed class RedactedScope(List<KeyValuePair<string, object?>> pairs) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public KeyValuePair<string, object?> this[int index] => pairs[index];

        public int Count => pairs.Count;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => pairs.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => string.Join(' ', pairs.Select(p => $"{p.Key}:{p.Value}"));
    }

    /// <summary>The trace ids the logger factory adds when ActivityTrackingOptions asks for them.</summary>
    private sealed class ActivityScope : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _pairs = [];

        public ActivityScope(Activity activity, ActivityTrackingOptions tracking)
        {
            var w3c = activity.IdFormat == ActivityIdFormat.W3C;
            if (tracking.HasFlag(ActivityTrackingOptions.SpanId)) _pairs.Add(new("SpanId", w3c ? activity.SpanId.ToHexString() : activity.Id));
            if (tracking.HasFlag(ActivityTrackingOptions.TraceId)) _pairs.Add(new("TraceId", w3c ? activity.TraceId.ToHexString() : activity.RootId));
            if (tracking.HasFlag(ActivityTrackingOptions.ParentId)) _pairs.Add(new("ParentId", w3c ? activity.ParentSpanId.ToHexString() : activity.ParentId));
            if (tracking.HasFlag(ActivityTrackingOptions.TraceState)) _pairs.Add(new("TraceState", activity.TraceStateString));
            if (tracking.HasFlag(ActivityTrackingOptions.TraceFlags)) _pairs.Add(new("TraceFlags", activity.ActivityTraceFlags));
        }

        public KeyValuePair<string, object?> this[int index] => _pairs[index];

        public int Count => _pairs.Count;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _pairs.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => string.Join(", ", _pairs.Select(p => $"{p.Key}:{p.Value}"));
    }
}
