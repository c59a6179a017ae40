using Mono.Cecil;
using Mono.Cecil.Cil;

namespace PayDesk.Tests.Architecture;

/// Reads the compiled PayDesk.dll once (Mono.Cecil, IL level) and answers "who calls what" and
/// "who depends on whom". Compiler-generated nested types (async state machines, lambda display
/// classes, Razor's generated helpers) count for their outermost declaring type's namespace.
internal static class CompiledCode
{
    private static readonly Lazy<ModuleDefinition> LazyModule = new(() =>
    {
        var location = typeof(PayDesk.Infrastructure.PayDeskHost).Assembly.Location;
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(location)!);
        return AssemblyDefinition.ReadAssembly(location, new ReaderParameters { AssemblyResolver = resolver }).MainModule;
    });

    private static readonly Lazy<IReadOnlyList<TypeDefinition>> LazyTypes = new(() => LazyModule.Value.GetTypes().ToList());

    public static IReadOnlyList<TypeDefinition> Types => LazyTypes.Value;

    public static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    /// The namespace a type counts for: its outermost declaring type's namespace.
    public static string NamespaceOf(TypeReference type) => Outermost(type).Namespace;

    /// Full name in reflection style (Outer+Inner) so messages read like stack traces.
    public static string Display(TypeReference type) => type.FullName.Replace('/', '+');

    public static bool IsInNamespace(string ns, string root) =>
        ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

    /// Pages: any namespace segment "Pages", plus the shared Blazor components.
    public static bool IsPage(TypeReference type)
    {
        var ns = NamespaceOf(type);
        return ns.EndsWith(".Pages", StringComparison.Ordinal) || ns.Contains(".Pages.", StringComparison.Ordinal)
            || IsInNamespace(ns, "PayDesk.Components");
    }

    /// "PayDesk.Features.Channels.Chat" → "Channels"; null outside Features.
    public static string? FeatureOf(TypeReference type)
    {
        var parts = NamespaceOf(type).Split('.');
        return parts.Length >= 3 && parts[0] == "PayDesk" && parts[1] == "Features" ? parts[2] : null;
    }

    public static IEnumerable<(MethodDefinition Method, MethodReference Callee)> Calls(TypeDefinition type)
    {
        foreach (var method in type.Methods.Where(m => m.HasBody))
            foreach (var instruction in method.Body.Instructions)
                if (instruction.Operand is MethodReference callee)
                    yield return (method, callee);
    }

    /// Every type a type uses: base type, interfaces, attributes, fields, properties, events, signatures,
    /// locals, and every type, method and field referenced from its method bodies (generic args included).
    public static IEnumerable<TypeReference> Dependencies(TypeDefinition type)
    {
        var direct = new List<TypeReference?>();
        direct.Add(type.BaseType);
        direct.AddRange(type.Interfaces.Select(i => i.InterfaceType));
        direct.AddRange(AttributeTypes(type));
        foreach (var field in type.Fields) { direct.Add(field.FieldType); direct.AddRange(AttributeTypes(field)); }
        foreach (var property in type.Properties) { direct.Add(property.PropertyType); direct.AddRange(AttributeTypes(property)); }
        foreach (var @event in type.Events) direct.Add(@event.EventType);
        foreach (var method in type.Methods)
        {
            direct.AddRange(Signature(method));
            direct.AddRange(AttributeTypes(method));
            direct.AddRange(method.Parameters.SelectMany(AttributeTypes));
            if (!method.HasBody) continue;
            direct.AddRange(method.Body.Variables.Select(v => v.VariableType));
            foreach (var instruction in method.Body.Instructions)
                direct.AddRange(OperandTypes(instruction));
        }
        return direct.SelectMany(Flatten);
    }

    private static IEnumerable<TypeReference?> OperandTypes(Instruction instruction) => instruction.Operand switch
    {
        TypeReference t => [t],
        MethodReference m => Signature(m),
        FieldReference f => [f.DeclaringType, f.FieldType],
        _ => [],
    };

    private static IEnumerable<TypeReference?> Signature(MethodReference method)
    {
        yield return method.DeclaringType;
        yield return method.ReturnType;
        foreach (var parameter in method.Parameters) yield return parameter.ParameterType;
        if (method is GenericInstanceMethod generic)
            foreach (var argument in generic.GenericArguments) yield return argument;
    }

    private static IEnumerable<TypeReference?> AttributeTypes(ICustomAttributeProvider provider)
    {
        if (!provider.HasCustomAttributes) yield break;
        foreach (var attribute in provider.CustomAttributes)
        {
            yield return attribute.AttributeType;
            // typeof(X) arguments, e.g. [Authorize] policies are strings but [LayoutAttribute(typeof(MainLayout))] is a type.
            foreach (var argument in attribute.ConstructorArguments.Concat(attribute.Properties.Select(p => p.Argument)))
                if (argument.Value is TypeReference t) yield return t;
        }
    }

    /// Generic instances, arrays, by-refs and modifiers unwrap to the named types inside them.
    public static IEnumerable<TypeReference> Flatten(TypeReference? type)
    {
        switch (type)
        {
            case null or GenericParameter:
                yield break;
            case GenericInstanceType generic:
                foreach (var t in Flatten(generic.ElementType)) yield return t;
                foreach (var t in generic.GenericArguments.SelectMany(Flatten)) yield return t;
                break;
            case FunctionPointerType:
                yield break;
            case TypeSpecification specification:
                foreach (var t in Flatten(specification.ElementType)) yield return t;
                break;
            default:
                yield return type;
                break;
        }
    }

    /// True for EF Core's DbContext and anything deriving from it (AppDbContext, its provider subclasses).
    public static bool IsDbContext(TypeReference type)
    {
        for (TypeReference? current = type; current is not null;)
        {
            if (current.FullName == "Microsoft.EntityFrameworkCore.DbContext") return true;
            TypeDefinition? definition;
            try { definition = current.Resolve(); }
            catch (AssemblyResolutionException) { definition = null; }
            if (definition is null) return current.Name.Split('`')[0].EndsWith("DbContext", StringComparison.Ordinal);
            current = definition.BaseType;
        }
        return false;
    }
}
