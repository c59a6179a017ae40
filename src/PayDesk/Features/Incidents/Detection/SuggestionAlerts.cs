using PayDesk.Features.Complaints;

namespace PayDesk.Features.Incidents.Detection;

/// <summary>A suggested incident supervisors are told about (once per suggestion, by the node that claimed it).</summary>
public sealed record SuggestionAlert(Guid SuggestionId, string Title, TicketCategory? Category, string? Bank, TicketChannel? Channel,
    int Observed, double Expected, DateTime DetectedAt);

/// <summary>
/// The supervisors' live feed of suggested incidents on this node: screens (the supervisor board, the incidents
/// board) subscribe to <see cref="Raised"/> to show a banner at once; <see cref="Recent"/> is what arrived lately.
/// The lasting record is the suggestion itself (GET /api/v1/incidents/suggestions), which every node reads.
/// </summary>
internal sealed class SuggestionAlerts
{
    private readonly Lock _lock = new();
    private readonly LinkedList<SuggestionAlert> _recent = new();

    public event Action<SuggestionAlert>? Raised;

    public IReadOnlyList<SuggestionAlert> Recent
    {
        get
        {
            lock (_lock) return _recent.ToList();
        }
    }

    public void Publish(SuggestionAlert alert)
    {
        lock (_lock)
        {
            _recent.AddFirst(alert);
            while (_recent.Count > 50) _recent.RemoveLast();
        }
        Raised?.Invoke(alert);
    }
}
