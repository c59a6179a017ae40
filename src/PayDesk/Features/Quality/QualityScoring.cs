namespace PayDesk.Features.Quality;

/// <summary>
/// How a review's total comes out of its item scores. Each item is worth its share of the rubric's weights out of
/// 100; pass earns all of it, partial half, fail none (points items earn value / max of it). A fatal item (致命项)
/// scored fail or 0 zeroes the review, and then every item's points are 0 too, so the item points always add up to
/// the total the scorecards show.
/// </summary>
internal static class QualityScoring
{
    public const int Pass = 2, Partial = 1, Fail = 0;

    public sealed record Item(decimal Weight, ItemScale Scale, int MaxPoints, bool Fatal)
    {
        /// <summary>The highest value this item can be given.</summary>
        public int Max => Scale == ItemScale.PassPartialFail ? Pass : MaxPoints;
    }

    public sealed record ItemResult(decimal Points, decimal MaxShare);

    public sealed record Result(decimal Total, bool FatalFailed, IReadOnlyList<ItemResult> Items);

    public static bool IsValidValue(Item item, int value) => value >= 0 && value <= item.Max;

    public static Result Score(IReadOnlyList<Item> items, IReadOnlyList<int> values)
    {
        if (items.Count == 0) throw new ArgumentException("A rubric has at least one item.", nameof(items));
        if (items.Count != values.Count) throw new ArgumentException("One value per item.", nameof(values));
        var weights = items.Sum(i => i.Weight);
        if (weights <= 0) throw new ArgumentException("The weights add up to more than 0.", nameof(items));
        for (var i = 0; i < items.Count; i++)
        {
            if (!IsValidValue(items[i], values[i])) throw new ArgumentOutOfRangeException(nameof(values), $"Item {i}: {values[i]} is outside 0–{items[i].Max}.");
        }

        var fatal = items.Where((item, i) => item.Fatal && values[i] == 0).Any();
        var results = new List<ItemResult>(items.Count);
        var total = 0m;
        for (var i = 0; i < items.Count; i++)
        {
            var share = items[i].Weight * 100m / weights;
            var earned = fatal ? 0m : share * values[i] / items[i].Max;
            total += earned;
            results.Add(new ItemResult(Math.Round(earned, 4, MidpointRounding.AwayFromZero), Math.Round(share, 4, MidpointRounding.AwayFromZero)));
        }
        return new Result(Math.Round(total, 2, MidpointRounding.AwayFromZero), fatal, results);
    }
}
