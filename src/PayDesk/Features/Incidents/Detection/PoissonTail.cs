namespace PayDesk.Features.Incidents.Detection;

/// <summary>
/// The Poisson upper tail P(X ≥ k | λ), computed in log space so that the tiny probabilities of a real incident
/// (10⁻³⁰⁰ and below) are still ordered correctly instead of all underflowing to zero. Uses the identity
/// P(X ≥ k | λ) = P(k, λ), the regularised lower incomplete gamma function, evaluated by its series when
/// λ &lt; k + 1 and by the continued fraction of the upper function Q otherwise (Numerical Recipes §6.2).
/// </summary>
public static class PoissonTail
{
    /// <summary>ln P(X ≥ k) for X ~ Poisson(λ); 0 (probability one) for k ≤ 0.</summary>
    public static double LogUpper(int k, double lambda)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lambda);
        if (k <= 0) return 0;
        if (lambda == 0) return double.NegativeInfinity;
        double a = k, x = lambda;
        if (x < a + 1) return LogLowerSeries(a, x);
        // Q is not small here: P = 1 − Q without cancellation trouble.
        var q = Math.Exp(LogUpperContinuedFraction(a, x));
        return Math.Log(Math.Max(1 - q, double.Epsilon));
    }

    /// <summary>P(X ≥ k) for X ~ Poisson(λ) (underflows to 0 far in the tail; compare <see cref="LogUpper"/> there).</summary>
    public static double Upper(int k, double lambda) => Math.Exp(LogUpper(k, lambda));

    // ln P(a, x) = −x + a ln x − ln Γ(a + 1) + ln Σₙ xⁿ / ((a+1)…(a+n)).
    private static double LogLowerSeries(double a, double x)
    {
        double term = 1, sum = 1;
        for (var n = 1; n < 10_000; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (term < sum * 1e-16) break;
        }
        return -x + a * Math.Log(x) - LogGamma(a + 1) + Math.Log(sum);
    }

    // ln Q(a, x) by Lentz's continued fraction.
    private static double LogUpperContinuedFraction(double a, double x)
    {
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 10_000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return -x + a * Math.Log(x) - LogGamma(a) + Math.Log(h);
    }

    /// <summary>ln Γ(z) for z &gt; 0: Stirling's series from z ≥ 10 (error below 1e-14), the recurrence below it.</summary>
    public static double LogGamma(double z)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(z);
        double shift = 0;
        while (z < 10)
        {
            shift += Math.Log(z);
            z += 1;
        }
        var inv = 1 / z;
        var inv2 = inv * inv;
        var series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680 - inv2 * (1.0 / 1188)))));
        return (z - 0.5) * Math.Log(z) - z + 0.5 * Math.Log(2 * Math.PI) + series - shift;
    }
}
