using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(PayDesk.Tests.Infrastructure.LongestFirstOrderer))]

namespace PayDesk.Tests.Infrastructure;

/// <summary>
/// A test class whose tests take tens of seconds together (measured on a CI run), started before the short ones by
/// <see cref="LongestFirstOrderer"/>. <paramref name="seconds"/> is the figure measured; it only orders.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class LongRunningAttribute(int seconds) : Attribute
{
    public int Seconds { get; } = seconds;
}

/// <summary>
/// Runs the test classes marked <see cref="LongRunningAttribute"/> first, longest first, then the others in xunit's own
/// order. The suites run two classes at a time; in the default order the two-node cluster test and the published-build
/// test began in the last minute and ran alone at the end while the other slot had nothing left (timeline of a CI run,
/// docs/PERFORMANCE.md). Longest first leaves the short classes to fill in at the end.
/// </summary>
public sealed class LongestFirstOrderer : ITestCollectionOrderer
{
    private const string ImplicitPrefix = "Test collection for ";

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        testCollections
            .Select((collection, index) => (collection, index, seconds: Seconds(collection)))
            .OrderByDescending(c => c.seconds)
            .ThenBy(c => c.index)
            .Select(c => c.collection)
            .ToList();

    /// <summary>
    /// The marked figure of the class a collection stands for (each class is its own collection unless it names one; a named
    /// collection carries the mark on its definition class), else 0.
    /// </summary>
    internal static int Seconds(ITestCollection collection)
    {
        if (collection is IXunitTestCollection { CollectionDefinition: { } definition })
        {
            return Marked(definition);
        }
        var name = collection.TestCollectionDisplayName;
        if (!name.StartsWith(ImplicitPrefix, StringComparison.Ordinal)) return 0;
        var typeName = name[ImplicitPrefix.Length..].Split(' ', 2)[0];
        var type = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName, throwOnError: false)).FirstOrDefault(t => t is not null);
        return type is null ? 0 : Marked(type);
    }

    private static int Marked(Type type) => type.GetCustomAttribute<LongRunningAttribute>(inherit: false)?.Seconds ?? 0;
}
