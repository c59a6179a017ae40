using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace PayDesk.Tests.Architecture;

/// <summary>
/// A layer rule that reads naturally as type dependencies, in ArchUnitNET's words. The IL-level rules (who calls a
/// Ticket setter, pages and *Endpoints classes, which DbContext calls a page makes, feature cycles) are in
/// <see cref="ArchitectureTests"/>, once each.
/// </summary>
public sealed class LayerRulesTests
{
    private static readonly Lazy<ArchUnitNET.Domain.Architecture> Compiled = new(() =>
        new ArchLoader().LoadAssemblies(typeof(PayDesk.Infrastructure.PayDeskHost).Assembly).Build());

    [Fact]
    public void Infrastructure_depends_on_no_feature_but_through_the_host() =>
        Types().That().HaveFullNameContaining("PayDesk.Infrastructure.Security").Or().HaveFullNameContaining("PayDesk.Infrastructure.Http")
            .Should().NotDependOnAny(Types().That().HaveFullNameContaining("PayDesk.Features."))
            .Check(Compiled.Value);
}
