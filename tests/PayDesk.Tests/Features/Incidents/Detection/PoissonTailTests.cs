using PayDesk.Features.Incidents.Detection;

namespace PayDesk.Tests.Features.Incidents.Detection;

public sealed class PoissonTailTests
{
    // Reference values from mpmath (50 digits): 1 − Σ_{i<k} e^{-λ} λ^i / i!, and gammainc(k, 0, λ, regularized) far in the tail.
    [Theory]
    [InlineData(1, 1.0, 0.63212055882855768)]
    [InlineData(10, 1.0, 1.1142547833872068e-7)]
    [InlineData(15, 2.0, 3.8712304046002928e-9)]
    [InlineData(15, 5.0, 0.00022625367617675553)]
    [InlineData(50, 50.0, 0.51880831547204328)]
    [InlineData(30, 10.0, 2.5099512015279078e-7)]
    [InlineData(100, 120.0, 0.97213626010947934)]
    [InlineData(5, 0.001, 8.3263918642115033e-18)]
    [InlineData(1000, 900.0, 0.00054990226571178292)]
    public void Upper_tail_matches_reference_values(int k, double lambda, double expected)
    {
        var actual = PoissonTail.Upper(k, lambda);
        Assert.True(Math.Abs(actual - expected) <= 1e-10 * expected, $"P(X ≥ {k} | {lambda}) = {actual:R}, expected {expected:R}");
    }

    [Theory]
    [InlineData(200, 0.3, -1104.3250544163966)]
    [InlineData(40, 2.5, -76.106196384286342)]
    [InlineData(10, 1.0, -16.009909825202022)]
    public void Log_tail_stays_exact_where_the_probability_underflows(int k, double lambda, double expectedLog)
    {
        var actual = PoissonTail.LogUpper(k, lambda);
        Assert.True(Math.Abs(actual - expectedLog) <= 1e-9 * Math.Abs(expectedLog), $"ln P(X ≥ {k} | {lambda}) = {actual:R}, expected {expectedLog:R}");
    }

    [Fact]
    public void Edges_and_monotonicity()
    {
        Assert.Equal(0, PoissonTail.LogUpper(0, 3));
        Assert.Equal(double.NegativeInfinity, PoissonTail.LogUpper(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PoissonTail.LogUpper(1, -1));
        var previous = 0.0;
        for (var k = 1; k < 400; k++)
        {
            var log = PoissonTail.LogUpper(k, 20);
            Assert.True(log < previous, $"k={k}: {log} not below {previous}");
            previous = log;
        }
        Assert.True(PoissonTail.LogUpper(20, 5) < PoissonTail.LogUpper(20, 6));
        Assert.Equal(Math.Log(24), PoissonTail.LogGamma(5), 12);
    }
}
