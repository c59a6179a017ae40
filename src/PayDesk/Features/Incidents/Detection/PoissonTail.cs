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

    /// <summary>ln Γ(z) for z &gt; 0 (Lanczos, g = 7, n = 9; relative error about 1e-15).</summary>
    public static double LogGamma(double z)
    {
        ReadOnlySpan<double> g =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61503916999185, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (z < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * z))) - LogGamma(1 - z);
        z -= 1;
        var x = g[0];
        for (var i = 1; i < 9; i++) x += g[i] / (z + i);
        var t = z + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(x);
    }
}
