namespace PayDesk.Features.Workforce;

/// <summary>
/// Erlang C: the chance a contact waits and the share answered within a target, for a queue of
/// <c>agents</c> serving Poisson arrivals. Written as the recurrence on Erlang B, which stays exact
/// for hundreds of agents where the textbook factorial form overflows.
/// </summary>
public static class ErlangC
{
    /// <summary>Offered traffic in Erlangs: contacts × handle time ÷ interval length.</summary>
    public static double Traffic(double contacts, double intervalSeconds, double handleSeconds) =>
        contacts * handleSeconds / intervalSeconds;

    /// <summary>Probability that a contact has to wait; 1 when the agents cannot keep up.</summary>
    public static double WaitProbability(int agents, double traffic)
    {
        if (traffic <= 0) return 0;
        if (agents <= traffic) return 1;
        // Erlang B by recurrence: B(0) = 1, B(n) = A·B(n-1) / (n + A·B(n-1)).
        var b = 1.0;
        for (var n = 1; n <= agents; n++) b = traffic * b / (n + traffic * b);
        var occupancy = traffic / agents;
        return b / (1 - occupancy * (1 - b));
    }

    /// <summary>Share of contacts answered within <paramref name="targetSeconds"/>.</summary>
    public static double ServiceLevel(int agents, double traffic, double handleSeconds, double targetSeconds)
    {
        if (traffic <= 0) return 1;
        if (agents <= traffic) return 0;
        return 1 - WaitProbability(agents, traffic) * Math.Exp(-(agents - traffic) * targetSeconds / handleSeconds);
    }

    /// <summary>Average speed of answer in seconds.</summary>
    public static double AverageSpeedOfAnswer(int agents, double traffic, double handleSeconds) =>
        agents <= traffic ? double.PositiveInfinity : WaitProbability(agents, traffic) * handleSeconds / (agents - traffic);

    /// <summary>
    /// The fewest agents on the phones (before shrinkage) that answer <paramref name="serviceLevel"/>
    /// of contacts within <paramref name="targetSeconds"/> and keep occupancy at or under
    /// <paramref name="maxOccupancy"/>.
    /// </summary>
    public static int AgentsNeeded(double contacts, double intervalSeconds, double handleSeconds, double targetSeconds,
        double serviceLevel, double maxOccupancy = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(contacts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intervalSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(handleSeconds);
        if (serviceLevel is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(serviceLevel), "Service level is a share between 0 and 1.");
        if (contacts == 0) return 0;
        var traffic = Traffic(contacts, intervalSeconds, handleSeconds);
        var agents = Math.Max(1, (int)Math.Floor(traffic) + 1);
        while (ServiceLevel(agents, traffic, handleSeconds, targetSeconds) < serviceLevel || traffic / agents > maxOccupancy) agents++;
        return agents;
    }
}
