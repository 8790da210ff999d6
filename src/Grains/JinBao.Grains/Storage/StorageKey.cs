using System.Text;

namespace JinBao.Grains.Storage;

/// <summary>
/// A grain's row in <c>orleans_storage</c>, identified exactly as Orleans' ADO.NET provider identifies it (the same
/// columns, hashes and key split), so rows written by either provider are read by the other: a database written
/// before JinBao had its own provider keeps working. Pinned by <c>GrainStorageCompatibilityTests</c>.
/// </summary>
public sealed record StorageKey(int GrainIdHash, int GrainTypeHash, string ServiceId, long N0, long N1, string GrainType, string? Extension)
{
    /// <param name="stateName">The <c>[PersistentState]</c> name, which Orleans passes as the grain type.</param>
    public static StorageKey Of(string serviceId, string stateName, GrainId grainId)
    {
        long n0 = 0, n1 = 0;
        string? extension;
        byte[]? numeric = null;
        if (grainId.TryGetGuidKey(out var guid, out extension))
        {
            var bytes = guid.ToByteArray();
            n0 = BitConverter.ToInt64(bytes, 0);
            n1 = BitConverter.ToInt64(bytes, 8);
            numeric = bytes;
        }
        else if (grainId.TryGetIntegerKey(out var integer, out extension))
        {
            n1 = integer;
            numeric = BitConverter.GetBytes(integer);
        }
        else
        {
            extension = grainId.Key.ToString();
        }

        var hashed = numeric is null ? Encoding.UTF8.GetBytes(extension!) : [.. numeric, .. extension is null ? [] : Encoding.UTF8.GetBytes(extension)];
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(hashed);
        }

        return new StorageKey(
            unchecked((int)StableHash.ComputeHash(hashed)), unchecked((int)StableHash.ComputeHash(Encoding.UTF8.GetBytes(stateName))),
            serviceId, n0, n1, stateName, extension);
    }

    /// <summary>The key columns as the parameters <c>$1 … $7</c> of the statements below, then <paramref name="more"/>.</summary>
    public StatementValue[] Values(params StatementValue[] more) =>
        [GrainIdHash, GrainTypeHash, ServiceId, N0, N1, GrainType, StatementValue.Text(Extension), .. more];

    private const string Match = """
        grainidhash = $1 AND graintypehash = $2 AND serviceid = $3 AND grainidn0 = $4 AND grainidn1 = $5
          AND graintypestring = $6 AND grainidextensionstring IS NOT DISTINCT FROM $7
        """;

    public const string Read = $"SELECT payloadbinary, version FROM orleans_storage WHERE {Match}";

    /// <summary>A first write of the payload <c>$8</c>: raises (SQLSTATE JB409) when the row exists, so the batch's other writes go again without it.</summary>
    public const string Insert = """
        WITH written AS (
            INSERT INTO orleans_storage (grainidhash, graintypehash, serviceid, grainidn0, grainidn1,
                graintypestring, grainidextensionstring, payloadbinary, version, modifiedon)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, now())
            ON CONFLICT DO NOTHING
            RETURNING 1)
        SELECT jinbao_expect_state_written((SELECT count(*) FROM written))
        """;

    /// <summary>A compare-and-set of the payload <c>$8</c> on the version <c>$9</c>; raises (SQLSTATE JB409) when another version is stored.</summary>
    public const string Update = $"""
        WITH written AS (
            UPDATE orleans_storage SET payloadbinary = $8, version = version + 1, modifiedon = now()
            WHERE {Match} AND version = $9
            RETURNING 1)
        SELECT jinbao_expect_state_written((SELECT count(*) FROM written))
        """;
}
