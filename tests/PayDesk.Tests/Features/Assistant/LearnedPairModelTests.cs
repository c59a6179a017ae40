using PayDesk.Features.Assistant;

namespace PayDesk.Tests.Features.Assistant;

public sealed class LearnedPairModelTests
{
    [Fact]
    public void Pair_features_do_not_depend_on_which_question_comes_first()
    {
        var a = new AnalysedQuestion("花呗账单怎么还款");
        var b = new AnalysedQuestion("借呗如何还款，利息多少");
        var ab = PairFeatures.Dense(a, b, 0.3f);
        var ba = PairFeatures.Dense(b, a, 0.3f);
        Assert.Equal(ab, ba);
        var edges = ab.Select(_ => new[] { 0.1f, 0.5f }).ToArray();
        Assert.Equal(PairFeatures.Sparse(a, b, ab, edges, PairFeatureGroups.All).Order(), PairFeatures.Sparse(b, a, ba, edges, PairFeatureGroups.All).Order());

        var same = PairFeatures.Dense(a, new AnalysedQuestion("花呗账单怎么还款"), 1f);
        Assert.Equal(1f, same[Array.IndexOf(PairFeatures.DenseNames, "edit_similarity")]);
        Assert.Equal(1f, same[Array.IndexOf(PairFeatures.DenseNames, "word_jaccard")]);
    }

    [Fact]
    public void Learns_from_the_pairs_that_a_product_swap_differs_and_a_rewording_does_not()
    {
        // 花呗 ↔ 借呗 changes the question, 怎么 ↔ 如何 does not: taught on six topics, checked on two it never saw.
        string[] topics = ["账单", "额度", "分期", "提现", "逾期", "退款", "利息", "还款"];
        var pairs = new List<MatchEval.Pair>();
        foreach (var t in topics.Take(6))
        {
            pairs.Add(new($"花呗{t}怎么查", $"花呗{t}如何查", 1));
            pairs.Add(new($"借呗{t}怎么查", $"借呗{t}如何查", 1));
            pairs.Add(new($"花呗{t}怎么查", $"借呗{t}怎么查", 0));
            pairs.Add(new($"借呗{t}如何查", $"花呗{t}如何查", 0));
        }
        var model = LearnedPairModel.Train(pairs, PairFeatureGroups.All & ~PairFeatureGroups.Boosting);
        foreach (var t in topics.Skip(6))
        {
            Assert.True(model.Score($"花呗{t}怎么查", $"花呗{t}如何查") > model.Score($"花呗{t}怎么查", $"借呗{t}怎么查"), t);
        }
    }
}
