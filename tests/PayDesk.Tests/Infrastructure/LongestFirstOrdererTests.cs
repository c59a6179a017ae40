namespace PayDesk.Tests.Infrastructure;

/// <summary>The orderer finds a class's mark through the collection xunit made for it (its display name is parsed).</summary>
[LongRunning(1)]
public sealed class LongestFirstOrdererTests
{
    [Fact]
    public void The_mark_of_the_class_a_collection_stands_for_is_read()
    {
        Assert.Equal(1, LongestFirstOrderer.Seconds(TestContext.Current.TestCollection!));
    }
}
