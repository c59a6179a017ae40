namespace PayDesk.Components.Charts;

/// <summary>One bar: its label, value, and the text shown on it.</summary>
public sealed record ChartBar(string Label, double Value, string Text);

/// <summary>One line of a line chart; null points are gaps.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Points, string CssClass);
