using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

using JinBao.Api.Audit;
using JinBao.Api.Errors;
using JinBao.Api.Medical;
using JinBao.Primitives;
using JinBao.Transfers;

using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace JinBao.Api.Validation;

/// <summary>Marks a request body the API validates (DataAnnotations on its properties, plus <see cref="IValidatableObject"/>).</summary>
public interface IApiRequest;

/// <summary>A request body that names a person, so the audit trail can record whom it concerned even on a replay.</summary>
public interface ICitizenRequest : IApiRequest
{
    string? CitizenId { get; }
}

/// <summary>
/// The first filter of every /api/v1 route: route values and bodies are checked before anything is authorised, audited
/// or executed, so a malformed request is a 400 with field errors that leaves no trace but a log line.
/// </summary>
/// <remarks>
/// Hand-written rather than <c>AddValidation()</c> because its place in the filter order must be first and certain,
/// and because field errors must carry our JSON names and domain error codes.
/// </remarks>
internal sealed class RequestValidationFilter : IEndpointFilter
{
    private const int MaxLimit = 1000;

    private const string ControlCharacterError = "control-character: text without control characters (NUL, escape…); only a body's text may hold tabs and line breaks.";

    // Per body type, its properties under their JSON names: read once, not by reflection on every request.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Dictionary<string, (PropertyInfo Property, string JsonName)>> BodyProperties = new();

    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var routeValues = context.HttpContext.Request.RouteValues;
        Check(errors, "citizenId", routeValues, text => CitizenIdNumberAttribute.Check(text));
        // 36 characters exactly: Guid parsing would take " <id> " for the id, so the audit would name a route value never sent.
        Check(errors, "transferId", routeValues, text => text is { Length: 36 } && TransferId.TryParse(text, out _) ? null : "transfer-id-format: a transfer id is a GUID, e.g. 3f2504e0-4f89-11d3-9a0c-0305e82c3301.");
        Check(errors, "city", routeValues, text => RegionCodeValueAttribute.Check(text, cityOnly: true));
        Check(errors, "settlementId", routeValues, text => Regex.IsMatch(text ?? "", MedicalRoutes.SettlementIdPattern) ? null : MedicalRoutes.SettlementIdError);
        Check(errors, "filingId", routeValues, text => text is { Length: > 0 and <= 100 } ? null : "filing-id-format: 1–100 characters.");
        Check(errors, "period", routeValues, text => YearMonth.TryParse(text, out _) ? null : "period-format: a month written yyyy-MM.");
        Check(errors, "careProvince", routeValues, text => RegionCode.TryParse(text, out var province) && province.IsProvince ? null : "province-code: a province code of the catalogue, e.g. 510000.");
        Check(errors, "province", routeValues, text => RegionCode.TryParse(text, out var province) && province.IsProvince ? null : "province-unknown: a province code of the catalogue, e.g. 440000 for Guangdong.");
        Check(errors, "month", routeValues, text => YearMonth.TryParse(text, out _) ? null : "month-format: a month written yyyy-MM, e.g. 2027-01.");
        Check(errors, "documentNumber", routeValues, text => text is { Length: > 0 and <= 40 } && text.All(char.IsAsciiLetterOrDigit) ? null : "document-number-format: the number printed on the document, letters and digits.");

        // A documented limit is enforced, not silently truncated or clamped.
        var request = context.HttpContext.Request;
        var purpose = AuditFilter.StatedPurpose(request);
        if (purpose.Length > AuditFilter.MaxPurposeLength)
        {
            errors[AuditFilter.PurposeHeader] = [$"purpose-too-long: state the purpose in at most {AuditFilter.MaxPurposeLength} characters."];
        }
        else if (purpose.Any(char.IsControl))
        {
            // Decoded from %-escapes, a purpose could hold a NUL, which PostgreSQL text refuses: the audit row could not be
            // written and every such request would fail 503; line breaks would forge lines of the audit export.
            errors[AuditFilter.PurposeHeader] = ["purpose-control-character: state the purpose as one line of text, without control characters."];
        }

        foreach (var (name, value) in routeValues.Select(v => (v.Key, v.Value as string)).Concat(request.Query.Select(q => (q.Key, (string?)q.Value.ToString()))))
        {
            if (value?.Any(char.IsControl) == true)
            {
                errors[name] = [ControlCharacterError];
            }
        }

        if (request.Query.TryGetValue("limit", out var limit) && !(int.TryParse(limit, out var count) && count is >= 1 and <= MaxLimit))
        {
            errors["limit"] = [$"limit-range: a whole number from 1 to {MaxLimit}."];
        }

        var bodies = context.Arguments.OfType<IApiRequest>().ToList();
        if (bodies.Count > 0 && !IsJson(request.ContentType))
        {
            // The framework also reads application/*+json; the API documents application/json and takes nothing else.
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type", "Send the body as application/json.");
        }

        foreach (var body in bodies)
        {
            Validate(body, context.HttpContext, errors);
        }

        return errors.Count > 0 ? Problems.Validation(errors) : await next(context);
    }

    /// <summary>
    /// DataAnnotations on each property, then <see cref="IValidatableObject"/> when they pass (as
    /// <see cref="Validator.TryValidateObject(object, ValidationContext, ICollection{ValidationResult}?, bool)"/> does), with the
    /// JSON name as the display name, so messages say <c>declaredBaseFen</c> rather than the C# <c>DeclaredBaseFen</c>.
    /// </summary>
    private static void Validate(IApiRequest request, HttpContext httpContext, Dictionary<string, string[]> errors)
    {
        var properties = BodyProperties.GetOrAdd(request.GetType(), static (type, services) =>
            services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions.GetTypeInfo(type).Properties
                .Where(p => p.AttributeProvider is PropertyInfo)
                .ToDictionary(p => ((PropertyInfo)p.AttributeProvider!).Name, p => ((PropertyInfo)p.AttributeProvider!, p.Name), StringComparer.Ordinal),
            httpContext.RequestServices);
        string JsonName(string member) =>
            member.Length == 0 ? "$" : properties.TryGetValue(member, out var known) ? known.JsonName : JsonNamingPolicy.CamelCase.ConvertName(member);

        var results = new List<ValidationResult>();
        foreach (var (member, (property, jsonName)) in properties)
        {
            var propertyContext = new ValidationContext(request, httpContext.RequestServices, null) { MemberName = member, DisplayName = jsonName };
            Validator.TryValidateProperty(property.GetValue(request), propertyContext, results);
        }

        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        foreach (var field in FieldsWithControlCharacters(request, "", options, depth: 0))
        {
            results.Add(new ValidationResult(ControlCharacterError, [field]));
        }

        if (results.Count == 0 && request is IValidatableObject validatable)
        {
            results.AddRange(validatable.Validate(new ValidationContext(request, httpContext.RequestServices, null)));
        }

        foreach (var result in results)
        {
            foreach (var member in result.MemberNames.DefaultIfEmpty(""))
            {
                var field = JsonName(member);
                errors[field] = [.. errors.GetValueOrDefault(field) ?? [], result.ErrorMessage ?? "invalid"];
            }
        }
    }

    /// <summary>
    /// The JSON paths of the body's strings (nested objects and lists included) that hold a control character other than a
    /// tab or a line break. PostgreSQL refuses a NUL in text and jsonb, so such a value used to fail only where it was
    /// stored (500, or a 503 asking for a retry that could never succeed); the others are no text anyone writes.
    /// </summary>
    private static IEnumerable<string> FieldsWithControlCharacters(object? value, string path, JsonSerializerOptions options, int depth)
    {
        if (value is string text)
        {
            return text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')) ? [path] : [];
        }

        if (value is null || depth > options.MaxDepth)
        {
            return [];
        }

        var info = options.GetTypeInfo(value.GetType());
        return info.Kind switch
        {
            JsonTypeInfoKind.Object => info.Properties.Where(p => p.Get is not null)
                .SelectMany(p => FieldsWithControlCharacters(p.Get!(value), path.Length == 0 ? p.Name : $"{path}.{p.Name}", options, depth + 1)),
            JsonTypeInfoKind.Enumerable => ((System.Collections.IEnumerable)value).Cast<object?>()
                .SelectMany((item, i) => FieldsWithControlCharacters(item, $"{path}[{i}]", options, depth + 1)),
            _ => [],
        };
    }

    private static void Check(Dictionary<string, string[]> errors, string name, RouteValueDictionary values, Func<string?, string?> check)
    {
        if (values.TryGetValue(name, out var value) && check(value as string) is { } error)
        {
            errors[name] = [error];
        }
    }
}
