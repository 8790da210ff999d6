using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace JinBao.Api.Errors;

/// <summary>Reads a JSON error's path against the route's body type, as the serializer sees it.</summary>
internal static partial class JsonBodyFields
{
    /// <summary>
    /// True when the last segment of <paramref name="path"/> (<c>$.lines[0].discountFen</c>) names no property of the body
    /// at that place: the serializer refused an unknown field, rather than a known field's value.
    /// </summary>
    /// <remarks>Decided from the types, not from the exception's English message, which also names .NET types.</remarks>
    public static bool IsUnknown(HttpContext context, string path)
    {
        // The exception handler runs with the endpoint cleared; its feature keeps the endpoint that failed.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var type = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var segments = PathSegment().Matches(path).ToList();
        if (type is null || segments.Count == 0 || string.Concat(segments.Select(m => m.Value)) != path[1..])
        {
            return false; // no JSON body here, or a path this reading does not follow
        }

        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var comparison = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        for (var i = 0; i < segments.Count; i++)
        {
            var info = options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
            if (segments[i].Groups["index"].Success || info.Kind == JsonTypeInfoKind.Dictionary)
            {
                if (info.ElementType is null)
                {
                    return false;
                }

                type = info.ElementType;
                continue;
            }

            if (info.Kind != JsonTypeInfoKind.Object)
            {
                return false;
            }

            var name = segments[i].Groups["name"].Success ? segments[i].Groups["name"].Value : segments[i].Groups["quoted"].Value;
            var property = info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, comparison));
            if (property is null)
            {
                return i == segments.Count - 1;
            }

            type = property.PropertyType;
        }

        return false;
    }

    // System.Text.Json's paths: $.name, $['name with . or space'], $[0].
    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>.*?)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
