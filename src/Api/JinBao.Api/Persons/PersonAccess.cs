using JinBao.Api.Audit;
using JinBao.Api.Auth;
using JinBao.Api.Errors;
using JinBao.Errors;
using JinBao.Persons;
using JinBao.Primitives;

using Microsoft.AspNetCore.Http.HttpResults;

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

    /// <summary>The agency a change for this person must come from: the city insuring them now (or the person, for their own).</summary>
    public static bool IsInsuringCity(this Caller caller, PersonRecord record) =>
        caller.Kind == CallerKind.Person ? caller.Self == record.CitizenId : record.InsuringCity == caller.Region;

    /// <summary>404 when the caller may not see the person, 403 when it is not the city insuring them now; else null.</summary>
    public static async Task<ProblemHttpResult?> InsuringCityOnlyAsync(this IClusterClient cluster, Caller caller, CitizenId id, HttpContext http, string what)
    {
        var record = await cluster.LoadVisibleAsync(caller, id, http);
        if (record is null)
        {
            return Problems.PersonNotFound();
        }

        return caller.IsInsuringCity(record)
            ? null
            : Problems.Forbidden("not-insuring-city", $"{what} by the city insuring the person now ({record.InsuringCity.Value}), not by {caller.Region.Value}.");
    }
}
