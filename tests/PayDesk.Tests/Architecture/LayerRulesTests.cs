using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace PayDesk.Tests.Architecture;

/// <summary>
/// The layer rules that read naturally as type dependencies, in ArchUnitNET's words. The IL-level rules it
/// cannot say (who calls a Ticket setter, which DbContext calls a page makes, feature cycles) are in
/// <see cref="ArchitectureTests"/>.
/// </summary>
public sealed class LayerRulesTests
{
    private static readonly Lazy<ArchUnitNET.Domain.Architecture> Compiled = new(() =>
        new ArchLoader().LoadAssemblies(typeof(PayDesk.Infrastructure.PayDeskHost).Assembly).Build());

    [Fact]
    public void Pages_depend_on_no_endpoint_class() =>
        Types().That().HaveFullNameContaining(".Pages.")
            .Should().NotDependOnAny(Types().That().HaveNameEndingWith("Endpoints"))
            .Check(Compiled.Value);

    [Fact]
    public void Infrastructure_depends_on_no_feature_but_through_the_host() =>
        Types().That().HaveFullNameContaining("PayDesk.Infrastructure.Security").Or().HaveFullNameContaining("PayDesk.Infrastructure.Http")
            .Should().NotDependOnAny(Types().That().HaveFullNameContaining("PayDesk.Features."))
            .Check(Compiled.Value);
}
