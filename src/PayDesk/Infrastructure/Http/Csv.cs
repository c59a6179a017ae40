using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PayDesk.Infrastructure.Http;

/// <summary>Report exports as RFC 4180 CSV, UTF-8 with a byte-order mark so spreadsheet programs read Chinese correctly.</summary>
internal static class Csv
{
    public static FileContentHttpResult File(string name, IEnumerable<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', header.Select(Escape)).Append("\r\n");
        foreach (var row in rows) text.AppendJoin(',', row.Select(Format).Select(Escape)).Append("\r\n");
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", name + ".csv");
    }

    /// <summary>One column per property of the row record, named in snake_case as in the JSON.</summary>
    public static FileContentHttpResult Records<T>(string name, IEnumerable<T> rows)
    {
        var properties = typeof(T).GetProperties();
        return File(name, properties.Select(p => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)),
            rows.Select(r => properties.Select(p => p.GetValue(r))));
    }

    /// <summary>
    /// Like <see cref="Records{T}"/>, but written to the response as the rows arrive: an export of every row that never
    /// holds them all in memory. Check what may be refused before calling; once streaming starts the status is 200.
    /// </summary>
    public static PushStreamHttpResult Stream<T>(string name, IAsyncEnumerable<T> rows)
    {
        var properties = typeof(T).GetProperties();
        return TypedResults.Stream(async body =>
        {
            await body.WriteAsync(Encoding.UTF8.GetPreamble());
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 16 * 1024, leaveOpen: true);
            await writer.WriteAsync(string.Join(',', properties.Select(p => Escape(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)))) + "\r\n");
            await foreach (var row in rows)
            {
                await writer.WriteAsync(string.Join(',', properties.Select(p => Escape(Format(p.GetValue(row))))) + "\r\n");
            }
            await writer.FlushAsync();
        }, "text/csv; charset=utf-8", name + ".csv");
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (d.Kind == DateTimeKind.Utc ? "Z" : ""),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        Enum e => EnumText.Name(e),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // Cells that a spreadsheet would run as a formula are prefixed (CSV injection).
    private static string Escape(string cell)
    {
        if (cell.Length > 0 && "=+-@\t\r".Contains(cell[0]) && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) cell = "'" + cell;
        return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
    }

    /// <summary>Splits one CSV line (quotes, doubled quotes) for imports.</summary>
    public static List<string> SplitLine(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(ch);
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
