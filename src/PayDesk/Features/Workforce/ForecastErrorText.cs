using System.Globalization;

namespace PayDesk.Features.Workforce;

/// <summary>
/// A forecast's error against the actual volume as planners write it: "+3.2%", "-1.5%", "0.0%". The share is
/// rounded first, so an error that rounds to zero never reads "-+0.0%" (a negative value that rounds to zero
/// falls into the positive section of a "+0.0%;-0.0%" format but keeps its minus sign).
/// </summary>
public static class ForecastErrorText
{
    public static string Format(double share, IFormatProvider? culture = null)
    {
        var rounded = Math.Round(share, 3, MidpointRounding.AwayFromZero);
        var text = Math.Abs(rounded).ToString("0.0%", culture ?? CultureInfo.CurrentCulture);
        return rounded > 0 ? "+" + text : rounded < 0 ? "-" + text : text;
    }
}
