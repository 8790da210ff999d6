using JinBao.Primitives;

namespace JinBao.Testing;

/// <summary>Valid, distinct synthetic citizen ids for tests (distinct per run so tests never share a person).</summary>
public static class TestPeople
{
    private static int _sequence = Random.Shared.Next(0, 400);

    /// <summary>A new valid id: odd sequence (male) unless <paramref name="female"/>.</summary>
    public static CitizenId Next(int birthYear = 1985, bool female = false, string addressCode = "440304")
    {
        var n = Interlocked.Increment(ref _sequence);
        var birth = new DateOnly(birthYear, 1, 1).AddDays(n % 365);
        var sequence = ((n * 2) % 998) + (female ? 2 : 1);
        return CitizenId.Create(addressCode, birth, sequence);
    }
}
