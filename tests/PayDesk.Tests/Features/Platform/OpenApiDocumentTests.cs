using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Platform;

/// <summary>
/// Generated clients are only right when the OpenAPI document describes, for every operation, the
/// body its handler really binds and the body it really answers with.
/// </summary>
public sealed class OpenApiDocumentTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task Every_operation_documents_the_request_and_response_bodies_its_handler_uses()
    {
        var services = host.Factory.Services;
        var document = JsonNode.Parse(await host.Factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var paths = document["paths"]!.AsObject().ToDictionary(p => Normalise(p.Key), p => p.Value!, StringComparer.Ordinal);
        var problems = new List<string>();
        int requests = 0, responses = 0;

        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = Normalise(Template(endpoint.RoutePattern));
            if (!path.StartsWith("/api/", StringComparison.Ordinal) || endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true) continue;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                var name = $"{method} {path}";
                var operation = paths.GetValueOrDefault(path)?[method.ToLowerInvariant()];
                if (operation is null)
                {
                    problems.Add($"{name}: not in the document");
                    continue;
                }

                // The body the handler binds (IAcceptsMetadata carries the parameter's type).
                var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>();
                if (accepts?.RequestType is { } requestType && accepts.ContentTypes.Any(t => t.Contains("json", StringComparison.Ordinal)))
                {
                    requests++;
                    var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                    Compare(name + " request", requestType, schema, document, json, problems);
                }

                // What it answers with on success.
                foreach (var produces in endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
                             .Where(p => p.StatusCode is >= 200 and < 300 && p.Type is { } t && t != typeof(void) && p.ContentTypes.Any(c => c.Contains("json", StringComparison.Ordinal))))
                {
                    responses++;
                    var schema = operation["responses"]?[produces.StatusCode.ToString()]?["content"]?["application/json"]?["schema"];
                    Compare($"{name} response {produces.StatusCode}", produces.Type!, schema, document, json, problems);
                }
            }
        }

        Assert.True(requests >= 30, $"only {requests} request bodies were checked");
        Assert.True(responses >= 60, $"only {responses} response bodies were checked");
        Assert.True(problems.Count == 0, $"{problems.Count} operations are documented wrongly:\n" + string.Join("\n", problems));
    }

    private static string Template(RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    private static string Normalise(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    /// <summary>The document's schema has exactly the JSON properties the type (de)serialises, recursively one level into collections.</summary>
    private static void Compare(string what, Type type, JsonNode? schema, JsonNode document, JsonSerializerOptions json, List<string> problems)
    {
        var info = json.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
        schema = Resolve(document, schema);
        if (schema is null)
        {
            problems.Add($"{what}: no schema for {type.Name}");
            return;
        }
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                var expected = info.Properties.Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                var documented = (schema["properties"] as JsonObject)?.Select(p => p.Key).Order(StringComparer.Ordinal).ToList() ?? [];
                if (!expected.SequenceEqual(documented))
                {
                    problems.Add($"{what}: binds {type.Name} {{{string.Join(", ", expected)}}} but the document says {{{string.Join(", ", documented)}}}");
                }
                break;
            case JsonTypeInfoKind.Enumerable when info.ElementType is { } element && json.GetTypeInfo(element).Kind == JsonTypeInfoKind.Object:
                Compare(what + " item", element, schema["items"], document, json, problems);
                break;
        }
    }

    private static JsonNode? Resolve(JsonNode document, JsonNode? node)
    {
        for (var i = 0; i < 10 && node is not null; i++)
        {
            if (node["$ref"] is JsonValue reference)
            {
                node = ((string)reference!).TrimStart('#', '/').Split('/').Aggregate((JsonNode?)document, (n, part) => n?[part]);
            }
            else if ((node["oneOf"] ?? node["anyOf"] ?? node["allOf"]) is JsonArray variants)
            {
                node = variants.FirstOrDefault(v => v?["$ref"] is not null || v?["properties"] is not null) ?? variants.FirstOrDefault();
            }
            else
            {
                break;
            }
        }
        return node;
    }
}
