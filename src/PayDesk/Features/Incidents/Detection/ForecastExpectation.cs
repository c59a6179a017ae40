using PayDesk.Features.Complaints;
using PayDesk.Features.Workforce;

namespace PayDesk.Features.Incidents.Detection;

/// <summary>
/// Each scope's share of contacts over the last weeks: complaints in the scope ÷ contacts offered (all channels,
/// or the scope's channel for channel scopes). A floor keeps rare scopes from being over-sensitive: every scope is
/// assumed to carry at least <see cref="DetectionOptions.MinScopeShare"/> of the complaints.
/// </summary>
public sealed class ScopeShares
{
    private readonly Dictionary<string, double> _complaints = [];
    private readonly Dictionary<TicketChannel, double> _channelComplaints = [];
    private readonly IReadOnlyDictionary<TicketChannel, double> _contacts;
    private readonly double _allContacts;
    private readonly double _allComplaints;
    private readonly double _floor;

    /// <param name="complaints">Complaints per (category, bank, channel) over the period.</param>
    /// <param name="contacts">Contacts offered per channel over the same period (the forecaster's history).</param>
    public ScopeShares(IEnumerable<(TicketCategory Category, string? Bank, TicketChannel Channel, int Count)> complaints,
        IReadOnlyDictionary<TicketChannel, double> contacts, double minScopeShare)
    {
        _contacts = contacts;
        _allContacts = contacts.Values.Sum();
        _floor = minScopeShare;
        foreach (var (category, bank, channel, count) in complaints)
        {
            Add(new(DetectionScopeKind.Category, category, null, null), count);
            Add(new(DetectionScopeKind.ChannelCategory, category, null, channel), count);
            if (bank is not null)
            {
                Add(new(DetectionScopeKind.Bank, null, bank, null), count);
                Add(new(DetectionScopeKind.BankCategory, category, bank, null), count);
            }
            _channelComplaints[channel] = _channelComplaints.GetValueOrDefault(channel) + count;
            _allComplaints += count;
        }
    }

    private void Add(DetectionScope scope, int count) => _complaints[scope.Key] = _complaints.GetValueOrDefault(scope.Key) + count;

    public bool IsEmpty => _allContacts <= 0 || _allComplaints <= 0;

    /// <summary>Whether the channel has its own contact history (else its scopes are measured against all channels).</summary>
    public bool HasChannel(TicketChannel channel) => _contacts.GetValueOrDefault(channel) > 0;

    /// <summary>Complaints in the scope per contact offered (on its channel when it has one with history), floored.</summary>
    public double PerContact(DetectionScope scope)
    {
        var complaints = _complaints.GetValueOrDefault(scope.Key);
        if (scope.Channel is { } channel && HasChannel(channel))
        {
            var onChannel = _channelComplaints.GetValueOrDefault(channel);
            return Math.Max(complaints, _floor * onChannel) / _contacts[channel];
        }
        return _allContacts <= 0 ? 0 : Math.Max(complaints, _floor * _allComplaints) / _allContacts;
    }
}

/// <summary>
/// Expected complaints for a scope in an interval: the workforce forecaster's contacts for the interval (per
/// half-hour slot, prorated by minutes, summed over channels or for the scope's channel) × the scope's share.
/// </summary>
public sealed class ForecastExpectation(Func<TicketChannel, DateOnly, double[]?> forecast, IReadOnlyCollection<TicketChannel> channels,
    ScopeShares shares, TimeZoneInfo zone) : IArrivalExpectation
{
    public double Expected(DetectionScope scope, DateTime fromUtc, DateTime toUtc)
    {
        var contacts = scope.Channel is { } channel && shares.HasChannel(channel)
            ? Contacts(channel, fromUtc, toUtc)
            : channels.Sum(c => Contacts(c, fromUtc, toUtc));
        return contacts * shares.PerContact(scope);
    }

    /// <summary>Forecast contacts on a channel between two instants (slots prorated by the minutes they overlap).</summary>
    public double Contacts(TicketChannel channel, DateTime fromUtc, DateTime toUtc)
    {
        var from = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc), zone);
        var to = from + (toUtc - fromUtc);
        double sum = 0;
        var at = from;
        while (at < to)
        {
            var slotStart = at.Date.AddMinutes(Math.Floor(at.TimeOfDay.TotalMinutes / 30) * 30);
            var slotEnd = slotStart.AddMinutes(30);
            var end = slotEnd < to ? slotEnd : to;
            if (forecast(channel, DateOnly.FromDateTime(at)) is { } day)
            {
                sum += day[PeakForecaster.SlotOf(TimeOnly.FromDateTime(at))] * (end - at).TotalMinutes / 30;
            }
            at = end;
        }
        return sum;
    }
}
