using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayDesk.Infrastructure.Http;

/// <summary>
/// Reads JSON numbers (or numbers in strings, as web clients send them) into doubles, refusing
/// "NaN", "Infinity" and numbers too large for a double. Without it "NaN" is accepted from a
/// string, slips past range checks (every comparison with NaN is false) and fails later, when it
/// is written back as JSON or into the database.
/// </summary>
internal sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        double value;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetDouble(out value):
                break;
            case JsonTokenType.String when double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value):
                break;
            default:
                // No message: the serializer then names the JSON path, and the error handler the field.
                throw new JsonException();
        }
        if (!double.IsFinite(value)) throw new JsonException();
        return value;
    }

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
