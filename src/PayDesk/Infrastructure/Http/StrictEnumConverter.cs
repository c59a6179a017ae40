using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayDesk.Infrastructure.Http;

/// <summary>
/// Enum values as snake_case names (<see cref="JsonStringEnumConverter"/>), one value per field: System.Text.Json reads a
/// comma-separated list ("chat,email") as the bitwise OR of its values for any enum, so a priority of "normal, high"
/// became urgent and a channel of "chat,email" became app (found by an outside probe). For enums that are not [Flags]
/// such a list is refused, which the API answers with a 400.
/// </summary>
internal sealed class StrictEnumConverter : JsonConverterFactory
{
    private readonly JsonStringEnumConverter _names = new(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false);

    public override bool CanConvert(Type typeToConvert) => _names.CanConvert(typeToConvert);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var names = _names.CreateConverter(typeToConvert, options);
        if (typeToConvert.IsDefined(typeof(FlagsAttribute), inherit: false)) return names;
        return (JsonConverter?)Activator.CreateInstance(typeof(OneValue<>).MakeGenericType(typeToConvert), names);
    }

    /// <summary>
    /// The OpenAPI document's enum values: the document reads them from System.Text.Json's own enum converter, which this
    /// one wraps, so they are written here as that converter would (snake_case names, and null for an optional field).
    /// </summary>
    public static Task DescribeAsync(Microsoft.OpenApi.OpenApiSchema schema, Microsoft.AspNetCore.OpenApi.OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        if (Values(type) is { } values && schema.Enum is not { Count: > 0 }) schema.Enum = values;
        // A list of values (notify: ["sms", "email"]): its items.
        var element = type.IsArray ? type.GetElementType()
            : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        if (element is not null && type != typeof(string) && Values(element) is { } items && schema.Items is not Microsoft.OpenApi.OpenApiSchema { Enum.Count: > 0 })
        {
            schema.Items = new Microsoft.OpenApi.OpenApiSchema { Enum = items };
        }
        return Task.CompletedTask;
    }

    private static List<System.Text.Json.Nodes.JsonNode>? Values(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        // A [Flags] enum keeps System.Text.Json's own converter and schema (a string; lists are its point).
        if (!underlying.IsEnum || underlying.IsDefined(typeof(FlagsAttribute), inherit: false)) return null;
        var values = Enum.GetNames(underlying).Select(n => (System.Text.Json.Nodes.JsonNode?)System.Text.Json.Nodes.JsonValue.Create(JsonNamingPolicy.SnakeCaseLower.ConvertName(n))).ToList();
        if (underlying != type) values.Add(null);
        return values!;
    }

    private sealed class OneValue<T>(JsonConverter<T> names) : JsonConverter<T>
        where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Refuse(ref reader);
            return names.Read(ref reader, typeToConvert, options);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => names.Write(writer, value, options);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Refuse(ref reader);
            return names.ReadAsPropertyName(ref reader, typeToConvert, options);
        }

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            names.WriteAsPropertyName(writer, value, options);

        private static void Refuse(ref Utf8JsonReader reader)
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) return;
            var list = reader.ValueIsEscaped ? reader.GetString()!.Contains(',') : reader.ValueSpan.IndexOf((byte)',') >= 0;
            if (list) throw new JsonException($"One {typeof(T).Name} value is expected, not a list.");
        }
    }
}
