using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Components.Forms.Mapping;

namespace PayDesk.Infrastructure.Http;

/// <summary>
/// A page form's choice fields take only the values their enum defines. Blazor's form mapping reads an enum with
/// <c>Enum.TryParse</c>, which takes any number ("Input.Kind=7"), so a hand-made post stored values no page offers and no
/// code handles: a calendar day of kind 7 stopped every later start of the server, a complaint of category 99 answered 500,
/// an agent's presence 9 broke the routing overview. The JSON API refuses such values (<see cref="StrictEnumConverter"/>);
/// this does the same for every page form, in one place, before any page sees the value: the post is answered 400.
/// </summary>
internal sealed class DefinedEnumForms(IFormValueMapper inner) : IFormValueMapper
{
    /// <summary>How deep a posted model is searched (page input models are two or three levels deep).</summary>
    private const int MaxDepth = 6;

    public bool CanMap(Type valueType, string scopeName, string? formName) => inner.CanMap(valueType, scopeName, formName);

    public void Map(FormValueMappingContext context)
    {
        inner.Map(context);
        if (Undefined(context.Result, context.ParameterName, 0) is { } field)
        {
            throw new BadHttpRequestException($"The form field '{field}' has a value that is not one of its choices.", StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>The path of the first enum value <paramref name="value"/> holds that its type does not define, or null.</summary>
    internal static string? Undefined(object? value, string path, int depth)
    {
        if (value is null || depth > MaxDepth) return null;
        var type = value.GetType();
        if (type.IsEnum) return IsDefined(type, value) ? null : path;
        if (type.IsPrimitive || value is string or decimal or DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan or Guid) return null;
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                if (Undefined(item, $"{path}[{i++}]", depth + 1) is { } inner) return inner;
            }
            return null;
        }
        foreach (var property in Readable(type))
        {
            if (Undefined(property.GetValue(value), $"{path}.{property.Name}", depth + 1) is { } inner) return inner;
        }
        return null;
    }

    private static bool IsDefined(Type type, object value)
    {
        if (Enum.IsDefined(type, value)) return true;
        if (type.GetCustomAttribute<FlagsAttribute>() is null) return false;
        // A combination of flags: every bit set must belong to a defined flag.
        var bits = Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        var known = Enum.GetValues(type).Cast<object>().Aggregate(0UL, (all, v) => all | Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture));
        return (bits & ~known) == 0;
    }

    // Only the model's own types are searched: PayDesk's input classes and records.
    private static PropertyInfo[] Readable(Type type) => Properties.GetOrAdd(type, t =>
        t.Assembly == typeof(DefinedEnumForms).Assembly || (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>))
            ? t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray()
            : []);

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>Wraps the form value mapper that <c>AddRazorComponents</c> registered.</summary>
    public static IServiceCollection Decorate(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IFormValueMapper))
            ?? throw new InvalidOperationException("AddRazorComponents registers the form value mapper; call it first.");
        services.Remove(registered);
        services.Add(new ServiceDescriptor(typeof(IFormValueMapper), sp => new DefinedEnumForms(Create(sp, registered)), registered.Lifetime));
        return services;
    }

    private static IFormValueMapper Create(IServiceProvider sp, ServiceDescriptor d) =>
        (IFormValueMapper)(d.ImplementationInstance
            ?? d.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, d.ImplementationType!));
}
