using System.Text.Json;


namespace JinBao.Exchange;

/// <summary>The JSON shapes of the exchange: the document envelope on the wire, and the payloads inside it.</summary>
public static class ExchangeJson
{
    /// <summary>The envelope: camelCase; a missing or null required field is a malformed document, not a default.</summary>
    public static JsonSerializerOptions Wire { get; } = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Payloads: the same conventions as stored grain state (camelCase, kebab-case enums).</summary>
    public static JsonSerializerOptions Payload { get; } = JinBaoJson.Configure(new JsonSerializerOptions
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    });

    /// <summary>Reads a payload; a payload that does not fit its type is refused like any other malformed document.</summary>
    /// <exception cref="Errors.JinBaoException">The payload is not valid JSON for <typeparamref name="T"/>.</exception>
    public static T Read<T>(ExchangeDocument document)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(document.Payload, Payload)
                ?? throw new JsonException("null payload");
        }
        catch (JsonException exception)
        {
            throw new Errors.JinBaoException(Errors.ErrorKind.InvalidInput, "document-payload-invalid",
                $"The {document.Type} payload of document {document.DocumentId} is not valid: {exception.Message}");
        }
    }

    /// <summary>A new unsigned document with <paramref name="payload"/> serialised.</summary>
    public static OutgoingDocument Create<T>(DocumentId documentId, string type, string receiver, string citizenId, string? transferId, T payload, DateTimeOffset now) =>
        new(documentId, type, receiver, citizenId, transferId, JsonSerializer.Serialize(payload, Payload),
            DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()));
}
