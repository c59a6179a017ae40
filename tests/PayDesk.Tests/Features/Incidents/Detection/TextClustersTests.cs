using PayDesk.Features.Incidents.Detection;

namespace PayDesk.Tests.Features.Incidents.Detection;

public sealed class TextClustersTests
{
    [Fact]
    public void Complaints_about_one_failure_form_one_cluster_apart_from_other_complaints()
    {
        string[] outage =
        [
            "转账到招商银行一直处理中", "转账到招商银行一直显示处理中", "给招商银行转账一直处理中，钱没到",
            "招商银行转账一直处理中怎么回事", "转账到招商银行一直处理中",
        ];
        // Known miss at 0.35: "往招商银行卡转账一直在处理中" stays apart (jieba cuts 银行卡, so the word features differ);
        // in the simulated outage that wording is about a fifth of the complaints and the cluster holds the rest.
        string[] others = ["退款三天了还没到账", "客服电话一直打不通", "账户被冻结了，无法付款", "怎么修改绑定手机号", "发票怎么开"];
        var texts = outage.Concat(others).ToList();

        var clusters = TextClusters.Cluster(texts, new DetectionOptions().ClusterSimilarity);

        var shown = string.Join(" | ", clusters.Select(c => string.Join(", ", c.Members.Select(i => texts[i]))));
        TestContext.Current.TestOutputHelper?.WriteLine(shown);
        var largest = clusters[0];
        Assert.True(largest.Members.Count == outage.Length, shown);
        Assert.Equal(Enumerable.Range(0, outage.Length), largest.Members.Order());
        Assert.Contains(largest.Medoid, largest.Members);
        Assert.All(clusters.Skip(1), c => Assert.Single(c.Members));
        Assert.Equal(texts.Count, clusters.Sum(c => c.Members.Count));
    }

    [Fact]
    public void A_high_threshold_keeps_different_texts_apart_and_empty_input_gives_no_cluster()
    {
        var clusters = TextClusters.Cluster(["转账到招商银行一直处理中", "提现到工商银行失败了", "转账到招商银行一直处理中"], 0.99);
        Assert.Equal(2, clusters.Count);
        Assert.Equal(2, clusters[0].Members.Count);
        Assert.Empty(TextClusters.Cluster([], 0.5));
    }
}
