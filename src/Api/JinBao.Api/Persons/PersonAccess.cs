using JinBao.Api.Audit;
using JinBao.Api.Auth;
using JinBao.Errors;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Api.Persons;

internal static class PersonAccess
{
    /// <summary>
    /// The person's record when the caller may see it; null both when no such person is enrolled and when the person
    /// is outside the caller's scope, so the two cannot be told apart.
    /// </summary>
    public static async Task<PersonRecord?> LoadVisibleAsync(this IClusterClient cluster, Caller caller, CitizenId id, HttpContext http)
    {
        http.AuditSubject().CitizenId = id;
        try
        {
            var record = await cluster.GetPersonGrain(id).GetRecordAsync();
            return caller.CanSee(record) ? record : null;
        }
        catch (JinBaoException exception) when (exception.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>The agency a change for this person must come from: the city insuring them now.</summary>
    public static bool IsInsuringCity(this Caller caller, PersonRecord record) => record.InsuringCity == caller.Region;
}
